"""`coach teach`: the teach loop from the terminal, through the same TeachService as App Home's knowledge gaps."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from bot.cli.common import TeamOpt, author, console, print_json, workspace
from bot.errors import UserError


def teach(question: Annotated[str | None, typer.Argument(help="The question to teach")] = None,
          section: Annotated[str | None, typer.Option("--section", help="PATH#ANCHOR of the section that "
                                                      "answers it")] = None,
          answer: Annotated[str | None, typer.Option("--answer", help="A short answer of its own, when no "
                                                     "section answers it")] = None,
          find: Annotated[str | None, typer.Option("--find", help="List the sections whose title or path holds "
                                                   "these words ('' for all)")] = None,
          show: Annotated[bool, typer.Option("--list", help="List the taught questions")] = False,
          forget: Annotated[int | None, typer.Option("--forget", help="Forget the taught question with this id",
                                                     min=1)] = None,
          as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
          team: TeamOpt = None) -> None:
    """Teach the coach a question it declined or answered badly: attach it to the section that answers it
    (--section), or answer it in a few sentences (--answer). Every replica uses it within
    COACH_INDEX_REFRESH_SECONDS."""
    modes = sum(x is not None for x in (question, find, forget)) + show
    if modes != 1:
        raise UserError("Give a question (with --section or --answer), or one of --find, --list, --forget.")
    c, tenant = workspace(team)
    service = c.teaching
    if find is not None:
        refs = service.sections(find, limit=200)
        if as_json:
            print_json([{"section": r.target, "title": r.label} for r in refs])
            return
        if not refs:
            console.print(f"No section matches {find!r}.")
            return
        table = Table("section (use with --section)", "title")
        table.columns[0].overflow = "fold"
        for r in refs:
            table.add_row(r.target, r.label)
        console.print(table)
        return
    if show:
        lessons = service.lessons(tenant)
        if as_json:
            print_json([vars(x) for x in lessons])
            return
        if not lessons:
            console.print("Nothing taught yet.")
            return
        table = Table("id", "question", "answered by", "taught by")
        for x in lessons:
            table.add_row(str(x.id), x.question, x.answer or x.target, x.taught_by)
        console.print(table)
        return
    if forget is not None:
        lesson = service.forget(forget, tenant)
        console.print(f"Forgot taught question {lesson.id}: {lesson.question}", highlight=False)
        return
    if (section is None) == (answer is None):
        raise UserError("Give exactly one of --section PATH#ANCHOR or --answer TEXT.")
    lesson = (service.attach(question, section, author(), "cli", tenant) if section is not None
              else service.answer(question, answer, author(), "cli", tenant))
    if as_json:
        print_json(vars(lesson))
        return
    where = "its own answer" if lesson.answer else lesson.target
    console.print(f"Taught ({lesson.id}): {lesson.question!r} → {where}", highlight=False)
