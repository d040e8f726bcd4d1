"""`coach feedback report`: knowledge gaps (declined questions and 👎 answers by topic) and AI-tool feedback,
from the same FeedbackService as the Slack app, over one workspace's questions and feedback (``--team T…``
when the app serves several workspaces with OAuth). Each gap's questions come with the closest section the
answer service finds, written as the `coach teach` command that attaches the question to it."""

from __future__ import annotations

import re
import shlex
from dataclasses import asdict
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from bot.cli.common import TeamOpt, console, print_json, workspace
from bot.ingest.chunking import breadcrumb_anchor
from bot.ingest.indexer import TAUGHT

feedback_app = typer.Typer(help="Feedback and knowledge gaps.", no_args_is_help=True)
SOURCE_WORDS = {"gap": "declined", "feedback": "👎"}
_PLAIN_WORD = re.compile(r"[\w@%+=:,./#-]+")  # needs no quoting in a POSIX shell (`#` mid-word is no comment)


def suggested_section(c, question: str, team_id: str | None) -> tuple[str, str] | None:
    """(PATH#ANCHOR, breadcrumb) of the best passage the answer service finds for ``question``, skipping taught
    entries (a question is taught to a section of the knowledge files); None when nothing is indexed."""
    for p in c.answers.passages(question, team_id=team_id):
        if not p.path.startswith(TAUGHT):
            return f"{p.path}#{breadcrumb_anchor(p.breadcrumb)}", p.breadcrumb
    return None


# Hand-written: shlex.quote single-quotes, which turns each apostrophe ("what's") into '"'"'; inside double
# quotes only \ " $ ` need a backslash (POSIX), so the command reads as the question was asked.
def shell_quote(text: str) -> str:
    if _PLAIN_WORD.fullmatch(text):
        return text
    if "!" in text:  # bash expands history inside double quotes
        return shlex.quote(text)
    return '"' + re.sub(r'([\\"$`])', r"\\\1", text) + '"'


def teach_command(question: str, target: str | None, team: str | None) -> str:
    how = f"--section {shell_quote(target)}" if target else "--answer TEXT"
    return f"coach teach {shell_quote(question)} {how}" + (f" --team {team}" if team else "")


@feedback_app.command("report")
def feedback_report(days: Annotated[int, typer.Option(min=1, max=3650, help="How far back")] = 30,
                    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
                    team: TeamOpt = None) -> None:
    """Knowledge gaps: declined questions and 👎 answers grouped by topic, each question with the command that
    teaches it the closest section; then AI-tool feedback."""
    c, tenant = workspace(team)
    gaps, tools = c.feedback.gaps(days, examples=5, tenant=tenant), c.feedback.tools(days, tenant=tenant)
    suggested = {q.question: suggested_section(c, q.question, tenant.team_id) for g in gaps for q in g.questions}
    if as_json:
        print_json({"days": days, "tools": [asdict(t) for t in tools],
                    "gaps": [{**asdict(g), "reasons": dict(g.reasons),
                              "questions": [{**asdict(q), "suggested_section": (suggested[q.question] or (None,))[0]}
                                            for q in g.questions]} for g in gaps]})
        return
    if not gaps:
        console.print(f"No knowledge gaps in the last {days} days.")
    else:
        table = Table("topic", "declined", "👎", "reasons", "taught since", title=f"Knowledge gaps, last {days} days")
        for g in gaps:
            reasons = ", ".join(f"{r} ×{n}" for r, n in g.reasons.most_common())
            table.add_row(Text(g.topic), str(g.declined), str(g.downvoted), reasons, str(g.taught or ""))
        console.print(table)
        _print_questions(gaps, suggested, team)
    if tools:
        table = Table("AI tool", "👍", "👎", "latest comments", title="AI tool feedback")
        for t in tools:
            table.add_row(Text(t.tool), str(t.up), str(t.down), Text("\n".join(t.comments)))
        console.print(table)


def _print_questions(gaps, suggested: dict, team: str | None) -> None:
    """Under each gap its questions, each with the command that teaches it (one line each, never wrapped, so
    it can be copied)."""
    if not any(g.questions for g in gaps):
        return
    console.print(Text("\nQuestions to teach (check the suggested section first; when none answers it, use "
                       "--answer TEXT instead of --section):", style="bold"))
    for g in gaps:
        if not g.questions:
            continue
        console.print(Text(f"\n{g.topic}", style="bold"))
        for q in g.questions:
            found = suggested[q.question]
            console.print(Text(f"  • {q.question}  ({SOURCE_WORDS.get(q.source, q.source)})"), soft_wrap=True)
            if found:
                console.print(Text(f"    closest section: {found[1]}", style="dim"), soft_wrap=True)
            console.print(Text(f"    {teach_command(q.question, found and found[0], team)}"), soft_wrap=True)
