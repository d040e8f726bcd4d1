"""ChatGPT Enterprise: the workspace analytics user export (Workspace settings > Workspace analytics >
Export, weekly or monthly CSV; one row per member for the period).

A row is active when ``is_active`` is true or ``messages`` > 0. Its days: the first and last day active in the
period when the export has them; else ``last_day_active`` when it falls inside the period (or no period is
given); else the last day certainly inside the period, ``period_end`` minus one day (never before
``period_start``), whether the export's end is inclusive or not. The messages count goes on the latest of those
days. Every row is also a seat, except a member whose ``user_status`` says deactivated, deleted or removed."""

from __future__ import annotations

from datetime import date, timedelta

from bot.adoption.records import EMAIL, Activity, Licence, Report
from bot.adoption.sources.reading import (
    cell,
    find_column,
    merge,
    optional_day,
    parse_count,
    parse_flag,
    read_csv,
    require_column,
)
from bot.errors import UserError

TOOL = "chatgpt-enterprise"
EXPECTED = "the ChatGPT Enterprise user analytics export (CSV with email, is_active, messages, last_day_active…)"
GONE = ("deactivated", "deleted", "removed", "suspended")


def parse(text: str) -> Report:
    """Seats and active days of a ChatGPT Enterprise user export."""
    header, rows = read_csv(text, EXPECTED)
    col = {name: find_column(header, name) for name in (
        "is_active", "messages", "last_day_active", "first_day_active_in_period", "last_day_active_in_period",
        "period_start", "period_end", "created_or_invited_date", "user_status")}
    email_col = require_column(header, "email")
    if col["is_active"] is None and col["messages"] is None and col["last_day_active"] is None:
        require_column(header, "is_active")
    report = Report()
    activities: list[Activity] = []
    for number, cells in rows:
        report.rows += 1
        label = f"row {number}"
        email = cell(cells, email_col).lower()
        if "@" not in email:
            raise UserError(f"{label}, email: {cell(cells, email_col)!r} is not an email address.")
        days = {name: optional_day(cell(cells, col[name]), f"{label}, {name}") for name in (
            "last_day_active", "first_day_active_in_period", "last_day_active_in_period", "period_start",
            "period_end", "created_or_invited_date")}
        messages = parse_count(cell(cells, col["messages"]), f"{label}, messages")
        flag = parse_flag(cell(cells, col["is_active"]), f"{label}, is_active")
        if col["is_active"] is None and col["messages"] is None:
            active = days["last_day_active"] is not None  # an export with dates only: its last day is a fact
        else:
            active = flag or bool(messages)
        seen = _active_days(days, label) if active else []
        for day in seen[:-1]:
            activities.append(Activity(email, EMAIL, TOOL, day, None))
        if seen:
            activities.append(Activity(email, EMAIL, TOOL, seen[-1], messages))
        if cell(cells, col["user_status"]).lower() not in GONE:
            last = days["last_day_active"] or (seen[-1] if seen else None)
            report.licences.append(Licence(email, EMAIL, TOOL, days["created_or_invited_date"], last))
    report.activities = merge(activities)
    return report


def _active_days(days: dict[str, date | None], label: str) -> list[date]:
    """The days an active row stands for, earliest first (see the module docstring)."""
    in_period = sorted({d for d in (days["first_day_active_in_period"], days["last_day_active_in_period"]) if d})
    if in_period:
        return in_period
    start, end, last = days["period_start"], days["period_end"], days["last_day_active"]
    if last and (start or last) <= last <= (end or last):
        return [last]
    if end:
        return [max(end - timedelta(days=1), start or end - timedelta(days=1))]
    if start:
        return [start]
    raise UserError(f"{label}: active but no day: the export needs last_day_active or period_start/period_end.")
