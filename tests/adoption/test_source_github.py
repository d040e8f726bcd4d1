"""GitHub Copilot users usage reports (GitHub's sample data in fixtures/github-copilot/, MIT) as NDJSON or
wrapped in day_totals, and the licensed seats."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from bot.adoption.records import GITHUB, Activity, Licence
from bot.adoption.sources import github
from bot.errors import UserError

FIXTURES = Path(__file__).parent / "fixtures" / "github-copilot"
TOOL = "github-copilot"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def ndjson(rows: list[dict]) -> str:
    return "".join(json.dumps(row) + "\n" for row in rows)


def row(**fields) -> dict:
    base = {"day": "2026-04-25", "user_login": "mona", "user_initiated_interaction_count": 0,
            "code_generation_activity_count": 0, "code_acceptance_activity_count": 0,
            "used_chat": False, "used_agent": False}
    return {**base, **fields}


def test_the_one_day_sample_counts_interactions_and_cli_use():
    report = github.parse(fixture("organization-users-1-day-report.json"))
    assert report.rows == 2
    # octocat only used the Copilot CLI that day (used_cli): active, with no IDE interactions
    assert report.activities == [Activity("hubot", GITHUB, TOOL, date(2026, 4, 25), 24),
                                 Activity("octocat", GITHUB, TOOL, date(2026, 4, 25), 0)]
    assert report.licences == []


def test_the_28_day_sample_gives_one_activity_per_user_and_day():
    rows = json.loads(fixture("organization-users-28-day-report.json"))["day_totals"]
    report = github.parse(fixture("organization-users-28-day-report.json"))
    assert report.rows == len(rows) == 107
    assert len(report.activities) == 107  # every sample row did something that day
    assert {a.identity for a in report.activities} == {r["user_login"].lower() for r in rows}
    assert {a.day.isoformat() for a in report.activities} == {r["day"] for r in rows}
    assert {(a.kind, a.tool) for a in report.activities} == {(GITHUB, TOOL)}
    defunkt = next(a for a in report.activities if a.identity == "defunkt" and a.day == date(2026, 3, 30))
    assert defunkt.count == 10


def test_ndjson_as_github_serves_it_reads_the_same_as_day_totals():
    wrapped = fixture("organization-users-28-day-report.json")
    lines = ndjson(json.loads(wrapped)["day_totals"])
    assert github.parse(lines) == github.parse(wrapped)
    assert github.parse("\ufeff" + lines) == github.parse(wrapped)


def test_a_row_that_did_nothing_is_a_row_but_no_activity():
    report = github.parse(ndjson([row(), row(user_login="hubot", used_copilot_code_review_passive=True)]))
    assert report.rows == 2
    assert report.activities == []


@pytest.mark.parametrize("fields", [
    {"user_initiated_interaction_count": 3}, {"code_generation_activity_count": 1},
    {"code_acceptance_activity_count": 2}, {"used_chat": True}, {"used_agent": True}, {"used_cli": True},
    {"used_copilot_coding_agent": True}, {"used_copilot_code_review_active": True},
])
def test_any_count_or_use_flag_makes_the_day_active(fields):
    assert len(github.parse(ndjson([row(**fields)])).activities) == 1


def test_the_count_is_unknown_when_the_report_has_no_interaction_count():
    fields = row(code_generation_activity_count=5)
    del fields["user_initiated_interaction_count"]
    assert github.parse(ndjson([fields])).activities == [Activity("mona", GITHUB, TOOL, date(2026, 4, 25), None)]


def test_logins_are_lower_cased_and_a_repeated_day_adds_up():
    report = github.parse(ndjson([row(user_login="OctoCat", user_initiated_interaction_count=2),
                                  row(user_login="octocat", user_initiated_interaction_count=5)]))
    assert report.activities == [Activity("octocat", GITHUB, TOOL, date(2026, 4, 25), 7)]


def test_a_bad_day_or_count_names_the_line_and_field():
    with pytest.raises(UserError, match=r"^line 2, day: '25/04/2026' is not a date"):
        github.parse(ndjson([row(), row(day="25/04/2026")]))
    with pytest.raises(UserError, match=r"^row 1, user_initiated_interaction_count: 'many' is not a count"):
        github.parse(json.dumps({"day_totals": [row(user_initiated_interaction_count="many")]}))
    with pytest.raises(UserError, match=r"^line 2: no day"):
        github.parse(ndjson([row(), {k: v for k, v in row().items() if k != "day"}]))


def test_a_broken_line_is_named():
    with pytest.raises(UserError, match=r"^line 2: not valid JSON"):
        github.parse(ndjson([row()]) + '{"day": "2026-04-25", "user_login": \n')


def test_the_organisation_totals_report_is_not_a_users_report():
    with pytest.raises(UserError, match=r"^row 1: no user_login; expected a GitHub Copilot users usage report"):
        github.parse(fixture("organization-1-day-report.json"))


def test_the_download_links_answer_points_at_the_files_to_download():
    with pytest.raises(UserError, match="download the files it links to"):
        github.parse(fixture("download-links-organization-1-day.json"))


def test_an_empty_file_is_an_error_and_an_empty_report_is_empty():
    with pytest.raises(UserError, match="^The file is empty"):
        github.parse("")
    empty = github.parse('{"day_totals": []}')
    assert (empty.rows, empty.activities) == (0, [])


def test_seats_are_licences_by_login_since_their_creation():
    seats = github.parse_seats(fixture("organization_seats_response_sample.json"))
    assert len(seats) == 9
    assert seats[0] == Licence("monalisa", GITHUB, TOOL, date(2026, 1, 3), date(2026, 5, 1))
    assert seats[-1] == Licence("newjoiner", GITHUB, TOOL, date(2026, 4, 28), None)  # never used it yet


def test_seat_logins_are_lower_cased_and_a_seat_without_one_is_named():
    page = {"total_seats": 2, "seats": [{"created_at": "2026-01-03T09:00:00Z", "assignee": {"login": "MonaLisa"}},
                                        {"created_at": "2026-01-03T09:00:00Z", "assignee": None}]}
    with pytest.raises(UserError, match=r"^seat 2: no assignee.login"):
        github.parse_seats(json.dumps(page))
    page["seats"].pop()
    assert github.parse_seats(json.dumps(page)) == [Licence("monalisa", GITHUB, TOOL, date(2026, 1, 3), None)]


def test_seat_files_that_are_not_seats_are_refused():
    with pytest.raises(UserError, match="no seats list"):
        github.parse_seats('{"total_seats": 0}')
    with pytest.raises(UserError, match="not valid JSON"):
        github.parse_seats("seats: none")
    with pytest.raises(UserError, match=r"^seat 1, last_activity_at: 'yesterday' is not a date"):
        github.parse_seats('{"seats": [{"assignee": {"login": "a"}, "last_activity_at": "yesterday"}]}')
    assert github.parse_seats('{"total_seats": 0, "seats": []}') == []
