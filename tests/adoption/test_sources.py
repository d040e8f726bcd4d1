"""The source dispatcher and what the parsers share: tolerant headers, days and counts with errors naming the
row and field, JSON and NDJSON rows, and repeated days merged."""

from __future__ import annotations

import gc
from datetime import date
from pathlib import Path

import pytest

from bot.adoption import sources
from bot.adoption.records import EMAIL, SOURCES, Activity
from bot.adoption.sources import reading
from bot.errors import UserError

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(("source", "name", "tool"), [
    ("m365-copilot", "m365-copilot/usage-user-detail.csv", "m365-copilot"),
    ("github-copilot", "github-copilot/organization-users-1-day-report.json", "github-copilot"),
    ("chatgpt-enterprise", "chatgpt-enterprise/user-analytics-weekly.csv", "chatgpt-enterprise"),
    ("claude", "claude/analytics-users-page.json", "claude"),
    ("gemini", "gemini/activities-page.json", "gemini"),
    ("csv", "generic/other-tools.csv", "cursor"),
])
def test_each_source_is_read_by_its_parser(source, name, tool):
    report = sources.parse(source, fixture(name))
    assert report.rows > 0
    assert tool in {a.tool for a in report.activities}


def test_every_source_of_the_records_has_a_parser():
    assert set(sources.MODULES) == set(SOURCES)


def test_the_source_name_is_read_without_regard_to_case_or_spaces():
    assert sources.parse(" CSV ", "email,tool,day\na@x.com,cursor,2026-11-02\n").rows == 1


def test_an_unknown_source_names_the_known_ones():
    with pytest.raises(UserError) as caught:
        sources.parse("copilot", "whatever")
    message = str(caught.value)
    assert "'copilot'" in message
    assert all(name in message for name in SOURCES)
    assert "\n" not in message


def test_keys_ignore_case_spaces_underscores_and_hyphens():
    assert reading.key("Last Activity Date") == reading.key("last_activity_date") == reading.key("lastActivityDate")
    assert reading.key("\ufeffE-mail") == "email"


def test_the_delimiter_is_the_one_the_header_uses_most():
    assert reading.delimiter("email;tool;day") == ";"
    assert reading.delimiter("email\ttool\tday") == "\t"
    assert reading.delimiter("email,tool,day") == ","


def test_a_missing_column_is_named_with_the_columns_found():
    with pytest.raises(UserError, match=r"^The file has no day column \(columns found: email, tool\)\.$"):
        reading.require_column(["email", "tool"], "day", "date")


def test_days_are_iso_dates_or_times_in_utc():
    assert reading.parse_day("2026-11-02", "row 1, day") == date(2026, 11, 2)
    assert reading.parse_day(" 2026-11-02 ", "row 1, day") == date(2026, 11, 2)
    assert reading.parse_day("2026-11-02T23:30:00-05:00", "row 1, day") == date(2026, 11, 3)
    assert reading.parse_day("2026-11-02T09:00:00Z", "row 1, day") == date(2026, 11, 2)
    assert reading.parse_day("2026-11-02T09:00:00", "row 1, day") == date(2026, 11, 2)
    assert reading.optional_day("", "row 1, day") is None
    assert reading.optional_day(None, "row 1, day") is None


@pytest.mark.parametrize("bad", ["02/11/2026", "2026-13-01", "yesterday", 20261102])
def test_a_bad_day_names_the_row_and_field(bad):
    with pytest.raises(UserError, match=r"^row 4, day: .* is not a date \(expected YYYY-MM-DD\)\.$"):
        reading.parse_day(bad, "row 4, day")


def test_counts_are_whole_numbers_of_zero_or_more():
    assert reading.parse_count("12", "x") == 12
    assert reading.parse_count("12.0", "x") == 12
    assert reading.parse_count(7, "x") == 7
    assert reading.parse_count("", "x") is None
    assert reading.parse_count(None, "x") is None
    for bad in ("-1", "2.5", "many", "inf", "nan", True, -3, 1.5):
        with pytest.raises(UserError, match=r"^row 2, messages: .* is not a count"):
            reading.parse_count(bad, "row 2, messages")


def test_flags_read_as_spreadsheets_and_json_write_them():
    assert reading.parse_flag("TRUE", "x") and reading.parse_flag("yes", "x") and reading.parse_flag(True, "x")
    assert not reading.parse_flag("False", "x") and not reading.parse_flag("", "x") and not reading.parse_flag(None, "x")
    with pytest.raises(UserError, match=r"^row 3, is_active: 'maybe' is not true or false\.$"):
        reading.parse_flag("maybe", "row 3, is_active")


def test_repeated_days_are_merged_by_adding_counts():
    day = date(2026, 11, 2)
    merged = reading.merge([
        Activity("a@x.com", EMAIL, "claude", day, 2), Activity("b@x.com", EMAIL, "claude", day, None),
        Activity("a@x.com", EMAIL, "claude", day, 3), Activity("b@x.com", EMAIL, "claude", day, None),
        Activity("a@x.com", EMAIL, "claude", day, None), Activity("c@x.com", EMAIL, "claude", day, None),
        Activity("c@x.com", EMAIL, "claude", day, 4), Activity("a@x.com", EMAIL, "gemini", day, 1),
    ])
    assert merged == [Activity("a@x.com", EMAIL, "claude", day, 5), Activity("b@x.com", EMAIL, "claude", day, None),
                      Activity("c@x.com", EMAIL, "claude", day, 4), Activity("a@x.com", EMAIL, "gemini", day, 1)]


def test_json_rows_come_from_a_list_a_wrapper_or_ndjson():
    def rows(text):
        top, found = reading.json_rows(text, "rows", ("items",))
        return top, list(found)

    assert rows('[{"a": 1}, {"a": 2}]') == ({}, [("row 1", {"a": 1}), ("row 2", {"a": 2})])
    assert rows('{"items": [{"a": 1}], "next": "x"}') == ({"items": [{"a": 1}], "next": "x"}, [("row 1", {"a": 1})])
    assert rows('{"a": 1}\n\n{"a": 2}\n') == ({}, [("line 1", {"a": 1}), ("line 3", {"a": 2})])
    with pytest.raises(UserError, match=r"^line 2: not valid JSON"):
        rows('{"a": 1}\n{"a": \n')
    with pytest.raises(UserError, match=r"^row 2: expected a JSON object, found int\.$"):
        rows('[{"a": 1}, 5]')
    with pytest.raises(UserError, match="neither JSON nor NDJSON"):
        rows("email,tool\n")
    with pytest.raises(UserError, match="'items' is not a list"):
        rows('{"items": 3}')


def test_an_empty_file_says_what_was_expected():
    with pytest.raises(UserError, match=r"^The file is empty: expected a thing\.$"):
        reading.text_of("\ufeff \n\n", "a thing")


def test_the_garbage_collector_is_paused_only_while_parsing():
    assert gc.isenabled()
    with reading.gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(UserError), reading.gc_paused():
        raise UserError("bad row")
    assert gc.isenabled()
