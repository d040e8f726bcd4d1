"""Gemini in Workspace: Admin SDK Reports API activities (fixtures/gemini/: a page built from the documented
resource): one activity per person and UTC day, counting the events."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from bot.adoption.records import EMAIL, Activity
from bot.adoption.sources import gemini
from bot.errors import UserError

PAGE = (Path(__file__).parent / "fixtures" / "gemini" / "activities-page.json").read_text(encoding="utf-8")
TOOL = "gemini"


def act(email: str, day: str, count: int) -> Activity:
    return Activity(email, EMAIL, TOOL, date.fromisoformat(day), count)


def test_a_page_counts_each_persons_events_per_utc_day():
    report = gemini.parse(PAGE)
    assert report.rows == 5
    assert report.activities == [
        act("ana.lopez@example.com", "2026-11-24", 3),  # two items, one with two events; email case ignored
        act("ana.lopez@example.com", "2026-11-25", 1),
        act("ben.okafor@example.com", "2026-11-25", 1),  # 23:30 at UTC-5 is the 25th in UTC
    ]  # the item by an API key (no email) is skipped
    assert report.licences == []


def test_ndjson_of_items_reads_the_same():
    items = json.loads(PAGE)["items"]
    assert gemini.parse("".join(json.dumps(item) + "\n" for item in items)) == gemini.parse(PAGE)


def test_a_page_with_no_activity_has_no_items_and_is_an_empty_report():
    empty = gemini.parse('{"kind": "admin#reports#activities", "etag": "\\"x\\""}')
    assert (empty.rows, empty.activities) == (0, [])


def test_another_applications_activities_are_refused():
    document = json.loads(PAGE)
    document["items"][1]["id"]["applicationName"] = "drive"
    with pytest.raises(UserError, match=r"^row 2, id.applicationName: 'drive' is not gemini_in_workspace_apps"):
        gemini.parse(json.dumps(document))


def test_a_missing_or_bad_time_is_named():
    document = json.loads(PAGE)
    del document["items"][0]["id"]["time"]
    with pytest.raises(UserError, match=r"^row 1: no id.time"):
        gemini.parse(json.dumps(document))
    document["items"][0]["id"]["time"] = "last tuesday"
    with pytest.raises(UserError, match=r"^row 1, id.time: 'last tuesday' is not a date"):
        gemini.parse(json.dumps(document))


def test_an_actor_email_that_is_not_an_email_is_named():
    document = json.loads(PAGE)
    document["items"][3]["actor"]["email"] = "ben"
    with pytest.raises(UserError, match=r"^row 4, actor.email: 'ben' is not an email address"):
        gemini.parse(json.dumps(document))


def test_an_empty_file_is_an_error():
    with pytest.raises(UserError, match="^The file is empty: expected a page of the Admin SDK Reports API"):
        gemini.parse("")
