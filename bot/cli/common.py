"""What every `coach` command shares: the container (settings errors become one-line UserErrors), the rich
consoles for standard output and standard error (their tables fit the width: bot.cli.tables), the JSON-line
printer, the author name of CLI changes, the refusal of a value after a flag, and the file writer that turns
a path problem into one line instead of a traceback."""

from __future__ import annotations

import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console

from bot.cli.tables import UNLIMITED, FitTables
from bot.config import Settings, settings_problems
from bot.container import Container
from bot.errors import UserError
from bot.tenancy import Tenant, cli_tenant

FLAG_VALUES = {"true", "false", "yes", "no", "on", "off", "1", "0"}


def _console(stderr: bool = False) -> Console:
    """A console whose tables fit (bot.cli.tables). Output that is not a terminal, with no COLUMNS set, is not
    wrapped at 80 columns: a table's rows and each message stay on one line for grep and logs."""
    out = Console(stderr=stderr)
    unlimited = not out.is_terminal and not os.environ.get("COLUMNS", "").isdigit()
    if unlimited:
        out.width = UNLIMITED
    out.push_render_hook(FitTables(unlimited))
    return out


console = _console()
err = _console(stderr=True)


_BUILT: list[Container] = []


def container() -> Container:
    """The composition root for this command, built from COACH_* and SLACK_* settings (closed when the command
    ends: close_containers)."""
    try:
        built = Container(Settings())
    except ValidationError as exc:  # pydantic validation of COACH_* and SLACK_* settings
        raise UserError(f"Invalid configuration: {settings_problems(exc)} (see README, Configuration)") from None
    except ValueError as exc:
        raise UserError(f"Invalid configuration: {exc}".splitlines()[0] + " (see README, Configuration)") from exc
    _BUILT.append(built)
    return built


def close_containers() -> None:
    """Close what the command's containers opened (a command run in-process, as the tests run them, would
    otherwise leave the database's and Chroma's files open)."""
    while _BUILT:
        _BUILT.pop().close()


def author() -> str:
    """Who made a change from the terminal, for the record: `cli:` and the login name."""
    return f"cli:{getpass.getuser()}"


def print_json(data) -> None:
    """One JSON value on one line of standard output, flushed (a reader may be waiting for each line)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def no_flag_value(flag: str, arguments: Sequence[str]) -> None:
    """A flag takes no value, so in `--json true` the `true` lands among the command's arguments: refuse it
    there rather than take it for one (a question named "true")."""
    value = next((a for a in arguments if a.strip().lower() in FLAG_VALUES), None)
    if value is not None:
        raise UserError(f"{flag} is a flag and takes no value: leave out {value!r} after it.")


def write_file(path: Path, write: Callable[[], object]) -> None:
    """Run ``write`` (which writes ``path``); a disk or path problem becomes one line, not a traceback."""
    try:
        write()
    except OSError as exc:
        raise UserError(f"Cannot write {path}: {exc.strerror or exc}.") from None


TeamOpt = Annotated[str | None, typer.Option("--team", help="Slack workspace id (T…): required when the app is "
                                                            "installed in several workspaces (OAuth)")]


def workspace(team: str | None) -> tuple[Container, Tenant]:
    """The container and the workspace whose data the command reads and changes (``--team``)."""
    c = container()
    return c, cli_tenant(c.settings.multi_workspace, team)
