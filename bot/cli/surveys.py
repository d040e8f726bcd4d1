"""`coach survey …`: templates, create, launch, status, results, export, close — the same service as `/survey`.

Surveys belong to a Slack workspace: when the app serves several (OAuth), every command that reads or changes
surveys names one with ``--team T…`` (bot.tenancy) and sees only its surveys."""

from __future__ import annotations

import sys
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from bot.cli.common import (
    TeamOpt,
    console,
    container,
    print_json,
    workspace,
    write_file,
)
from bot.errors import UserError
from bot.ids import parse_id

survey_app = typer.Typer(help="Adoption surveys: templates, create, launch, status, results, export, close.",
                         no_args_is_help=True)


SurveyArg = Annotated[str, typer.Argument(metavar="SURVEY_ID", help="The survey's number")]
NO_SLACK_LAUNCH = ("Survey invitations are sent only by the bot running with Slack tokens, and SLACK_BOT_TOKEN is "
                   "not set here: set it and launch again, or add --queue if the bot runs elsewhere with its tokens "
                   "(the invitations then wait for it). Nothing was changed.")
QUEUED_WITHOUT_SLACK = ("The invitations wait in the queue: no DM goes out until the bot runs with Slack tokens "
                        "(`coach run` with SLACK_BOT_TOKEN set).")
SCHEDULED_WITHOUT_SLACK = ("The bot running with Slack tokens opens it on its first day and sends the invitations; "
                           "nothing goes out until then.")
NO_SLACK_CREATE = ("No Slack tokens here: launching needs SLACK_BOT_TOKEN (channels and user groups are looked up "
                   "in Slack then), or --queue for a bot running elsewhere with its tokens.")


def _survey_id(text: str) -> int:
    from bot.surveys.service import no_survey

    return parse_id(text, no_survey(text))


