"""Gemini in Workspace: Admin SDK Reports API activities for applicationName gemini_in_workspace_apps
(GET admin/reports/v1/activity/users/all/applications/gemini_in_workspace_apps).

A page is ``{"kind": "admin#reports#activities", "items": [{"id": {"time", "applicationName"}, "actor":
{"email"}, "events": [{"type": "ai_usage_event", "name": "feature_utilization", "parameters": [...]}]}],
"nextPageToken": …}``; a file may also be NDJSON of items. Each item is one person acting at one time: one
activity per (email, UTC day), count = the number of events that day. Items with no actor email (actions by
an API key or the system) are skipped."""

from __future__ import annotations

from collections import Counter

from bot.adoption.records import EMAIL, Activity, Report
from bot.adoption.sources.reading import json_rows, parse_day
from bot.errors import UserError

TOOL = "gemini"
APPLICATION = "gemini_in_workspace_apps"
EXPECTED = f"a page of the Admin SDK Reports API activities for {APPLICATION} ({{\"items\": [...]}}) or NDJSON of its items"
PAGE_KIND = "admin#reports#activities"


def parse(text: str) -> Report:
    """Active (email, day) pairs of a Reports API activities page; count = events that day."""
    _, rows = json_rows(text, EXPECTED, ("items",))
    report = Report()
    events: Counter = Counter()
    for label, item in rows:
        if item.get("kind") == PAGE_KIND:
            continue  # a page with no activity has no "items" at all
        report.rows += 1
        ident = item.get("id") if isinstance(item.get("id"), dict) else {}
        application = ident.get("applicationName")
        if application is not None and application != APPLICATION:
            raise UserError(f"{label}, id.applicationName: {application!r} is not {APPLICATION}; "
                            f"expected {EXPECTED}.")
        if ident.get("time") is None:
            raise UserError(f"{label}: no id.time; expected {EXPECTED}.")
        day = parse_day(ident["time"], f"{label}, id.time")
        actor = item.get("actor") if isinstance(item.get("actor"), dict) else {}
        email = actor.get("email")
        if not email:
            continue
        if not isinstance(email, str) or "@" not in email:
            raise UserError(f"{label}, actor.email: {email!r} is not an email address.")
        happened = item.get("events")
        events[(email.strip().lower(), day)] += len(happened) if isinstance(happened, list) and happened else 1
    report.activities = [Activity(email, EMAIL, TOOL, day, count) for (email, day), count in events.items()]
    return report
