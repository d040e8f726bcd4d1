"""`coach roles grant|revoke|list`: who is admin, hr or manager, on the same RoleService as the Slack app."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import Annotated

import typer
from rich.table import Table

from bot.cli.common import author, console, container

roles_app = typer.Typer(help="Who is admin, hr or manager (everyone is an employee).", no_args_is_help=True)


@roles_app.command("grant")
def roles_grant(user: Annotated[str, typer.Argument(help="Slack user ID, e.g. U012AB3CD")],
                role: Annotated[str, typer.Argument(help="admin, hr or manager")]) -> None:
    """Give a role to a Slack user."""
    if container().roles.grant(user, role, author()):
        console.print(f"Granted {role.lower()} to {user.upper()}.")
    else:
        console.print(f"{user.upper()} already has {role.lower()}.")


@roles_app.command("revoke")
def roles_revoke(user: Annotated[str, typer.Argument(help="Slack user ID")],
                 role: Annotated[str, typer.Argument(help="admin, hr or manager")]) -> None:
    """Take back a role given with `coach roles grant`."""
    if container().roles.revoke(user, role):
        console.print(f"Revoked {role.lower()} from {user.upper()}.")
    else:
        console.print(f"{user.upper()} did not have {role.lower()}; nothing changed.")


@roles_app.command("list")
def roles_list(as_json: Annotated[bool, typer.Option("--json", help="One JSON array")] = False) -> None:
    """Everyone with a role, and where the role comes from."""
    entries = container().roles.entries()
    if as_json:
        sys.stdout.write(json.dumps([asdict(e) for e in entries], default=str) + "\n")
        return
    if not entries:
        console.print("No roles yet: set COACH_ADMINS or run `coach roles grant USER admin`.")
        return
    table = Table("user", "role", "from", "granted by", "when")
    for e in entries:
        when = e.granted_at.strftime("%Y-%m-%d %H:%M") if e.granted_at else ""
        table.add_row(e.user_id, e.role, e.source, e.granted_by, when)
    console.print(table)
