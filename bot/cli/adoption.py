"""`coach directory …` and `coach adoption …`: who is eligible and in which department, the AI tools' usage
reports imported or pulled into the adoption ledger, and the figures per department and tool, on the same
services as `/kpi adoption` in Slack (bot.adoption)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from bot.adoption.records import SOURCES, tool_label
from bot.cli.common import TeamOpt, console, err, print_json, workspace
from bot.errors import UserError

directory_app = typer.Typer(help="The company directory: who is eligible for the AI tools, in which department.",
                            no_args_is_help=True)
adoption_app = typer.Typer(help="Adoption measured from the AI tools' usage reports, per department and tool.",
                           no_args_is_help=True)
BY = ("department", "tool")
ERROR_SHOWN = 90  # characters of a source's last error in the sources table


@directory_app.command("import")
def directory_import(file: Annotated[Path, typer.Argument(help="HR's CSV (email, department[, name, manager_email, "
                                                                "location, slack_id, github_login]) or Microsoft "
                                                                "Entra users as JSON")],
                     team: TeamOpt = None) -> None:
    """Replace the directory with the people in FILE: all of them or, on any bad row, nobody (the current
    directory stays). Leavers stop counting from the next figures."""
    from bot.adoption import directory_files
    from bot.adoption.ledger import read_text

    c, tenant = workspace(team)
    text = read_text(file)
    try:
        if file.suffix.lower() == ".json":
            people = directory_files.parse_entra(text).people
        else:
            people = directory_files.parse_people(text)
    except UserError as exc:
        raise UserError(f"{file.name}: {exc} The directory was not changed.") from None
    done = c.adoption.ledger.import_directory(people, source="directory", tenant=tenant)
    console.print(f"Directory replaced: {done.people} people in {done.departments} departments "
                  f"(was {done.replaced}).", highlight=False)


@directory_app.command("sync")
def directory_sync(source: Annotated[str, typer.Option(
                       "--from", help="entra (Graph /users: mail and department) or slack (members' email and the "
                                      "COACH_DEPARTMENT_FIELD profile field)")] = "entra",
                   team: TeamOpt = None) -> None:
    """Replace the directory with Microsoft Entra's users (with the same Graph settings as the Microsoft 365
    Copilot reports) or with the Slack workspace's members."""
    c, tenant = workspace(team)
    if source == "entra":
        done, skipped = c.adoption.sync.directory(tenant=tenant)
        what = "Microsoft Entra"
    elif source == "slack":
        from bot.slack.directory import slack_people

        if not c.settings.slack_configured:
            raise UserError("Slack is not set up: set SLACK_BOT_TOKEN (or install the app) to read its members.")
        found = slack_people(c.workspaces.client_for(tenant.team_id), c.settings.department_field)
        done = c.adoption.ledger.import_directory(found.people, source="slack", tenant=tenant)
        skipped, what = found.skipped, "Slack"
    else:
        raise UserError(f"--from takes entra or slack, not {source!r}.")
    console.print(f"Directory replaced from {what}: {done.people} people in {done.departments} departments "
                  f"(was {done.replaced}); {skipped} skipped (disabled, or no email or department).",
                  highlight=False)


@adoption_app.command("import")
def adoption_import(file: Annotated[Path, typer.Argument(help="The report file the tool exported")],
                    source: Annotated[str, typer.Option("--source", help=" | ".join(SOURCES))],
                    team: TeamOpt = None) -> None:
    """Add a usage report to the ledger (the same report twice changes nothing; a bad row and nothing is
    stored), then write the adoption KPIs of the complete weeks and months it covers."""
    c, tenant = workspace(team)
    try:
        done = c.adoption.ledger.import_file(source, file, tenant=tenant)
    except UserError as exc:
        if source in SOURCES:
            c.adoption.ledger.failed(source, str(exc), tenant=tenant)
        raise
    span = f", {done.first_day} to {done.last_day}" if done.first_day else ""
    console.print(f"Imported {done.rows} rows from {file.name}: {done.activities} days active by {done.people} "
                  f"people{span}; {done.licences} licences; {done.kpis} KPI values written.", highlight=False)
    if done.unmatched:
        err.print(f"{done.unmatched} of {done.people} people in the report are not in the directory, so they are "
                  "not counted (import the directory with `coach directory import`, or add their email or "
                  "github_login).", highlight=False)


