"""`coach nudge …`: scheduled KPI nudges in Slack channels: add, list, remove, preview what one would post,
or post one now — the same schedules and NudgeService as the running bot. When the app serves several
workspaces (OAuth), each command names its workspace with ``--team T…`` and sees only that workspace's
nudges."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from bot.cli.common import TeamOpt, author, console, err, print_json, workspace
from bot.cli.kpis import ScopeOpt, write_png
from bot.container import Container
from bot.errors import UserError
from bot.ids import parse_id

if TYPE_CHECKING:  # annotations only: the commands import the KPI modules when they run
    from bot.kpis.nudge_schedules import Schedule

nudge_app = typer.Typer(help="Scheduled KPI nudges in Slack channels.", no_args_is_help=True)
ALERTS_FIRE = ("fire when a value crosses its threshold and when it comes back; while it stays past, every nudge "
               "shows a status line for it.")


@nudge_app.command("add")
def nudge_add(channel: Annotated[str, typer.Argument(help="Slack channel ID, e.g. C012AB3CD")],
              cron: Annotated[str, typer.Option("--cron", help="minute hour day month weekday, e.g. '0 9 * * 1'")],
              tz: Annotated[str, typer.Option("--tz", help="IANA timezone, e.g. Europe/Berlin")],
              kpi: Annotated[list[str] | None, typer.Option("--kpi", help="KPI key (repeatable)")] = None,
              okr: Annotated[list[str] | None, typer.Option("--okr", help="Objective id (repeatable)")] = None,
              scope: ScopeOpt = "organisation",
              period: Annotated[str, typer.Option(help="The coach measures per week, month or quarter")] = "month",
              eligible: Annotated[str | None, typer.Option(help="Channel or user group ID whose members are "
                                                                "eligible (default: the channel)")] = None,
              skip_unchanged: Annotated[bool, typer.Option("--skip-unchanged",
                                                           help="Skip when nothing changed")] = False,
              alert: Annotated[list[str] | None, typer.Option("--alert", help="KPI<VALUE or KPI>VALUE (repeatable); "
                                                                   "fires when the value crosses it")] = None,
              team: TeamOpt = None) -> None:
    """Schedule a KPI nudge for a channel."""
    from bot.clock import utcnow
    from bot.kpis.nudge_schedules import next_slot, parse_threshold
    from bot.kpis.scopes import parse_scope

    c, tenant = workspace(team)
    okrs = [parse_id(o, f"No objective with id {o}; `coach okr list` shows them.") for o in okr or []]
    s = c.kpis.schedules.add(channel=channel, cron=cron, tz=tz, kpis=kpi or [], okrs=okrs, scope=parse_scope(scope),
                             by=author(), granularity=period, eligible=eligible, skip_unchanged=skip_unchanged,
                             thresholds=[parse_threshold(a) for a in alert or []], team_id=team, tenant=tenant)
    upcoming = next_slot(s.trigger, utcnow())
    when = upcoming.astimezone(s.trigger.timezone).strftime("%Y-%m-%d %H:%M %Z") if upcoming else "never"
    console.print(f"Nudge {s.id} scheduled for {s.channel} at '{s.cron}' ({s.timezone}); next: {when}. "
                  "The bot must be a member of the channel.")
    if s.thresholds:
        console.print(f"Alerts ({', '.join(map(str, s.thresholds))}) {ALERTS_FIRE}", highlight=False)


@nudge_app.command("list")
def nudge_list(as_json: Annotated[bool, typer.Option("--json", help="One JSON array")] = False,
               team: TeamOpt = None) -> None:
    """Every nudge schedule with its last and next run."""
    c, tenant = workspace(team)
    states = c.kpis.schedules.states(tenant=tenant)
    if as_json:
        print_json([{**{k: v for k, v in asdict(st.schedule).items() if k not in ("scope", "thresholds")},
                     "scope": str(st.schedule.scope), "thresholds": [str(t) for t in st.schedule.thresholds],
                     "last_slot": st.last_slot, "last_status": st.last_status, "next_run": st.next_run}
                    for st in states])
        return
    if not states:
        console.print("No nudges: `coach nudge add CHANNEL --cron '0 9 * * 1' --tz Europe/Berlin --kpi …`.")
        return
    table = Table("id", "channel", "when", "KPIs / OKRs", "scope", "last run", "next run")
    for st in states:
        s = st.schedule
        zone = s.trigger.timezone
        last = f"{st.last_status} {st.last_slot.astimezone(zone):%Y-%m-%d %H:%M}" if st.last_slot else "never"
        nxt = f"{st.next_run.astimezone(zone):%Y-%m-%d %H:%M}" if st.next_run else "—"
        table.add_row(str(s.id), s.channel, f"{s.cron}\n{s.timezone}",
                      ", ".join(s.kpis) + (f"\nOKRs {', '.join(map(str, s.okrs))}" if s.okrs else "")
                      + (f"\nalerts {', '.join(map(str, s.thresholds))}" if s.thresholds else ""),
                      str(s.scope), last, nxt)
    console.print(table)
    if any(st.schedule.thresholds for st in states):
        console.print(f"Alerts {ALERTS_FIRE}", highlight=False)


@nudge_app.command("remove")
def nudge_remove(schedule_id: Annotated[str, typer.Argument(help="Nudge id (see `coach nudge list`)")],
                 team: TeamOpt = None) -> None:
    """Stop a nudge."""
    c, tenant = workspace(team)
    missing = f"There is no nudge {schedule_id}; `coach nudge list` shows them."
    if not c.kpis.schedules.remove(parse_id(schedule_id, missing), tenant=tenant):
        raise UserError(missing)
    console.print(f"Nudge {schedule_id} removed.")


def _schedule(schedule_id: str, team: str | None) -> tuple[Container, Schedule]:
    """The workspace's nudge ``schedule_id``; UserError when there is no such nudge (in that workspace)."""
    c, tenant = workspace(team)
    number = parse_id(schedule_id, f"There is no nudge schedule {schedule_id}; `coach nudge list` shows them.")
    return c, c.kpis.schedules.get(number, tenant=tenant)


