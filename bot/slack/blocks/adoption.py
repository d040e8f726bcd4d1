"""Adoption measured from the AI tools as Block Kit: the `/kpi adoption [department]` reply and the App Home
section (the last complete month per department and tool, the weekly trend, unused licences, each source's
last sync, and intent beside use). Every figure shown comes from bot.adoption, already pooled so that none
rests on fewer than k people."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot.adoption.figures import Snapshot
from bot.adoption.intent import IntentRow
from bot.adoption.ledger import DIRECTORY, SourceStatus
from bot.adoption.pooling import ALL, POOLED
from bot.adoption.records import tool_label
from bot.adoption.rollup import ANY, DepartmentView, Figure, UnusedLicences
from bot.clock import as_utc
from bot.slack.blocks.kit import context, plain, section
from bot.slack.blocks.text import SECTION_LIMIT, escape, fallback, shorten, user_text

IMPORT_HINT = ("An admin imports who is eligible with `coach directory import people.csv`, then the tools' usage "
               "with `coach adoption import --source SOURCE FILE` (or pulls it with `coach adoption sync`).")
BARS = "▁▂▃▄▅▆▇█"
HOME_LOWEST = 3  # departments listed as the lowest in App Home
HOME_INTENT = 4  # intent-beside-use rows in App Home


@dataclass
class AdoptionHome:
    """What App Home shows of adoption: the last complete month (None without a directory), the sources, and
    intent beside use (None when there is no closed TAM/UTAUT survey to read it from)."""

    snapshot: Snapshot | None
    sources: list[SourceStatus] = field(default_factory=list)
    intents: list[IntentRow] | None = None
    survey: str = ""  # the title of the survey the intentions come from


# small pieces -----------------------------------------------------------------------------------

def name(group: str) -> str:
    """A department (from the directory, so escaped and defused) or one of the combined groups."""
    return group if group in (ALL, POOLED) else user_text(group, 80)


def tool_name(tool: str) -> str:
    return "any AI tool" if tool == ANY else escape(tool_label(tool))


def pct(rate: float) -> str:
    return f"{rate:g}%"


def figure_line(label: str, f: Figure) -> str:
    return f"• {label}: *{pct(f.rate)}* ({f.active} of {f.eligible})"


def sparkline(rates: Sequence[float | None]) -> str:
    """One bar per week on the 0–100% scale (not stretched to the data, so a flat line means flat adoption);
    a week without a figure is a dot."""
    return "".join("·" if r is None else BARS[min(int(r / 100 * len(BARS)), len(BARS) - 1)] for r in rates)


def trend_text(trend: Sequence[tuple[str, float | None]], who: str) -> str:
    if not trend:
        return ""
    points = " · ".join(f"{label} {'—' if rate is None else pct(rate)}" for label, rate in trend)
    return (f"*Weekly trend* ({who}, any AI tool)\n`{sparkline([r for _, r in trend])}`  "
            f"{trend[0][0]} → {trend[-1][0]}\n{points}")


def pooled_note(snap: Snapshot) -> str:
    r = snap.rollup
    if not r.pooled:
        return ""
    names = ", ".join(name(d) for d in r.pooled)
    if any(f.department == POOLED for f in r.figures):
        return (f"*{POOLED}*: {names}. A department is shown on its own only when it holds at least {r.k} "
                f"eligible people and so does the pooled group.")
    return f"Every department has fewer than {r.k} eligible people, so only the organisation is shown ({names})."


def unmatched_note(snap: Snapshot) -> str:
    if not snap.unmatched:
        return ""
    return (f"Not counted: {snap.unmatched} of the people active in the tools, who match nobody in the directory "
            "(`coach adoption sources` shows them per source).")


def _when(moment: datetime | None) -> str:
    return "—" if moment is None else as_utc(moment).strftime("%Y-%m-%d %H:%M UTC")


def _chunks(title: str, lines: list[str]) -> list[dict]:
    """``lines`` under a bold title, in as few sections as fit Slack's 3,000 characters each."""
    blocks, current = [], f"*{title}*"
    for line in lines:
        line = shorten(line, SECTION_LIMIT - 100)
        if len(current) + len(line) + 1 > SECTION_LIMIT:
            blocks.append(section(current))
            current = ""
        current += ("\n" if current else "") + line
    blocks.append(section(current))
    return blocks


def _message(title: str, blocks: list[dict]) -> dict:
    return {"text": fallback(title), "blocks": [section(f"*{escape(title)}*")] + blocks[:49]}


# `/kpi adoption` ---------------------------------------------------------------------------------