@adoption_app.command("sync")
def adoption_sync(source: Annotated[str | None, typer.Argument(help="m365-copilot | github-copilot | claude "
                                                                    "(default: every source set up)")] = None,
                  day: Annotated[str | None, typer.Option("--day", help="YYYY-MM-DD (default: yesterday)")] = None,
                  team: TeamOpt = None) -> None:
    """Pull the usage reports from the vendors' APIs now (the running bot does it every
    COACH_ADOPTION_SYNC_HOURS): the day's report of each source, into the ledger."""
    from datetime import date

    try:
        when = date.fromisoformat(day) if day else None
    except ValueError:
        raise UserError(f"--day {day!r} is not a date; use YYYY-MM-DD.") from None
    c, tenant = workspace(team)
    failed = 0
    for outcome in c.adoption.sync.sync(source, when, tenant=tenant):
        if outcome.result is None:
            failed += 1
            err.print(f"{outcome.source}: {outcome.error}", highlight=False, soft_wrap=True)
            continue
        r = outcome.result
        console.print(f"{outcome.source}: {r.rows} rows, {r.activities} days active by {r.people} people, "
                      f"{r.unmatched} not in the directory; {r.kpis} KPI values written.", highlight=False)
    if failed:
        raise typer.Exit(1)


@adoption_app.command("sources")
def adoption_sources(as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
                     team: TeamOpt = None) -> None:
    """Each source's last successful import or sync, its last error, and the people it could not match."""
    c, tenant = workspace(team)
    statuses = c.adoption.ledger.sources(tenant=tenant)
    if as_json:
        print_json([{"source": s.source, "last_success_at": s.last_success_at, "how": s.how, "rows": s.rows,
                     "unmatched": s.unmatched, "first_day": s.first_day, "last_day": s.last_day,
                     "error": s.error or None, "error_at": s.error_at} for s in statuses])
        return
    if not statuses:
        console.print("Nothing imported yet: `coach directory import people.csv`, then `coach adoption import "
                      "--source SOURCE FILE` or `coach adoption sync`.")
        return
    table = Table("Source", "Last success", "Rows", "Days covered", "Unmatched", "Last error")
    for s in statuses:
        when = f"{s.last_success_at:%Y-%m-%d %H:%M} ({s.how})" if s.last_success_at else "never"
        days = f"{s.first_day} to {s.last_day}" if s.first_day else ""
        error = s.error if s.failing else ""
        if len(error) > ERROR_SHOWN:  # the whole line is in --json
            error = error[:ERROR_SHOWN].rsplit(" ", 1)[0] + " …"
        label = "Directory" if s.source == "directory" else tool_label(s.source)
        table.add_row(label, when, str(s.rows), days, str(s.unmatched), error)
    console.print(table)


