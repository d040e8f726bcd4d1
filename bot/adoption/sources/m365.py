"""Microsoft 365 Copilot: the Graph usage report getMicrosoft365CopilotUsageUserDetail, as CSV or JSON.

Each row is a user with a Copilot licence and the last day they used Copilot, overall and per app (Teams,
Word, Excel…); the report has dates, not counts. Every distinct date of a row is a day that person was
active, so a daily snapshot builds the series. A tenant that conceals user names gets an error saying how to
stop concealing, since hashed names cannot be joined to people."""

from __future__ import annotations

import re

from bot.adoption.records import EMAIL, Activity, Licence, Report
from bot.adoption.sources.reading import (
    cell,
    find_column,
    json_rows,
    key,
    merge,
    optional_day,
    read_csv,
    require_column,
)
from bot.errors import UserError

TOOL = "m365-copilot"
EXPECTED = "the Microsoft 365 Copilot usage user-detail report (CSV or JSON)"
_HASH = re.compile(r"[0-9A-Fa-f]{32}")
_DATE_SUFFIX = "lastactivitydate"  # "Last Activity Date", "Word Copilot Last Activity Date", "wordCopilotLastActivityDate"…
CONCEALED = (
    "The Microsoft 365 report conceals user names (User Principal Name is a hash), so its rows cannot be "
    "joined to people. A global admin can show names: Microsoft 365 admin center > Settings > Org settings > "
    "Services > Reports, untick \"Display concealed user, group, and site names in all reports\" (or set "
    "displayConcealedNames to false with Graph PATCH /admin/reportSettings), then export the report again."
)


def parse(text: str) -> Report:
    """The licences (every row) and the active days of a usage user-detail report, CSV or JSON."""
    body = text.lstrip("\ufeff").lstrip()
    if body.startswith(("{", "[")):
        return _parse_json(text)
    return _parse_csv(text)


def _parse_csv(text: str) -> Report:
    header, rows = read_csv(text, EXPECTED)
    upn = require_column(header, "User Principal Name", "userPrincipalName")
    overall = find_column(header, "Last Activity Date")
    dated = [i for i, h in enumerate(header) if key(h).endswith(_DATE_SUFFIX)]
    if not dated:
        require_column(header, "Last Activity Date")
    report, activities = Report(), []
    for number, cells in rows:
        report.rows += 1
        dates = {header[i]: cell(cells, i) for i in dated}
        _add_row(report, activities, f"row {number}", cell(cells, upn), dates,
                 header[overall] if overall is not None else "")
    report.activities = merge(activities)
    return report


def _parse_json(text: str) -> Report:
    _, rows = json_rows(text, EXPECTED, ("value",))
    report, activities = Report(), []
    for label, row in rows:
        report.rows += 1
        if row.get("userPrincipalName") is None:
            raise UserError(f"{label}: no userPrincipalName; expected {EXPECTED}.")
        dates = {k: v for k, v in row.items() if key(k).endswith(_DATE_SUFFIX)}
        _add_row(report, activities, label, row["userPrincipalName"], dates, "lastActivityDate")
    report.activities = merge(activities)
    return report


def _add_row(report: Report, activities: list[Activity], label: str, upn: object, dates: dict[str, object],
             overall: str) -> None:
    """One user's licence and active days; ``dates`` holds every last-activity date of the row by its column,
    ``overall`` names the overall one."""
    identity = _identity(upn, label)
    days = {name: optional_day(value, f"{label}, {name}") for name, value in dates.items()}
    distinct = list(dict.fromkeys(day for day in days.values() if day is not None))
    last = days.get(overall) or (max(distinct) if distinct else None)
    report.licences.append(Licence(identity, EMAIL, TOOL, None, last))
    activities.extend(Activity(identity, EMAIL, TOOL, day, None) for day in distinct)


def _identity(upn: object, label: str) -> str:
    text = upn.strip() if isinstance(upn, str) else ""
    if _HASH.fullmatch(text):
        raise UserError(CONCEALED)
    if "@" not in text:
        raise UserError(f"{label}, User Principal Name: {upn!r} is not a user name like name@example.com.")
    return text.lower()