def no_data_message(directory: bool) -> dict:
    """One line: what to import first (``directory``: there is a directory, but no usage report yet)."""
    if directory:
        text = ("No usage from the AI tools yet: an admin imports a report with `coach adoption import --source "
                "SOURCE FILE` or pulls it with `coach adoption sync`.")
    else:
        text = f"No adoption figures yet. {IMPORT_HINT}"
    return {"text": text, "blocks": [section(text)]}


def unused_lines(unused: UnusedLicences, department: str | None = None) -> list[str]:
    """Licences unused for 30 days per tool: the organisation and each shown group, or (``department``) only
    that department's row where its licence holders are shown on their own."""
    lines = []
    for tool in dict.fromkeys(r.tool for r in unused.rows):
        rows = unused.for_tool(tool)
        total = next(r for r in rows if r.department == ALL)
        if department is not None:
            own = next((r for r in rows if r.department == department), None)
            if own is not None:
                lines.append(f"• {escape(tool_label(tool))}: *{own.inactive} of {own.licensed}* licences unused "
                             f"({pct(own.rate)})")
            continue
        parts = [f"{name(r.department)} {r.inactive} of {r.licensed}" for r in rows if r.department != ALL]
        lines.append(f"• {escape(tool_label(tool))}: *{total.inactive} of {total.licensed}* licences unused "
                     f"({pct(total.rate)})" + (" — " + ", ".join(parts) if parts else ""))
    return lines


def _unused_blocks(unused: UnusedLicences, department: str | None = None) -> list[dict]:
    lines = unused_lines(unused, department)
    notes = []
    if department is None and unused.withheld:
        notes.append(f"Fewer than {unused.k} licence holders, so nothing is shown for "
                     f"{', '.join(escape(tool_label(t)) for t in unused.withheld)}.")
    if department is None and any(unused.pooled.values()):
        notes.append(f"Licence holders are pooled per tool: departments with fewer than {unused.k} of them are "
                     f"counted in {POOLED}.")
    if not lines:
        if department is not None or notes:
            return [context(" ".join(notes))] if notes else []
        return [context("No licences reported by the sources yet.")]
    return _chunks("Licensed but inactive for 30 days", lines) + ([context(" ".join(notes))] if notes else [])


def organisation_reply(snap: Snapshot, trend: Sequence[tuple[str, float | None]],
                       unused: UnusedLicences) -> dict:
    """`/kpi adoption`: every shown department and tool in the period, the weekly trend, unused licences."""
    title = f"AI tool adoption — {snap.period.label}"
    r = snap.rollup
    if not r.released:
        return _message(title, [section(r.reason)])
    blocks = _chunks("By department (any AI tool)", [figure_line(name(f.department), f) for f in r.by_department()])
    tools = [f for f in r.by_tool() if f.tool != ANY]
    if tools:
        blocks += _chunks("By tool (all departments)", [figure_line(tool_name(f.tool), f) for f in tools])
    notes = [n for n in (pooled_note(snap), unmatched_note(snap)) if n]
    if notes:
        blocks.append(context(shorten(" ".join(notes), SECTION_LIMIT)))
    if trend:
        blocks.append(section(shorten(trend_text(trend, "all departments"), SECTION_LIMIT)))
    blocks += _unused_blocks(unused)
    blocks.append(context("Active: used the tool at least once in the period, over the people the directory lists. "
                          "`/kpi adoption DEPARTMENT` for one department."))
    return _message(title, blocks)


def department_reply(snap: Snapshot, view: DepartmentView, trend: Sequence[tuple[str, float | None]],
                     unused: UnusedLicences) -> dict:
    """`/kpi adoption DEPARTMENT`: the figures of the group holding it, saying so when it is pooled."""
    title = f"AI tool adoption — {view.department}, {snap.period.label}"
    if view.group is None:
        return _message(title, [section(user_text(view.reason, 1000))])
    r = snap.rollup
    blocks = []
    if view.group != view.department:
        if view.group == POOLED:
            what = f"*{POOLED}*: {', '.join(name(d) for d in r.pooled)}"
        else:
            what = "the whole organisation (every department is pooled)"
        blocks.append(section(f":information_source: *{name(view.department)}* is pooled with other departments: "
                              f"it has fewer than {r.k} eligible people, or was needed to bring the pooled group up "
                              f"to {r.k}. These figures are about {what}."))
    head = next(f for f in view.figures if f.tool == ANY)
    lines = [figure_line(f"*{name(view.group)}*, any AI tool", head)]
    lines += [figure_line(tool_name(f.tool), f) for f in view.figures if f.tool != ANY]
    blocks += _chunks("Adoption", lines)
    org = next((f for f in r.by_tool() if f.tool == ANY), None)
    if org is not None and view.group != ALL:
        blocks.append(context(f"The whole organisation: {pct(org.rate)} ({org.active} of {org.eligible})."))
    if trend:
        blocks.append(section(shorten(trend_text(trend, name(view.group)), SECTION_LIMIT)))
    if view.group == view.department:
        blocks += _unused_blocks(unused, view.department)
    return _message(title, blocks)