@adoption_app.command("show")
def adoption_show(period: Annotated[str | None, typer.Option(
                      "--period", help="2026-04, 2026-W15, 2026-Q2… (default: the last complete month)")] = None,
                  by: Annotated[str | None, typer.Option("--by", help="department | tool (default: both)")] = None,
                  department: Annotated[str | None, typer.Option("--department", help="One department")] = None,
                  as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
                  team: TeamOpt = None) -> None:
    """Active people over eligible people per department and tool; departments smaller than the anonymity
    threshold are pooled."""
    from bot.adoption.rollup import ALL, ANY

    if by is not None and by not in BY:
        raise UserError(f"--by takes department or tool, not {by!r}.")
    c, tenant = workspace(team)
    snap = c.adoption.figures.show(period, tenant=tenant)
    figures = snap.rollup.figures
    if department:  # that department's group, per tool (--by department: any tool only)
        view = snap.rollup.for_department(department)
        if view.group is None:
            raise UserError(view.reason)
        if view.reason:
            err.print(view.reason, highlight=False, soft_wrap=True)
        figures = [f for f in figures if f.department == view.group and (by != "department" or f.tool == ANY)]
    elif by == "department":
        figures = [f for f in figures if f.tool == ANY]
    elif by == "tool":
        figures = [f for f in figures if f.department == ALL]
    if as_json:
        print_json({"period": snap.period.label,
                    "rows": [{"department": f.department, "tool": f.tool, "active": f.active, "eligible": f.eligible,
                              "rate": f.rate} for f in figures],
                    "pooled": snap.rollup.pooled})
        return
    if not snap.rollup.released:
        console.print(f"Fewer than {snap.rollup.k} people are in the directory: no figures are shown.")
        return
    table = Table("Department", "Tool", "Active", "Eligible", "Rate", title=f"AI tool adoption, {snap.period.label}")
    for f in figures:
        table.add_row(f.department, "any AI tool" if f.tool == ANY else tool_label(f.tool), str(f.active),
                      str(f.eligible), f"{f.rate:.1f}%")
    console.print(table)
    if snap.rollup.pooled:
        console.print(f"Pooled, so that no figure rests on fewer than {snap.rollup.k} people: "
                      f"{', '.join(snap.rollup.pooled)}.", highlight=False)
    if snap.unmatched:
        console.print(f"{snap.unmatched} people active in the period are not in the directory and not counted.",
                      highlight=False)
    group = snap.rollup.for_department(department).group if department else ALL
    weeks = c.adoption.figures.trend(group, until=min(snap.period.end, c.adoption.figures.today()), tenant=tenant)
    if any(rate is not None for _, rate in weeks):
        points = " · ".join(f"{label} {'—' if rate is None else f'{rate:g}%'}" for label, rate in weeks)
        console.print(f"Weekly active ({group}, any AI tool): {points}", highlight=False)
    unused = c.adoption.figures.inactive(tenant=tenant)
    rows = [u for u in unused.rows if not department or u.department in {f.department for f in figures}]
    if rows:
        idle = Table("Department", "Tool", "Inactive 30 days", "Licensed", title="Licensed but inactive for 30 days")
        for u in rows:
            idle.add_row(u.department, tool_label(u.tool), str(u.inactive), str(u.licensed))
        console.print(idle)


@adoption_app.command("intent")
def adoption_intent(period: Annotated[str | None, typer.Option(
                        "--period", help="The adoption period (default: the last complete month)")] = None,
                    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
                    team: TeamOpt = None) -> None:
    """Intent beside use: per department, the latest closed survey's intention to use AI (UTAUT, or a TAM
    survey with the intention questions) next to measured adoption, with departments where they disagree
    flagged and a tip."""
    c, tenant = workspace(team)
    snap = c.adoption.figures.show(period, tenant=tenant)
    survey, rows = c.adoption.summary.intent_beside_use(snap.period, tenant=tenant)
    if as_json:
        print_json({"period": snap.period.label, "survey": survey and {"id": survey.survey_id, "title": survey.title,
                                                                       "closed_at": survey.closed_at},
                    "rows": [{"department": r.department, "intention": round(r.intent.score, 2),
                              "responses": r.intent.n, "rate": r.figure.rate, "flag": r.flag or None,
                              "tip": r.tip and {"text": r.tip.text, "source": r.tip.source}} for r in rows]})
        return
    if survey is None:
        console.print("No closed survey measures the intention to use AI yet: run a UTAUT survey "
                      "(`coach survey create --template utaut`), then compare.")
        return
    table = Table("Department", "Intention (1-7)", "Responses", "Adoption", "Flag",
                  title=f"Intent beside use: {survey.title} (closed {survey.closed_at:%Y-%m-%d}), "
                        f"adoption {snap.period.label}")
    for r in rows:
        table.add_row(r.department, f"{r.intent.score:.1f}", str(r.intent.n), f"{r.figure.rate:.1f}%", r.message)
    console.print(table)
    for r in rows:
        if r.tip:
            console.print(f"{r.department}: {r.tip.text} (source: {r.tip.source})", highlight=False)
