"""First run on the embedded default (SQLite and embedded Chroma under the data dir): `coach run`, `ask` and
`chat` create or migrate the database and index the knowledge base themselves, each step said in one line
on standard error (standard output stays the command's: `ask --json` prints JSON only). Against a database
server (PostgreSQL) or a Chroma server they do not: there, migrating and ingesting are the operator's steps
(`coach db upgrade`, `coach ingest`), and an unmigrated database is refused with that fix. Also the ingest
with its progress bar, which `coach ingest` shares."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

from bot.cli.db import migrate
from bot.container import Container
from bot.errors import UserError
from bot.ingest.indexer import IngestReport, discover
from bot.store import db


def embedded(c: Container) -> bool:
    """Everything lives under the data dir: a SQLite database and Chroma's embedded store. (A malformed
    COACH_DATABASE_URL is a one-line UserError here.)"""
    return c.settings.chroma_url is None and c.engine.url.get_backend_name() == "sqlite"


def prepare(c: Container, out: Console) -> None:
    """On the embedded default: migrate a new or older database and index an empty knowledge base, saying so.
    Elsewhere nothing is changed: the database must then be migrated already (one-line error otherwise)."""
    if not embedded(c):
        db.require_migrated(c.engine)
        return
    if db.revision_of(c.engine) != db.head_revision():
        out.print(migrate(c), markup=False, highlight=False, soft_wrap=True)
    with c.uow() as uow:
        _, chunks = uow.documents.counts()
    if chunks:
        return
    folders = c.settings.knowledge_dirs
    missing = [str(d) for d in folders if not d.exists()]
    if missing:
        raise UserError(f"The knowledge base is empty and {', '.join(missing)} does not exist: run coach from the "
                        "project folder, or set COACH_KNOWLEDGE_DIRS to your documents.")
    out.print(f"Indexing the knowledge base ({', '.join(str(d) for d in folders)}) for the first time; this takes "
              "a minute or two, once.", markup=False, highlight=False, soft_wrap=True)
    report = ingest_with_progress(c, folders, False, out)
    for path, reason in report.failed:
        out.print(f"[yellow]skipped[/] {escape(f'{path}: {reason}')}", soft_wrap=True)
    documents = len(report.added)
    out.print(f"Indexed {documents} document{'' if documents == 1 else 's'} ({report.chunks_total} passages); "
              "`coach ingest` picks up later changes.", markup=False, highlight=False, soft_wrap=True)


def ingest_with_progress(container: Container, paths: Sequence[Path], quiet: bool, console: Console) -> IngestReport:
    if quiet or not console.is_terminal:  # piped or logged output gets the summary only, no bar
        return container.indexer.ingest(paths)
    discover(paths)  # a missing path or an unsupported file fails here, before the bar draws anything
    with Progress(TextColumn("[bold]Indexing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.description}", style="dim"), console=console, transient=True) as bar:
        task = bar.add_task("", total=None)

        def update(done: int, total: int, path: str) -> None:
            bar.update(task, completed=done, total=total, description=path)

        return container.indexer.ingest(paths, progress=update)
