"""KPI messages as Block Kit: the channel nudge, `/kpi` help and reports, the schedule list and App Home."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.kpis import formulas
from bot.kpis.catalog import Catalog, Kpi, fmt_value
from bot.kpis.measurements import Reading
from bot.kpis.nudge_message import ABOVE, BELOW, Alert, Breach, KpiLine, Nudge
from bot.kpis.nudge_schedules import ScheduleState
from bot.kpis.okrs import KeyResultStatus, ObjectiveStatus
from bot.slack.blocks.kit import button, context, plain, section
from bot.slack.blocks.text import SECTION_LIMIT, escape, no_pings, shorten, user_text

NUDGE_REMOVE = "kpi_nudge_remove"
STATUS_ICONS = {formulas.ON_TRACK: ":large_green_circle:", formulas.AT_RISK: ":warning:", formulas.DONE: ":tada:",
                formulas.MISSED: ":red_circle:", formulas.NO_DATA: ":grey_question:",
                formulas.NOT_STARTED: ":white_circle:"}
SLOT_ICONS = {"posted": ":white_check_mark:", "skipped": ":fast_forward:", "failed": ":x:", "claimed": ":hourglass:"}


def header(text: str) -> dict:
    return {"type": "header", "text": plain(shorten(no_pings(text), 150))}


def scope_label(scope) -> str:
    return "the organisation" if scope.kind == "organisation" else f"{scope.kind} {escape(scope.name)}"


def fmt_change(delta: float, unit: str) -> str:
    sign = "+" if delta >= 0 else "−"
    if unit == "percent":
        return f"{sign}{abs(delta):.1f} pts"
    return sign + fmt_value(abs(delta), unit)


def _benchmark_text(kpi: Kpi, position: str | None) -> str:
    b = kpi.benchmark
    if b is None:
        return "no published benchmark"
    where = {BELOW: "below", ABOVE: "above"}.get(position or "", "within")
    return f"benchmark {b.label(kpi.unit)} ({where})"


def _target_text(kr: KeyResultStatus) -> str:
    p = kr.pace
    progress = f", progress {p.progress:.0%} with {p.elapsed:.0%} of the time gone" if p.progress is not None else ""
    return (f"target {fmt_value(kr.target, kr.kpi.unit)} by {kr.due:%Y-%m-%d}{progress} "
            f"{STATUS_ICONS[p.status]} {p.status}")


def kpi_line_text(line: KpiLine) -> str:
    kpi, cur = line.kpi, line.current
    if cur is None:
        return (f"*{kpi.name}* — _no value yet_ (record one with `/kpi record` or `coach kpi import`)")
    head = f"*{kpi.name}*: *{fmt_value(cur.value, kpi.unit)}* ({cur.period.label})"
    if line.previous is not None:
        delta = cur.value - line.previous.value
        arrow = "▲" if delta > 0 else "▼" if delta < 0 else "▶"
        head += f" {arrow} {fmt_change(delta, kpi.unit)} since {line.previous.period.label}"
    parts = [_target_text(line.target)] if line.target else []
    parts.append(_benchmark_text(kpi, line.benchmark_position))
    flag = " :warning: *at risk*" if line.at_risk else (" :small_red_triangle_down: behind the benchmark"
                                                       if line.behind_benchmark else "")
    return shorten(f"{head}{flag}\n" + " · ".join(parts), SECTION_LIMIT)


def key_result_text(kr: KeyResultStatus) -> str:
    now = fmt_value(kr.current.value, kr.kpi.unit) if kr.current else "no value yet"
    progress = f" ({kr.pace.progress:.0%} done, {kr.pace.elapsed:.0%} of the time gone)" if kr.pace.progress is not None \
        else ""
    return (f"• {kr.kpi.name}: {fmt_value(kr.baseline, kr.kpi.unit)} → {fmt_value(kr.target, kr.kpi.unit)} by "
            f"{kr.due:%Y-%m-%d}; now {now}{progress} {STATUS_ICONS[kr.pace.status]} {kr.pace.status}")


def objective_text(o: ObjectiveStatus) -> str:
    lines = [f"*OKR {o.id}: {user_text(o.title, 200)}* — {scope_label(o.scope)}"]
    lines += [key_result_text(kr) for kr in o.key_results]
    return shorten("\n".join(lines), SECTION_LIMIT)


SIDES = {"<": "below", ">": "above"}


def _alert_text(alert: Alert) -> str:
    kpi, side = alert.kpi, SIDES[alert.threshold.op]
    bound, now = fmt_value(alert.threshold.value, kpi.unit), fmt_value(alert.value, kpi.unit)
    if alert.recovered:
        back = "above" if side == "below" else "below"
        return f":white_check_mark: *{kpi.name}* is back {back} {bound} (now {now})"
    return f":rotating_light: *{kpi.name}* went {side} {bound} (now {now})"


def _breach_text(breach: Breach) -> str:
    kpi, side = breach.kpi, SIDES[breach.threshold.op]
    return (f":small_red_triangle_down: *{kpi.name}* is {side} its alert threshold of "
            f"{fmt_value(breach.threshold.value, kpi.unit)} (now {fmt_value(breach.value, kpi.unit)})")


def nudge_message(nudge: Nudge, *, preview: bool = False) -> dict:
    """The channel nudge. An alert fires when a value crosses its threshold (and when it comes back); while the
    value stays past it, each nudge shows a status line for it instead."""
    s = nudge.schedule
    how = (" Alerts fire when a value crosses its threshold and when it comes back; while it stays past, each "
           "nudge shows it as a status line." if preview and s.thresholds else "")
    blocks = [header(f"📊 KPI check-in — {'the organisation' if s.scope.kind == 'organisation' else s.scope.name}"),
              context(f"{'Preview. ' if preview else ''}Values for {scope_label(s.scope)}; the coach measured its "
                      f"own KPIs for {nudge.period.label}.{how}")]
    blocks += [section(_alert_text(alert)) for alert in nudge.alerts]
    fired = {(a.kpi.key, a.threshold) for a in nudge.alerts}
    blocks += [section(_breach_text(b)) for b in nudge.breaches if (b.kpi.key, b.threshold) not in fired]
    blocks += [section(kpi_line_text(line)) for line in nudge.kpis]
    # adoption by department and tool from the AI tools' reports: mrkdwn lines, names already escaped
    blocks += [section(shorten(line, SECTION_LIMIT)) for line in nudge.adoption[:6]]
    blocks += [section(objective_text(o)) for o in nudge.okrs]
    if nudge.at_risk:
        blocks.append(context(":warning: At risk: " + shorten(", ".join(escape(n) for n in nudge.at_risk), 1500)))
    if nudge.tip is not None and nudge.weakest is not None:
        blocks.append(section(shorten(f":bulb: *Tip for {nudge.weakest.name}:* {nudge.tip.text}", SECTION_LIMIT)))
        blocks.append(context(f"Source: {escape(shorten(nudge.tip.source, 300))}"))
    footer = f"Nudge {s.id} · {s.when}" + (" · trend chart in the thread" if any(l.series for l in nudge.kpis) else "")
    blocks.append(context(footer))
    risky = len(nudge.at_risk)
    text = (f"KPI check-in for {scope_label(s.scope)}: {len(nudge.kpis)} KPI(s), {len(nudge.okrs)} OKR(s)"
            + (f", {risky} at risk" if risky else ""))
    return {"text": text, "blocks": blocks[:50]}


# `/kpi` replies ------------------------------------------------------------------------------------

def help_message() -> dict:
    text = ("*KPIs and OKRs*\n"
            "• `/kpi show` — the latest value of every KPI; `/kpi show KPI [department:NAME]` — its trend\n"
            "• `/kpi okrs` — objectives, key results, progress and pace\n"
            "• `/kpi record` — record a value (form), or `/kpi record KPI VALUE PERIOD [scope]`; for productivity "
            "uplift, error reduction and CSAT/NPS delta the value can be BEFORE->AFTER, e.g. `50->65`\n"
            "• `/kpi catalog` — the KPIs with definitions, formulas and benchmarks\n"
            "• `/kpi adoption [department]` — adoption measured from the AI tools last month, per department and "
            "tool, with the weekly trend and unused licences\n"
            "*Channel nudges (admins)*\n"
            "• `/kpi nudge` — schedule a KPI nudge for this channel\n"
            "• `/kpi nudges` — the schedules, with last and next run; `/kpi nudge remove ID`\n"
            "Periods look like 2026-05, 2026-Q2 or 2026-W19; scopes like organisation, department:Sales or team:Platform.")
    return {"text": "KPI commands", "blocks": [section(text)]}


def catalog_blocks(catalog: Catalog) -> list[dict]:
    blocks = []
    for kpi in catalog:
        bench = f"benchmark {kpi.benchmark.label(kpi.unit)}" if kpi.benchmark else "no published benchmark"
        how = "\n_Record it as BEFORE->AFTER, e.g. `50->65`._" if catalog.stored(kpi.key).change else ""
        blocks.append(section(shorten(f"*{kpi.name}* (`{kpi.key}`) — {kpi.better} is better, {bench}\n"
                                      f"{kpi.definition}\n_Formula:_ {kpi.formula}{how}", SECTION_LIMIT)))
    return blocks[:48]


def overview_blocks(readings: list[Reading], catalog: Catalog) -> list[dict]:
    if not readings:
        return [section("No KPI values yet. Record one with `/kpi record`, or import a CSV with `coach kpi import`.")]
    lines = []
    for r in readings:
        kpi = catalog.get(r.kpi)
        bench = f" · benchmark {kpi.benchmark.label(kpi.unit)}" if kpi.benchmark else ""
        lines.append(f"• *{kpi.name}* — {scope_label(r.scope)}: *{fmt_value(r.value, kpi.unit)}* "
                     f"({r.period.label}, {r.source}){bench}")
    chunks, current = [], ""
    for line in lines:
        if len(current) + len(line) + 1 > SECTION_LIMIT:
            chunks.append(current)
            current = ""
        current += ("\n" if current else "") + line
    chunks.append(current)
    return [section(c) for c in chunks][:48]


def series_blocks(kpi: Kpi, scope, readings: list[Reading]) -> list[dict]:
    if not readings:
        return [section(f"No values of *{kpi.name}* for {scope_label(scope)} yet.")]
    lines = [f"{r.period.label}: *{fmt_value(r.value, kpi.unit)}* ({r.source})" for r in readings]
    bench = f"Benchmark {kpi.benchmark.label(kpi.unit)}. " if kpi.benchmark else ""
    return [section(shorten(f"*{kpi.name}* — {scope_label(scope)}\n" + "\n".join(lines), SECTION_LIMIT)),
            context(f"{bench}{kpi.better.capitalize()} is better.")]


def okr_blocks(objectives: list[ObjectiveStatus]) -> list[dict]:
    if not objectives:
        return [section("No OKRs yet; admins add them with `coach okr add`.")]
    return [section(objective_text(o)) for o in objectives][:48]


def _when(moment: datetime | None, tz: str) -> str:
    if moment is None:
        return "—"
    return moment.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")


def schedule_text(state: ScheduleState) -> str:
    s = state.schedule
    what = ", ".join(s.kpis) or "—"
    okrs = ", ".join(map(str, s.okrs))
    last = "never run" if state.last_slot is None else \
        f"{SLOT_ICONS.get(state.last_status or '', '')} {state.last_status} {_when(state.last_slot, s.timezone)}"
    detail = f" ({escape(shorten(state.last_detail, 120))})" if state.last_detail and state.last_status != "posted" else ""
    return shorten(f"*Nudge {s.id}* → <#{s.channel}> · {s.when} · {scope_label(s.scope)}\n"
                   f"KPIs: {what}" + (f" · OKRs: {okrs}" if okrs else "") +
                   f"\nLast: {last}{detail} · next: {_when(state.next_run, s.timezone)} ({escape(s.timezone)})",
                   SECTION_LIMIT)


def schedule_list_blocks(states: list[ScheduleState], removable: bool) -> list[dict]:
    if not states:
        return [section("No KPI nudges scheduled. `/kpi nudge` in a channel sets one up.")]
    blocks = []
    for state in states[:24]:
        block = section(schedule_text(state))
        if removable:
            remove = button("Remove", NUDGE_REMOVE, str(state.schedule.id), "danger")
            remove["confirm"] = {"title": plain("Remove this nudge?"),
                                 "text": plain(f"Nudge {state.schedule.id} will stop posting."),
                                 "confirm": plain("Remove"), "deny": plain("Keep")}
            block["accessory"] = remove
        blocks.append(block)
    return blocks


def home_nudge_blocks(states: list[ScheduleState]) -> list[dict]:
    """App Home (admins): each schedule with its last and next run."""
    blocks = [header("KPI nudges (admins)")]
    blocks += [section(schedule_text(s)) for s in states[:10]] if states else \
        [section("No KPI nudges scheduled yet; `/kpi nudge` in a channel sets one up.")]
    if len(states) > 10:
        blocks.append(context(f"{len(states) - 10} more: `/kpi nudges` or `coach nudge list`."))
    return blocks
