"""`coach audit …`: incentive audits from the terminal, on the same service as `/incentive-audit`."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.markdown import Markdown
from rich.table import Table

from bot.cli.common import author, console, container, print_json
from bot.errors import UserError

audit_app = typer.Typer(help="Incentive audits: score each role's metrics and rewards against the three-step "
                             "framework and say what to change.", no_args_is_help=True)


class Format(str, Enum):
    md = "md"
    csv = "csv"
    json = "json"


def _print_report(report, as_json: bool) -> None:
    from bot.audit.render import to_json_text, to_markdown

    if as_json:
        sys.stdout.write(to_json_text(report))
    else:
        console.print(Markdown(to_markdown(report)))


@audit_app.command("run")
def audit_run(
        role: Annotated[list[str] | None,
                        typer.Option("--role", help="A role's name (repeat; pairs with --metric)")] = None,
        metric: Annotated[list[str] | None, typer.Option("--metric", help="That role's current metric(s)")] = None,
        rewards: Annotated[list[str] | None, typer.Option(
            "--rewards", help="How that role is rewarded (one per --role, \"\" where unknown; \"none\" if "
                              "there are none). Left out: scored as unknown")] = None,
        displaced: Annotated[list[str] | None, typer.Option(
            "--displaced", help="The work the AI should remove for that role (one per --role). Left out: "
                                "scored as unknown")] = None,
        ai_workflow: Annotated[list[str] | None, typer.Option(
            "--ai-workflow", help="The AI workflow introduced for that role (one per --role). Left out: "
                                  "scored as unknown")] = None,
        from_file: Annotated[Path | None, typer.Option(
            "--from", help="A YAML file with team and roles (role, metrics, rewards, ai_workflows, "
                           "displaced_work; a key left out: unknown)")] = None,
        team: Annotated[str, typer.Option("--team", help="Team name, for history (with --role)")] = "",
        as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False) -> None:
    """Audit roles and store the result: `--role "Sales rep" --metric "Quota only"` pairs (with --rewards,
    --displaced and --ai-workflow where known), or `--from FILE`. What is not given is scored as unknown."""
    from bot.audit.inputs import AuditInputError, from_pairs
    from bot.audit.inputs import from_file as read_file

    optional = {"rewards": rewards, "displaced_work": displaced, "ai_workflows": ai_workflow}
    try:
        if from_file is not None:
            if role or metric or team or any(optional.values()):
                raise UserError("Use either --from FILE.yaml or --role/--metric pairs (with --team, --rewards, "
                                "--displaced, --ai-workflow), not both.")
            request = read_file(from_file)
        elif role or metric:
            request = from_pairs(team, role or [], metric or [], optional)
        elif any(optional.values()):
            raise UserError('--rewards, --displaced and --ai-workflow describe a --role: give --role "…" '
                            '--metric "…" too.')
        else:
            raise UserError('Give --role "…" --metric "…" pairs, or --from FILE.yaml. '
                            "See `coach audit run --help`.")
    except AuditInputError as exc:
        raise UserError(str(exc)) from exc
    report = container().audits.run(request, author=author()[:64])
    _print_report(report, as_json)
    if not as_json:
        _hint_not_given(report)


def _hint_not_given(report) -> None:
    """After a quick audit with inputs left out: the flags that complete it."""
    from bot.audit.inputs import FLAGS, LABELS

    left = {f for r in report.roles for f in FLAGS if LABELS[f] in r.not_given}
    if left:
        flags = ", ".join(FLAGS[f] for f in FLAGS if f in left)
        console.print(f"Scored as unknown where not given; add {flags} (or use --from FILE.yaml) for a full "
                      "score.", style="dim", highlight=False)


def _no_changes(entry) -> str:
    return "first audit of this team" if entry.team else "no team name: not compared with other audits"


@audit_app.command("list")
def audit_list(team: Annotated[str | None, typer.Option("--team", help="Only this team's audits")] = None,
               limit: Annotated[int, typer.Option(min=1, max=500, help="How many, newest first")] = 20,
               as_json: Annotated[bool, typer.Option("--json", help="One JSON array")] = False) -> None:
    """Past audits of every workspace, newest first, with what changed since the team's previous audit
    (times in UTC)."""
    entries = container().audits.history(team=team, limit=limit)
    if as_json:
        print_json([{"id": e.id, "team": e.team, "author": e.author, "created_at": e.created_at.isoformat(),
                     "score": e.score, "rag": e.rag, "roles": e.role_count, "shared_to": e.shared_to,
                     "changes": e.changes} for e in entries])
        return
    if not entries:
        console.print("No audits yet: run `coach audit run --role \"Sales rep\" --metric \"Quota only\"`.")
        return
    table = Table("id", "when (UTC)", "team", "roles", "score", "rating", "by", "what changed")
    for e in entries:
        table.add_row(str(e.id), e.created_at.strftime("%Y-%m-%d %H:%M"), e.team or "—", str(e.role_count),
                      str(e.score), e.rag, e.author, "\n".join(e.changes) or _no_changes(e))
    console.print(table)


@audit_app.command("show")
def audit_show(audit_id: Annotated[int, typer.Argument(help="The audit's id (see `coach audit list`)")],
               fmt: Annotated[Format, typer.Option("--format", help="md, csv or json")] = Format.md) -> None:
    """Print a stored audit as Markdown, CSV or JSON (redirect to a file to keep it)."""
    from bot.audit.render import render
    from bot.audit.service import AuditNotFound

    try:
        report = container().audits.get(audit_id)
    except AuditNotFound as exc:
        raise UserError(str(exc)) from exc
    sys.stdout.write(render(report, fmt.value))
