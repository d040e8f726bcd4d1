"""ChatGPT Enterprise user analytics export (fixtures/chatgpt-enterprise/: made-up rows with the export's
columns): active days from the period's first and last active day, else last_day_active, else the period;
a seat per member still enabled."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.adoption.records import EMAIL, Activity, Licence
from bot.adoption.sources import chatgpt
from bot.errors import UserError

WEEKLY = (Path(__file__).parent / "fixtures" / "chatgpt-enterprise" / "user-analytics-weekly.csv").read_text(
    encoding="utf-8")
TOOL = "chatgpt-enterprise"
HEADER = "email,is_active,messages,period_start,period_end,last_day_active"


def act(email: str, day: str, count: int | None) -> Activity:
    return Activity(email, EMAIL, TOOL, date.fromisoformat(day), count)


def test_the_weekly_export_gives_active_days_and_seats():
    report = chatgpt.parse(WEEKLY)
    assert report.rows == 6
    assert report.activities == [
        act("ana.lopez@example.com", "2026-11-23", None),  # first day active in the period
        act("ana.lopez@example.com", "2026-11-27", 42),  # last day active in the period, with the messages
        act("ben.okafor@example.com", "2026-11-25", 9),  # no in-period days: last_day_active, inside the week
        act("femi.ade@example.com", "2026-11-26", 130),  # first and last day the same
    ]
    assert report.licences == [
        Licence("ana.lopez@example.com", EMAIL, TOOL, date(2026, 9, 1), date(2026, 11, 27)),
        Licence("ben.okafor@example.com", EMAIL, TOOL, date(2026, 9, 1), date(2026, 11, 25)),
        Licence("chen.wei@example.com", EMAIL, TOOL, date(2026, 9, 14), date(2026, 10, 2)),  # inactive this week
        Licence("dana.kim@example.com", EMAIL, TOOL, date(2026, 11, 20), None),  # invited, never active
        Licence("femi.ade@example.com", EMAIL, TOOL, date(2026, 5, 11), date(2026, 11, 26)),
    ]  # Eli is deactivated: no seat


def test_a_byte_order_mark_changes_nothing():
    assert chatgpt.parse("\ufeff" + WEEKLY) == chatgpt.parse(WEEKLY)


def test_without_any_day_the_period_gives_its_last_certain_day():
    report = chatgpt.parse(f"{HEADER}\na@x.com,true,4,2026-11-23,2026-11-30,\n")
    assert report.activities == [act("a@x.com", "2026-11-29", 4)]
    only_start = chatgpt.parse("email,is_active,period_start\na@x.com,TRUE,2026-11-23\n")
    assert only_start.activities == [act("a@x.com", "2026-11-23", None)]


def test_a_last_day_active_outside_the_period_is_not_the_periods_day():
    report = chatgpt.parse(f"{HEADER}\na@x.com,true,4,2026-11-23,2026-11-30,2026-12-02\n")
    assert report.activities == [act("a@x.com", "2026-11-29", 4)]
    assert report.licences[0].last_active == date(2026, 12, 2)


def test_messages_alone_say_who_was_active():
    report = chatgpt.parse("email,messages,last_day_active\na@x.com,3,2026-11-24\nb@x.com,0,2026-10-01\n")
    assert report.activities == [act("a@x.com", "2026-11-24", 3)]
    assert len(report.licences) == 2


def test_a_file_with_only_last_active_days_gives_those_days():
    report = chatgpt.parse("email,last_day_active\na@x.com,2026-11-24\nb@x.com,\n")
    assert report.activities == [act("a@x.com", "2026-11-24", None)]


def test_an_active_member_with_no_day_at_all_is_named():
    with pytest.raises(UserError, match=r"^row 2: active but no day"):
        chatgpt.parse("email,is_active\na@x.com,false\nb@x.com,true\n")


def test_missing_columns_are_named_with_the_columns_found():
    with pytest.raises(UserError, match=r"^The file has no email column \(columns found: name, is_active\)\.$"):
        chatgpt.parse("name,is_active\nAna,true\n")
    with pytest.raises(UserError, match=r"^The file has no is_active column \(columns found: email, name\)\.$"):
        chatgpt.parse("email,name\na@x.com,Ana\n")


@pytest.mark.parametrize(("cells", "message"), [
    ("a@x.com,yes please,1,2026-11-23,2026-11-30,", r"^row 1, is_active: 'yes please' is not true or false"),
    ("a@x.com,true,-2,2026-11-23,2026-11-30,", r"^row 1, messages: '-2' is not a count"),
    ("a@x.com,true,2,23/11/2026,2026-11-30,", r"^row 1, period_start: '23/11/2026' is not a date"),
    ("ana,true,2,2026-11-23,2026-11-30,", r"^row 1, email: 'ana' is not an email address"),
])
def test_a_bad_row_names_the_row_and_field(cells, message):
    with pytest.raises(UserError, match=message):
        chatgpt.parse(f"{HEADER}\n{cells}\n")


def test_an_empty_file_is_an_error_and_a_header_alone_is_an_empty_report():
    with pytest.raises(UserError, match="^The file is empty: expected the ChatGPT Enterprise user analytics export"):
        chatgpt.parse("  \n")
    empty = chatgpt.parse(HEADER + "\n")
    assert (empty.rows, empty.activities, empty.licences) == (0, [], [])