def _date(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UserError(f"--{name} takes a date like 2026-12-01, not {value!r}.") from None


def _filters(items: list[str] | None) -> dict[str, str]:
    out = {}
    for item in items or []:
        if "=" not in item:
            raise UserError(f"--filter takes name=value (e.g. department=Sales), not {item!r}.")
        key, value = item.split("=", 1)
        out[key.strip()] = value.strip()
    return out


@survey_app.command("templates")
def templates(as_json: Annotated[bool, typer.Option("--json", help="One JSON array")] = False) -> None:
    """The survey templates (ids to use with `create --template`)."""
    items = container().surveys.templates.all()
    if as_json:
        print_json([t.to_json() for t in items])
        return
    table = Table("id", "name", "questions", "constructs", "about")
    for t in items:
        table.add_row(t.id, t.name, str(len(t.definition.questions)),
                      ", ".join(t.definition.construct_items()) or "—", t.description)
    console.print(table)


@survey_app.command("create")
def create(title: Annotated[str, typer.Option(help="Title people see")],
           audience: Annotated[str, typer.Option(help="Slack ids, comma-separated: users U…, channels C…, groups S…")],
           closes: Annotated[str, typer.Option(help="Last day, YYYY-MM-DD (closes at the end of it, UTC)")],
           template: Annotated[str | None, typer.Option(help="Template id (see `coach survey templates`)")] = None,
           questions: Annotated[Path | None, typer.Option(help="From scratch: a YAML file like the templates, or a "
                                                                 "text file with one `kind: text` line per question")] = None,
           opens: Annotated[str | None, typer.Option(help="First day, YYYY-MM-DD (default today)")] = None,
           reminders: Annotated[str, typer.Option(help="Days after opening to remind non-responders, e.g. 3,5")] = "3,5",
           attributed: Annotated[bool, typer.Option("--attributed", help="Keep names with answers")] = False,
           intro: Annotated[str, typer.Option(help="Introduction (default: the template's)")] = "",
           series: Annotated[str | None, typer.Option(help="Series for wave-over-wave comparison")] = None,
           team: TeamOpt = None,
           by: Annotated[str, typer.Option(help="Who creates it (for the record)")] = "cli") -> None:
    """Create a survey as a draft; `launch` sends it."""
    from bot.surveys.audience import parse_audience
    from bot.surveys.service import NewSurvey, day_end, day_start, parse_reminders
    from bot.surveys.templates import read_questions

    if bool(template) == bool(questions):
        raise UserError("Give either --template or --questions.")
    definition = None
    if questions is not None:
        definition = read_questions(questions)
    spec = NewSurvey(title=title, opens_at=day_start(_date(opens, "opens") if opens else date.today()),
                     closes_at=day_end(_date(closes, "closes")), audience=parse_audience(audience), created_by=by,
                     template_id=template, definition=definition, intro=intro, anonymous=not attributed,
                     reminder_days=parse_reminders(reminders), series=series, team_id=team)
    c, tenant = workspace(team)
    survey_id = c.surveys.create(spec, tenant)
    console.print(f"Created survey {survey_id} (draft, wave {c.surveys.status(survey_id, tenant).wave}); "
                  f"send it with `coach survey launch {survey_id}`.")
    if not c.settings.slack_configured:
        console.print(NO_SLACK_CREATE, style="dim", highlight=False)


@survey_app.command("launch")
def launch(survey_id: SurveyArg,
           send: Annotated[bool | None, typer.Option("--send/--queue", help="Send the DMs now from this process "
                                                     "(the default, with Slack tokens set), or queue them for the "
                                                     "bot running with Slack tokens (elsewhere, or later)")] = None,
           team: TeamOpt = None) -> None:
    """Open a draft: resolve the audience in Slack and queue (and send) the invitations. Only the bot running
    with Slack tokens sends them: without SLACK_BOT_TOKEN here, launch refuses unless --queue says to wait."""
    from bot.surveys.audience import users_only

    c, tenant = workspace(team)
    slack = c.settings.slack_configured
    if not slack and send is None:
        raise UserError(NO_SLACK_LAUNCH)
    if send and not slack:
        raise UserError("--send needs SLACK_BOT_TOKEN; use --queue to leave the DMs to the bot running with Slack "
                        "tokens.")
    status = c.surveys.launch(_survey_id(survey_id), c.survey_jobs.resolver if slack else lambda _team: users_only,
                              tenant)
    console.print(f"Survey {status.id} is {status.status}: {status.invited} people invited.")
    if status.status == "open" and (slack if send is None else send):
        report = c.surveys.drain(c.survey_jobs.messenger)
        console.print(f"Sent {report.sent} DMs in {report.seconds:.1f} s ({report.failed} failed, "
                      f"{report.retried} to retry, {report.rate_limited} rate-limit waits).")
    elif not slack:
        console.print(QUEUED_WITHOUT_SLACK if status.status == "open" else SCHEDULED_WITHOUT_SLACK,
                      highlight=False)
    elif status.status == "open":
        console.print("The invitations are queued; the running bot (`coach run`) sends them.")


@survey_app.command("status")
def status(survey_id: Annotated[str | None, typer.Argument(metavar="[SURVEY_ID]",
                                                           help="One survey; default all")] = None,
           as_json: Annotated[bool, typer.Option("--json")] = False, team: TeamOpt = None) -> None:
    """Surveys with their response rates and DM delivery."""
    c, tenant = workspace(team)
    surveys = c.surveys
    rows = ([surveys.status(_survey_id(survey_id), tenant)] if survey_id is not None
            else surveys.overview(tenant=tenant))
    if as_json:
        print_json([{**r.__dict__, "rate": r.rate} for r in rows])
        return
    if not rows:
        console.print("No surveys yet: `coach survey create --help`.")
        return
    table = Table("id", "title", "status", "wave", "anonymous", "answered", "rate", "opens", "closes", "DMs")
    for r in rows:
        table.add_row(str(r.id), r.title, r.status, str(r.wave), "yes" if r.anonymous else "no",
                      f"{r.responded}/{r.invited}", f"{r.rate:.0%}" if r.rate is not None else "—",
                      r.opens_at.date().isoformat(), r.closes_at.date().isoformat(),
                      ", ".join(f"{k} {v}" for k, v in sorted(r.outbox.items())) or "—")
    console.print(table)


@survey_app.command("results")
def results(survey_id: SurveyArg,
            filter_: Annotated[list[str] | None, typer.Option("--filter", help="name=value; repeatable")] = None,
            as_json: Annotated[bool, typer.Option("--json")] = False,
            charts: Annotated[Path | None, typer.Option(help="Write the PNG charts into this folder")] = None,
            team: TeamOpt = None) -> None:
    """Results (only what rests on at least COACH_SURVEY_MIN_RESPONSES responses)."""
    from bot.surveys.definition import LIKERT_MAX, LIKERT_MIN
    from bot.surveys.feedback_trend import rated
    from bot.surveys.stats import ALPHA_NOTE

    if charts is not None and charts.exists() and not charts.is_dir():
        raise UserError(f"--charts takes a folder; {charts} is a file.")
    c, tenant = workspace(team)
    surveys = c.surveys
    r = surveys.results(_survey_id(survey_id), _filters(filter_), tenant)
    trend = surveys.feedback_trend(tenant=tenant)
    if charts is not None:
        from bot.surveys.charts import charts as draw

        write_file(charts, lambda: charts.mkdir(parents=True, exist_ok=True))
        for name, png in draw(r):
            write_file(charts / name, partial((charts / name).write_bytes, png))
    if as_json:
        print_json(r.to_json() | {"feedback_trend": [w.to_json() for w in trend]})
        return
    rate = f"{r.response_rate:.0%}" if r.response_rate is not None else "—"
    console.print(f"[bold]{r.title}[/] wave {r.wave}: {r.responded}/{r.invited} answered ({rate}); k = {r.k}",
                  highlight=False)
    if r.constructs:
        table = Table("construct", "n", "mean (1–7)", "alpha", "change",
                      f"people scoring {LIKERT_MIN}…{LIKERT_MAX}")
        for c in r.constructs:
            table.add_row(c.label, str(c.n), f"{c.mean:.2f}", "—" if c.alpha is None else f"{c.alpha:.2f}",
                          "—" if c.change is None else f"{c.change:+.2f}",
                          c.counts(" "))
        console.print(table)
        console.print(ALPHA_NOTE, style="dim")
    for e in r.enps:
        console.print(f"eNPS ({e.id}): {e.score:+.0f} — {e.promoters} promoters, {e.passives} passives, "
                      f"{e.detractors} detractors (n={e.n})")
    for seg in r.segments:
        console.print(f"  {seg.value} (n={seg.n}): " + ", ".join(f"{k} {v:.2f}" for k, v in seg.constructs.items()),
                      markup=False)
    for note in r.suppressed:
        console.print(f"not shown: {note}", style="yellow", markup=False)
    weeks = rated(trend)
    console.print(f"👍/👎 on the coach's answers, by week ({len(trend)} weeks):" if weeks
                  else f"👍/👎 on the coach's answers: no ratings in the last {len(trend)} weeks.", markup=False)
    for w in weeks:
        console.print(f"  {w.line()}", markup=False)


@survey_app.command("export")
def export(survey_id: SurveyArg, out: Annotated[Path, typer.Option(help="CSV file to write ('-' for stdout)")],
           filter_: Annotated[list[str] | None, typer.Option("--filter", help="name=value; repeatable")] = None,
           team: TeamOpt = None) -> None:
    """Results as CSV (one row per figure), under the same k rule: no per-person rows."""
    from bot.surveys.export import to_csv

    c, tenant = workspace(team)
    text = to_csv(c.surveys.results(_survey_id(survey_id), _filters(filter_), tenant))
    if str(out) == "-":
        sys.stdout.write(text)
        return
    if out.is_dir():
        raise UserError(f"--out takes a file name; {out} is a folder.")
    write_file(out, lambda: out.write_text(text, encoding="utf-8"))
    console.print(f"Wrote {out} ({text.count(chr(10)) - 1} rows, {datetime.now():%Y-%m-%d %H:%M}).")


@survey_app.command("close")
def close(survey_id: SurveyArg, team: TeamOpt = None) -> None:
    """Close a survey early: no more answers, unsent invitations and reminders dropped."""
    c, tenant = workspace(team)
    s = c.surveys.close(_survey_id(survey_id), tenant)
    console.print(f"Survey {s.id} closed: {s.responded}/{s.invited} answered.")
