"""`coach roles …` and `coach feedback …`: the admin commands, on the same services as the Slack app."""

from __future__ import annotations

import getpass
import json
import sys
from dataclasses import asdict
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

roles_app = typer.Typer(help="Who is admin, hr or manager (everyone is an employee).", no_args_is_help=True)
feedback_app = typer.Typer(help="Feedback and knowledge gaps.", no_args_is_help=True)
console = Console()


def _container():
    from bot.cli import container

    return container()


@roles_app.command("grant")
def roles_grant(user: Annotated[str, typer.Argument(help="Slack user ID, e.g. U012AB3CD")],
                role: Annotated[str, typer.Argument(help="admin, hr or manager")]) -> None:
    """Give a role to a Slack user."""
    by = f"cli:{getpass.getuser()}"
    if _container().roles.grant(user, role, by):
        console.print(f"Granted {role.lower()} to {user.upper()}.")
    else:
        console.print(f"{user.upper()} already has {role.lower()}.")


@roles_app.command("revoke")
def roles_revoke(user: Annotated[str, typer.Argument(help="Slack user ID")],
                 role: Annotated[str, typer.Argument(help="admin, hr or manager")]) -> None:
    """Take back a role given with `coach roles grant`."""
    if _container().roles.revoke(user, role):
        console.print(f"Revoked {role.lower()} from {user.upper()}.")
    else:
        console.print(f"{user.upper()} did not have {role.lower()}; nothing changed.")


@roles_app.command("list")
def roles_list(as_json: Annotated[bool, typer.Option("--json", help="One JSON array")] = False) -> None:
    """Everyone with a role, and where the role comes from."""
    entries = _container().roles.entries()
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


@feedback_app.command("report")
def feedback_report(days: Annotated[int, typer.Option(min=1, max=3650, help="How far back")] = 30,
                    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False) -> None:
    """Knowledge gaps: declined questions and 👎 answers grouped by topic; then AI-tool feedback."""
    c = _container()
    gaps, tools = c.feedback.gaps(days, examples=5), c.feedback.tools(days)
    if as_json:
        sys.stdout.write(json.dumps({"days": days, "gaps": [{**asdict(g), "reasons": dict(g.reasons)} for g in gaps],
                                     "tools": [asdict(t) for t in tools]}, ensure_ascii=False) + "\n")
        return
    if not gaps:
        console.print(f"No knowledge gaps in the last {days} days.")
    else:
        table = Table("topic", "declined", "👎", "reasons", "example questions", title=f"Knowledge gaps, last {days} days")
        for g in gaps:
            reasons = ", ".join(f"{r} ×{n}" for r, n in g.reasons.most_common())
            table.add_row(g.topic, str(g.declined), str(g.downvoted), reasons, "\n".join(g.examples))
        console.print(table)
    if tools:
        table = Table("AI tool", "👍", "👎", "latest comments", title="AI tool feedback")
        for t in tools:
            table.add_row(t.tool, str(t.up), str(t.down), "\n".join(t.comments))
        console.print(table)