# App Home -----------------------------------------------------------------------------------------

def source_label(source: str) -> str:
    return {DIRECTORY: "Directory", "csv": "Generic CSV"}.get(source, tool_label(source))


def source_line(s: SourceStatus) -> str:
    label = escape(source_label(s.source))
    what = f"{s.rows} people" if s.source == DIRECTORY else f"{s.rows} rows, {s.activities} active days"
    if s.source != DIRECTORY and s.unmatched:
        what += f", {s.unmatched} unmatched"
    if s.source != DIRECTORY and s.last_day:
        what += f", data up to {s.last_day:%Y-%m-%d}"
    last = f"last {s.how or 'import'} {_when(s.last_success_at)} ({what})" if s.last_success_at else "never succeeded"
    if s.failing:
        return f"• :warning: *{label}* — *failing* since {_when(s.error_at)}: {user_text(s.error, 200)} · {last}"
    return f"• {label} — {last}"


def intent_lines(rows: Sequence[IntentRow]) -> list[str]:
    lines = []
    for row in rows:
        line = (f"• {name(row.department)}: intention *{row.intent.score:.1f}*/7 ({row.intent.n} answers), "
                f"use *{pct(row.figure.rate)}*")
        if row.flag:
            line += f" — :warning: {row.message} _{row.tip.text}_ (source: `{escape(row.tip.source)}`)"
        lines.append(line)
    return lines


def home_adoption_blocks(home: AdoptionHome) -> list[dict]:
    """App Home (managers, HR, admins): at most 8 blocks, whatever the number of departments and sources."""
    blocks: list[dict] = [{"type": "header", "text": plain("AI tool adoption (managers, HR)")}]
    snap = home.snapshot
    if snap is None:
        blocks.append(section(f"No directory yet, so no adoption figures. {IMPORT_HINT}"))
    elif not any(s.source != DIRECTORY and s.last_success_at for s in home.sources):
        blocks.append(section(no_data_message(directory=True)["text"]))
    elif not snap.rollup.released:
        blocks.append(section(f"{snap.period.label}: {snap.rollup.reason}"))
    else:
        r = snap.rollup
        org = next(f for f in r.by_tool() if f.tool == ANY)
        used = sorted((f for f in r.by_tool() if f.tool != ANY), key=lambda f: (-f.rate, f.tool))
        tools = " · ".join(f"{tool_name(f.tool)} *{pct(f.rate)}*" for f in used)
        blocks.append(section(shorten(
            f"*{snap.period.label}* (last complete month): *{pct(org.rate)}* of {org.eligible} people used an AI "
            f"tool ({org.active} active)." + (f"\nBy tool: {tools}" if tools else ""), SECTION_LIMIT)))
        groups = sorted((f for f in r.by_department() if f.department != ALL), key=lambda f: (f.rate, f.department))
        if groups:
            lines = [figure_line(name(f.department), f) for f in groups[:HOME_LOWEST]]
            blocks.append(section(shorten("*Lowest adoption*\n" + "\n".join(lines), SECTION_LIMIT)))
        if home.intents:
            shown = sorted(home.intents, key=lambda row: (not row.flag, row.department != ALL))[:HOME_INTENT]
            head = f"*Intent beside use* (from “{user_text(home.survey, 100)}”)" if home.survey else \
                "*Intent beside use*"
            blocks.append(section(shorten(head + "\n" + "\n".join(intent_lines(shown)), SECTION_LIMIT)))
        note = " ".join(n for n in (pooled_note(snap), unmatched_note(snap)) if n)
        if note:
            blocks.append(context(shorten(note, SECTION_LIMIT)))
    if home.sources:
        order = sorted(home.sources, key=lambda s: (not s.failing, s.source != DIRECTORY, s.source))
        blocks.append(section(shorten("*Sources*\n" + "\n".join(source_line(s) for s in order), SECTION_LIMIT)))
    blocks.append(context("`/kpi adoption [department]` shows every department, tool, the weekly trend and "
                          "unused licences."))
    return blocks
