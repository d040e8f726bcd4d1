"""`coach db upgrade`: create or migrate the database schema (Alembic, through the container), and the one
line that says which it did."""

from __future__ import annotations

import typer

from bot.cli.common import console, container
from bot.container import Container
from bot.store import db

db_app = typer.Typer(help="Database schema.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database to the newest schema."""
    console.print(migrate(container()), markup=False, highlight=False)


def migrate(c: Container) -> str:
    """Bring the container's database to the newest migration; what was done, in one sentence."""
    before, after = db.migrate(c.engine, c.settings.db_url)
    where = c.settings.db_url.split("://", 1)[0]
    if before is None:
        return f"Database created ({where}, revision {after})."
    if before != after:
        return f"Database upgraded from revision {before} to {after} ({where})."
    return f"Database is up to date ({where}, revision {after})."
