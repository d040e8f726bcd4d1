"""`coach feedback report`: knowledge gaps (declined questions and 👎 answers by topic) and AI-tool feedback,
from the same FeedbackService as the Slack app, over one workspace's questions and feedback (``--team T…``
when the app serves several workspaces with OAuth)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer
from rich.table import Table

from bot.cli.common import TeamOpt, console, print_json, workspace

feedback_app = typer.Typer(help="Feedback and knowledge gaps.", no_args_is_help=True)


@feedback_app.command("report")
def feedback_report(days: Annotated[int, typer.Option(min=1, max=3650, help="How far back")] = 30,
                    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
                    team: TeamOpt = None) -> None:
    """Knowledge gaps: declined questions and 👎 answers grouped by topic; then AI-tool feedback."""
    c, tenant = workspace(team)
    gaps, tools = c.feedback.gaps(days, examples=5, tenant=tenant), c.feedback.tools(days, tenant=tenant)
    if as_json:
        print_json({"days": days, "gaps": [{**asdict(g), "reasons": dict(g.reasons)} for g in gaps],
                    "tools": [asdict(t) for t in tools]})
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
