"""Claude Enterprise analytics API per-user activity (fixtures/claude/: a page built from the documented
fields): the day from the row, the page or last_activity_date; active on any count; count = messages on
every surface + Claude Code sessions."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from bot.adoption.records import EMAIL, Activity, Licence
from bot.adoption.sources import claude
from bot.errors import UserError

PAGE = (Path(__file__).parent / "fixtures" / "claude" / "analytics-users-page.json").read_text(encoding="utf-8")
TOOL = "claude"
DAY = date(2026, 11, 20)


def page(**top) -> dict:
    return {**json.loads(PAGE), **top}


def undated(document: dict) -> dict:
    for row in document["data"]:
        row.pop("last_activity_date", None)
    return document


def test_a_page_gives_each_users_activity_and_seat():
    report = claude.parse(PAGE)
    assert report.rows == 4
    assert report.activities == [
        Activity("ana.lopez@example.com", EMAIL, TOOL, DAY, 14),  # chat messages (thinking ones are among them)
        Activity("ben.okafor@example.com", EMAIL, TOOL, DAY, 2),  # two Claude Code sessions
        Activity("femi.ade@example.com", EMAIL, TOOL, DAY, 11),  # chat 2 + Cowork 5 + Excel 3 + 1 code session
    ]
    assert report.licences == [Licence("ana.lopez@example.com", EMAIL, TOOL, None, DAY),
                               Licence("ben.okafor@example.com", EMAIL, TOOL, None, DAY),
                               Licence("chen.wei@example.com", EMAIL, TOOL, None, None),  # idle that day
                               Licence("femi.ade@example.com", EMAIL, TOOL, None, DAY)]


def test_the_day_comes_from_the_page_as_the_pull_writes_it():
    report = claude.parse(json.dumps(undated(page(date="2026-11-19"))))
    assert {a.day for a in report.activities} == {date(2026, 11, 19)}


def test_a_row_date_wins_over_the_page_date():
    document = page(date="2026-11-19")
    document["data"][0]["date"] = "2026-11-18"
    days = {a.identity: a.day for a in claude.parse(json.dumps(document)).activities}
    assert days["ana.lopez@example.com"] == date(2026, 11, 18)
    assert days["ben.okafor@example.com"] == date(2026, 11, 19)


def test_an_active_row_with_no_day_says_how_to_give_one():
    with pytest.raises(UserError) as caught:
        claude.parse(json.dumps(undated(page())))
    assert str(caught.value).startswith('row 1: no day. The API answers for the day in its date parameter: put "date"')


def test_ndjson_rows_with_their_own_date_read_the_same():
    rows = undated(page())["data"]
    text = "".join(json.dumps({**row, "date": "2026-11-20"}) + "\n" for row in rows)
    assert claude.parse(text) == claude.parse(PAGE)


def test_any_count_makes_a_user_active_and_null_counts_are_none():
    document = page()
    idle = document["data"][2]
    idle["chat_metrics"]["distinct_conversation_count"] = None
    idle["web_search_count"] = 2
    idle["date"] = "2026-11-20"
    report = claude.parse(json.dumps(document))
    assert Activity("chen.wei@example.com", EMAIL, TOOL, DAY, 0) in report.activities


def test_rows_grouped_by_rbac_group_are_skipped():
    document = page()
    document["data"].append({"rbac_group_id": "rbac_group_01", "distinct_user_count": 3,
                             "chat_metrics": {"message_count": 40}})
    report = claude.parse(json.dumps(document))
    assert report.rows == 5
    assert len(report.activities) == 3


def test_a_bad_count_or_email_names_the_row_and_field():
    document = page()
    document["data"][1]["chat_metrics"]["message_count"] = "lots"
    with pytest.raises(UserError, match=r"^row 2, chat_metrics.message_count: 'lots' is not a count"):
        claude.parse(json.dumps(document))
    document = page()
    document["data"][3]["user"]["email_address"] = "femi"
    with pytest.raises(UserError, match=r"^row 4, user.email_address: 'femi' is not an email address"):
        claude.parse(json.dumps(document))


def test_a_bad_date_is_named():
    with pytest.raises(UserError, match=r"^row 1, date: '20/11/2026' is not a date"):
        claude.parse(json.dumps(undated(page(date="20/11/2026"))))


def test_an_empty_file_is_an_error_and_an_empty_page_is_an_empty_report():
    with pytest.raises(UserError, match="^The file is empty: expected a page of the Claude Enterprise analytics"):
        claude.parse("\n")
    empty = claude.parse('{"data": [], "next_page": null}')
    assert (empty.rows, empty.activities, empty.licences) == (0, [], [])
