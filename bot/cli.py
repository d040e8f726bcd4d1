"""The `coach` command line. Every command calls the same services as the Slack app."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console

from bot.config import Settings, settings_problems
from bot.container import Container
from bot.errors import UserError

app = typer.Typer(name="coach", help="adoption coach: answers, audits, surveys and KPI nudges for AI rollouts.",
                  no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
from bot.cli_admin import feedback_app, roles_app  # noqa: E402 -- sub-apps need `app` defined first

app.add_typer(roles_app, name="roles")
app.add_typer(feedback_app, name="feedback")
from bot.cli_audit import audit_app  # noqa: E402

app.add_typer(audit_app, name="audit")
from bot.cli_survey import survey_app  # noqa: E402

app.add_typer(survey_app, name="survey")
from bot.cli_kpi import kpi_app, nudge_app, okr_app  # noqa: E402

app.add_typer(kpi_app, name="kpi")
app.add_typer(okr_app, name="okr")
app.add_typer(nudge_app, name="nudge")
from bot.cli_data import data_app, export_command, import_command  # noqa: E402

app.add_typer(data_app, name="data")
console = Console()
err = Console(stderr=True)


def container() -> Container:
    try:
        return Container(Settings())
    except ValidationError as exc:  # pydantic validation of COACH_* and SLACK_* settings
        raise UserError(f"Invalid configuration: {settings_problems(exc)} (see README, Configuration)") from None
    except ValueError as exc:
        raise UserError(f"Invalid configuration: {exc}".splitlines()[0] + " (see README, Configuration)") from exc


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database to the newest schema."""
    c = container()
    c.migrate()
    console.print(f"Database is up to date ({c.settings.db_url.split('://', 1)[0]}).")


@app.command()
def ingest(paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders; default: COACH_KNOWLEDGE_DIRS")] = None,
           quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar")] = False) -> None:
    """Index Markdown, text, HTML and PDF documents (only what changed is re-embedded)."""
    from bot.cli_views import ingest_with_progress

    c = container()
    report = ingest_with_progress(c, paths or c.settings.knowledge_dirs, quiet, console)
    for path, reason in report.failed:
        err.print(f"[yellow]skipped[/] {path}: {reason}")
    console.print(f"Indexed: {len(report.added)} added, {len(report.updated)} updated, "
                  f"{len(report.unchanged)} unchanged, {len(report.removed)} removed; "
                  f"{report.chunks_embedded} chunks embedded, {report.chunks_total} in the index.")


@app.command()
def ask(questions: Annotated[list[str], typer.Argument(help="One or more questions")],
        as_json: Annotated[bool, typer.Option("--json", help="One JSON object per question per line")] = False) -> None:
    """Answer questions from the knowledge base."""
    from bot.cli_views import print_answer

    service = container().answers
    service.warm_up()  # the model loads before the first question's latency_ms starts counting
    for question in questions:
        answer = service.ask(question)
        if as_json:
            sys.stdout.write(json.dumps(answer.to_json(), ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            print_answer(answer, console)


@app.command()
def chat() -> None:
    """Talk to the coach in the terminal; follow-up questions use the conversation so far."""
    from bot.cli_views import chat_loop

    chat_loop(container().answers, console)


@app.command()
def doctor() -> None:
    """Check configuration, model, index and database."""
    from bot.cli_views import run_doctor

    if not run_doctor(container(), console):
        raise typer.Exit(1)


@app.command("eval")
def evaluate(qa: Annotated[list[Path], typer.Option("--qa", help="QA YAML file or folder (repeatable)")],
             as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON")] = False) -> None:
    """Measure retrieval and answers on a QA set: hybrid, BM25-only and vector-only side by side."""
    from bot.evaluation.qa import load_qa, run_eval
    from bot.evaluation.report import print_report

    items = load_qa(qa)
    results = run_eval(container().answers, items)
    if as_json:
        sys.stdout.write(json.dumps(results, indent=2) + "\n")
    else:
        print_report(results, console)


@app.command()
def run(http: Annotated[bool, typer.Option("--http", help="Serve Slack's HTTP requests instead of Socket Mode")] = False,
        port: Annotated[int, typer.Option(min=0, max=65535, help="Port for --http")] = 3000,
        host: Annotated[str, typer.Option(help="Address for --http")] = "0.0.0.0") -> None:
    """Run the bot: in Slack when Slack tokens are set, otherwise as a local chat in this terminal."""
    c = container()
    if c.settings.slack_configured or http:
        from bot.slack.runner import run_slack

        run_slack(c, http=http, port=port, host=host)
    else:
        console.print("[dim]No SLACK_BOT_TOKEN set: running in local mode (Ctrl-D to quit).[/]")
        from bot.cli_views import chat_loop

        chat_loop(c.answers, console)


# after the commands above, so `coach --help` lists them in this order
app.command("export")(export_command)
app.command("import")(import_command)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app()
    except UserError as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