def _gateway(c: Container, schedule: Schedule, need_slack: bool):
    if not c.settings.slack_configured:
        if need_slack:
            raise UserError("Posting a nudge needs Slack: set SLACK_BOT_TOKEN (or install the app with OAuth).")
        return None, None
    from bot.slack.nudge_delivery import nudge_gateway

    return nudge_gateway(c.workspaces.client_for)(schedule)


@nudge_app.command("preview")
def nudge_preview(schedule_id: Annotated[str, typer.Argument(help="Nudge id")],
                  chart: Annotated[Path | None, typer.Option(help="Also write the trend chart to this PNG")] = None,
                  team: TeamOpt = None) -> None:
    """Show what the nudge would post now (nothing is posted or stored)."""
    from bot.slack.blocks.kpis import nudge_message

    c, schedule = _schedule(schedule_id, team)
    k = c.kpis
    _poster, directory = _gateway(c, schedule, need_slack=False)
    if directory is None:
        err.print("[dim]No Slack token: adoption rate is shown as last recorded, not measured now.[/]")
    nudge, png = k.nudges.compose(schedule, directory, k.nudges.clock(), store=False)
    for block in nudge_message(nudge, preview=True)["blocks"]:
        text = (block.get("text") or {}).get("text") or " ".join(e.get("text", "") for e in block.get("elements", []))
        console.print(text, highlight=False, markup=False)
        console.print()
    if chart is not None:
        if png is None:
            err.print("No values to chart yet.")
        else:
            write_png(chart, png)
            console.print(f"Chart written to {chart} ({len(png):,} bytes).")


@nudge_app.command("run-now")
def nudge_run_now(schedule_id: Annotated[str, typer.Argument(help="Nudge id")], team: TeamOpt = None) -> None:
    """Post the nudge now, once, outside its schedule (scheduled slots are not affected)."""
    c, schedule = _schedule(schedule_id, team)
    k = c.kpis
    poster, directory = _gateway(c, schedule, need_slack=True)
    outcome = k.nudges.run_slot(schedule, k.nudges.clock(), poster, directory, kind="manual")
    if outcome.status != "posted":
        raise UserError(f"Nudge {schedule_id} was not posted: {outcome.status} {outcome.detail}".strip() + ".")
    console.print(f"Nudge {schedule_id} posted to {schedule.channel} (ts {outcome.ts}).")
