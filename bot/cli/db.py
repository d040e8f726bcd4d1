"""`coach db upgrade`: create or migrate the database schema (Alembic, through the container)."""

from __future__ import annotations

import typer

from bot.cli.common import console, container

db_app = typer.Typer(help="Database schema.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database to the newest schema."""
    c = container()
    c.migrate()
    console.print(f"Database is up to date ({c.settings.db_url.split('://', 1)[0]}).")
