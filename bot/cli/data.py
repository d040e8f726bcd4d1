"""`coach export`, `coach import` and `coach data retention`: backups, moving databases, and blanking old
question text (bot.store.backup, bot.store.retention)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bot.cli.common import console, container, err
from bot.errors import UserError

data_app = typer.Typer(help="The bot's stored data: retention of question text.", no_args_is_help=True)


def _write_private(path: Path, write) -> dict[str, int]:
    """Write through a temporary file created with mode 0600 beside ``path``, then rename it into place, so
    the file is never readable by others and a failed export leaves no half-written backup behind."""
    path = path.expanduser()
    if path.is_dir():
        raise UserError(f"{path} is a folder; give a file name, e.g. {path / 'coach-export.json'}.")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise UserError(f"Cannot write to {path.parent}: {exc.strerror}.") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            counts = write(out)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return counts


def _print_counts(counts: dict[str, int], out: Console) -> None:
    width = max((len(name) for name in counts), default=0)
    for name, n in counts.items():
        out.print(f"  {name:<{width}}  {n:>8}", highlight=False)


def export_command(output: Annotated[Path | None, typer.Option("--output", "-o", help=(
        "Write to this file (created with mode 0600) instead of standard output"))] = None) -> None:
    """Export the bot's data as JSON, for a backup or a move to another database.

    Conversations, usage, feedback, roles, audits, surveys, KPIs, OKRs, nudges and Slack OAuth installations:
    the file holds Slack installation tokens when OAuth is used, so keep it secret. The knowledge index is not
    included: `coach ingest` re-builds it."""
    from bot.store.backup import export_data

    c = container()
    c.session_factory  # noqa: B018 -- refuses an un-migrated database with the command that fixes it
    if output is None:
        counts = export_data(c.engine, sys.stdout)
        sys.stdout.flush()
        err.print(f"Exported {sum(counts.values())} rows from {len(counts)} tables.", highlight=False)
        return
    counts = _write_private(output, lambda out: export_data(c.engine, out))
    console.print(f"Exported {sum(counts.values())} rows from {len(counts)} tables to {output} (mode 0600; it "
                  "holds Slack installation tokens if OAuth is used):", highlight=False)
    _print_counts(counts, console)


def import_command(file: Annotated[Path, typer.Argument(help="A file written by `coach export`")],
                   replace: Annotated[bool, typer.Option("--replace", help=(
                       "Delete the rows already in the file's tables first (in the same transaction)"))] = False
                   ) -> None:
    """Import a `coach export` file into this database, all or nothing.

    The database must be migrated (`coach db upgrade`) and empty in the file's tables, unless --replace.
    Run `coach ingest` afterwards if this database has no knowledge index yet."""
    from bot.store.backup import import_data

    counts = import_data(container().engine, file, replace=replace)
    console.print(f"Imported {sum(counts.values())} rows into {len(counts)} tables:", highlight=False)
    _print_counts(counts, console)


@data_app.command("retention")
def retention(dry_run: Annotated[bool, typer.Option("--dry-run", help="Only count what would be blanked")] = False,
              days: Annotated[int | None, typer.Option(min=1, max=3650, help=(
                  "Blank text older than this many days (default: COACH_QUESTION_RETENTION_DAYS)"))] = None) -> None:
    """Blank question, answer and comment text older than the retention period.

    The rows (and the counts, KPIs and gap statistics built on them) stay. While it runs, the bot does this
    daily when COACH_QUESTION_RETENTION_DAYS is set."""
    from bot.clock import utcnow
    from bot.store.retention import QuestionRetention

    c = container()
    service = QuestionRetention(c.uow, days if days is not None else c.settings.question_retention_days)
    if not service.enabled:
        console.print("Retention is off (COACH_QUESTION_RETENTION_DAYS=0 keeps question text forever); "
                      "pass --days N to blank text older than N days once.")
        return
    now = utcnow()
    counts = service.run(dry_run=dry_run, now=now)
    verb = "Would blank" if dry_run else "Blanked"
    console.print(f"{verb} the text of {sum(counts.values())} rows older than {service.days} days "
                  f"(before {service.cutoff(now):%Y-%m-%d %H:%M} UTC):", highlight=False)
    _print_counts(counts, console)
