"""GitHub Copilot: the usage-metrics users reports (users-1-day, users-28-day) and the licensed seats.

A report row is one user on one day; as GitHub serves it, NDJSON (one row a line), or wrapped in
``{"day_totals": [...]}`` as in GitHub's sample data. A row is active when the user did something with
Copilot that day: any interaction, generation or acceptance, or a ``used_*`` flag (chat, agent, CLI, coding
agent…; not ``used_copilot_code_review_passive``, a review the user did not ask for). People are GitHub logins,
joined to the directory by its github_login."""

from __future__ import annotations

from bot.adoption.records import GITHUB, Activity, Licence, Report
from bot.adoption.sources.reading import (
    json_rows,
    load_json,
    merge,
    optional_day,
    parse_count,
    parse_day,
    text_of,
)
from bot.errors import UserError

TOOL = "github-copilot"
EXPECTED = "a GitHub Copilot users usage report (users-1-day or users-28-day; NDJSON or {\"day_totals\": [...]})"
SEATS = "the JSON of GET /orgs/{org}/copilot/billing/seats ({\"seats\": [...]})"
COUNTS = ("user_initiated_interaction_count", "code_generation_activity_count", "code_acceptance_activity_count")
PASSIVE = "used_copilot_code_review_passive"


def parse(text: str) -> Report:
    """Active (login, day) pairs of a users report; count = user_initiated_interaction_count."""
    top, rows = json_rows(text, EXPECTED, ("day_totals",))
    _not_a_users_report(top)
    report = Report()
    activities: list[Activity] = []
    for label, row in rows:
        report.rows += 1
        login = row.get("user_login")
        if not isinstance(login, str) or not login.strip():
            raise UserError(f"{label}: no user_login; expected {EXPECTED}.")
        if row.get("day") is None:
            raise UserError(f"{label}: no day; expected {EXPECTED}.")
        day = parse_day(row["day"], f"{label}, day")
        counts = [parse_count(row.get(name), f"{label}, {name}") for name in COUNTS]
        used = any(value is True for name, value in row.items() if name.startswith("used_") and name != PASSIVE)
        if any(counts) or used:
            activities.append(Activity(login.strip().lower(), GITHUB, TOOL, day, counts[0]))
    report.activities = merge(activities)
    return report


def _not_a_users_report(top: dict) -> None:
    """Point at the right file when given the download-links answer instead of the report it links to."""
    if "download_links" in top:
        raise UserError("This is the API's answer with download_links, not the report: download the files it "
                        "links to and import those.")


def parse_seats(text: str) -> list[Licence]:
    """The licensed seats of one page of GET /orgs/{org}/copilot/billing/seats (the pull follows pages)."""
    document = load_json(text_of(text, SEATS), SEATS)
    seats = document.get("seats") if isinstance(document, dict) else document
    if not isinstance(seats, list):
        raise UserError(f"The file has no seats list; expected {SEATS}.")
    licences: list[Licence] = []
    for number, seat in enumerate(seats, start=1):
        label = f"seat {number}"
        assignee = seat.get("assignee") if isinstance(seat, dict) else None
        login = assignee.get("login") if isinstance(assignee, dict) else None
        if not isinstance(login, str) or not login.strip():
            raise UserError(f"{label}: no assignee.login; expected {SEATS}.")
        since = optional_day(seat.get("created_at"), f"{label}, created_at")
        last = optional_day(seat.get("last_activity_at"), f"{label}, last_activity_at")
        licences.append(Licence(login.strip().lower(), GITHUB, TOOL, since, last))
    return licences
