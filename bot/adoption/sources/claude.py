"""Claude Enterprise: the analytics API's per-user activity, GET /v1/organizations/analytics/users?date=…

One page is ``{"data": [{"user": {"email_address"}, "chat_metrics": {...}, "claude_code_metrics": {...},
"cowork_metrics": …, "web_search_count", …}], "next_page": …}``; a file may also be NDJSON of those rows.
The API answers for the day of its ``date`` parameter, which the rows do not repeat, so the day is the row's
``date``, else the file's top-level ``date`` (the pull adds it), else the row's ``last_activity_date``.

Active when any count in the row's metrics is above zero. Count = messages on every surface (chat, Cowork,
Design, Office, Science) + Claude Code sessions. Every user row is also a seat; rows grouped by RBAC group
(no user) are aggregates and are skipped."""

from __future__ import annotations

from bot.adoption.records import EMAIL, Activity, Licence, Report
from bot.adoption.sources.reading import json_rows, merge, optional_day, parse_count
from bot.errors import UserError

TOOL = "claude"
EXPECTED = "a page of the Claude Enterprise analytics API's /v1/organizations/analytics/users ({\"data\": [...]}) or NDJSON of its rows"
NO_DAY = ("{label}: no day. The API answers for the day in its date parameter: put \"date\": \"YYYY-MM-DD\" at the "
          "top of the file (or give each row a date), or pull with `coach adoption sync claude`.")


def parse(text: str) -> Report:
    """Seats and active days of one page (or NDJSON rows) of the per-user activity."""
    top, rows = json_rows(text, EXPECTED, ("data",))
    report = Report()
    activities: list[Activity] = []
    for label, row in rows:
        report.rows += 1
        user = row.get("user")
        if user is None and ("rbac_group_id" in row or "distinct_user_count" in row):
            continue
        email = user.get("email_address") if isinstance(user, dict) else None
        if not isinstance(email, str) or "@" not in email:
            raise UserError(f"{label}, user.email_address: {email!r} is not an email address.")
        email = email.strip().lower()
        counts = _counts(row, label)
        day = None
        if any(counts.values()):
            day = optional_day(row.get("date") or top.get("date") or row.get("last_activity_date"), f"{label}, date")
            if day is None:
                raise UserError(NO_DAY.format(label=label))
            activities.append(Activity(email, EMAIL, TOOL, day, _interactions(counts)))
        report.licences.append(Licence(email, EMAIL, TOOL, None, day))
    report.activities = merge(activities)
    return report


def _counts(row: dict, label: str) -> dict[str, int]:
    """Every count of the row by its dotted path (``chat_metrics.message_count``…), nested objects walked; a
    null count (the API's "cannot be computed") is left out."""
    found: dict[str, int] = {}
    pending = [(name, value) for name, value in row.items() if name.endswith(("_metrics", "_count"))]
    while pending:
        path, value = pending.pop()
        if isinstance(value, dict):
            pending += [(f"{path}.{k}", v) for k, v in value.items()]
        elif value is not None and path.endswith("_count"):
            count = parse_count(value, f"{label}, {path}")
            if count is not None:
                found[path] = count
    return found


def _interactions(counts: dict[str, int]) -> int:
    """Messages on every surface plus Claude Code sessions: what a person did, not what it produced."""
    return sum(value for path, value in counts.items()
               if path.endswith(".message_count") or path == "claude_code_metrics.core_metrics.distinct_session_count")
