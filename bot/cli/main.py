"""The `coach` console script: the Typer app with every command and sub-app, and `main()`, which turns a
UserError into one red line and exit code 2. Commands are registered here, in the order `coach --help`
lists them; they live in one module per feature."""

from __future__ import annotations

import logging
import sys

import typer
from rich.markup import escape

from bot.cli.adoption import adoption_app, directory_app
from bot.cli.answers import ask, chat, doctor, evaluate, ingest
from bot.cli.audit import audit_app
from bot.cli.common import close_containers, err
from bot.cli.data import data_app, export_command, import_command
from bot.cli.db import db_app
from bot.cli.feedback import feedback_app
from bot.cli.kpis import kpi_app, okr_app
from bot.cli.nudges import nudge_app
from bot.cli.roles import roles_app
from bot.cli.run import run
from bot.cli.slack import slack_app
from bot.cli.surveys import survey_app
from bot.cli.teach import teach
from bot.cli.web import web
from bot.errors import UserError

app = typer.Typer(name="coach", help="adoption coach: answers, audits, surveys and KPI nudges for AI rollouts.",
                  no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False)
for name, command in (("ingest", ingest), ("ask", ask), ("chat", chat), ("doctor", doctor), ("eval", evaluate),
                      ("teach", teach), ("run", run), ("web", web), ("export", export_command), ("import", import_command)):
    app.command(name)(command)
for name, sub_app in (("db", db_app), ("roles", roles_app), ("feedback", feedback_app), ("audit", audit_app),
                      ("survey", survey_app), ("kpi", kpi_app), ("okr", okr_app), ("nudge", nudge_app),
                      ("directory", directory_app), ("adoption", adoption_app), ("data", data_app),
                      ("slack", slack_app)):
    app.add_typer(sub_app, name=name)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app()
    except UserError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    finally:
        close_containers()


if __name__ == "__main__":
    main()
