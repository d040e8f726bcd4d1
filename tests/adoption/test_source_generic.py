"""The generic ``email, tool, day[, count]`` CSV: tolerant header, tool names as keys, repeated days added,
every bad row named."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.adoption.records import EMAIL, Activity
from bot.adoption.sources import generic
from bot.errors import UserError

OTHER_TOOLS = (Path(__file__).parent / "fixtures" / "generic" / "other-tools.csv").read_text(encoding="utf-8")


def act(email: str, tool: str, day: str, count: int | None) -> Activity:
    return Activity(email, EMAIL, tool, date.fromisoformat(day), count)


def test_the_fixture_adds_repeated_days_and_maps_known_tools():
    report = generic.parse(OTHER_TOOLS)
    assert report.rows == 5  # the blank line is not a row
    assert report.activities == [
        act("ana.lopez@example.com", "cursor", "2026-11-23", 15),  # 12 + 3, the email's case ignored
        act("ben.okafor@example.com", "github-copilot", "2026-11-24", 7),
        act("ben.okafor@example.com", "perplexity-enterprise", "2026-11-24", None),
        act("chen.wei@example.com", "m365-copilot", "2026-11-25", 1),
    ]
    assert report.licences == []


@pytest.mark.parametrize(("name", "key"), [
    ("GitHub Copilot", "github-copilot"), ("github-copilot", "github-copilot"),
    ("Microsoft 365 Copilot", "m365-copilot"), ("ChatGPT Enterprise", "chatgpt-enterprise"),
    ("ChatGPT", "chatgpt-enterprise"), ("Gemini in Workspace", "gemini"), ("Claude", "claude"),
    ("  Notion   AI ", "notion-ai"), ("Cursor", "cursor"),
])
def test_tool_names_become_keys(name, key):
    assert generic.tool_key(name) == key


def test_columns_in_any_order_and_case_without_counts():
    report = generic.parse("DAY,Tool,EMAIL\n2026-11-02,Cursor,a@x.com\n")
    assert report.activities == [act("a@x.com", "cursor", "2026-11-02", None)]


def test_semicolons_a_byte_order_mark_and_windows_line_ends():
    text = "\ufeffemail;tool;date;count\r\na@x.com;Cursor;2026-11-02;4.0\r\n\r\n"
    assert generic.parse(text).activities == [act("a@x.com", "cursor", "2026-11-02", 4)]


def test_an_unknown_count_and_a_known_one_add_up_to_the_known_one():
    report = generic.parse("email,tool,day,count\na@x.com,t,2026-11-02,\na@x.com,t,2026-11-02,5\n"
                           "b@x.com,t,2026-11-02,\nb@x.com,t,2026-11-02,\nc@x.com,t,2026-11-02,2\n"
                           "c@x.com,t,2026-11-02,\n")
    assert [a.count for a in report.activities] == [5, None, 2]
    assert report.rows == 6


def test_a_missing_column_names_it_and_the_columns_found():
    with pytest.raises(UserError, match=r"^The file has no tool column \(columns found: email, day, count\)\.$"):
        generic.parse("email,day,count\na@x.com,2026-11-02,1\n")


@pytest.mark.parametrize(("line", "message"), [
    ("a@x.com,cursor,2026-02-30,1", r"^row 2, day: '2026-02-30' is not a date \(expected YYYY-MM-DD\)\.$"),
    ("a@x.com,cursor,2026-11-02,-1", r"^row 2, count: '-1' is not a count"),
    ("a@x.com,cursor,2026-11-02,2.5", r"^row 2, count: '2.5' is not a count"),
    ("a@x.com,cursor,2026-11-02,lots", r"^row 2, count: 'lots' is not a count"),
    ("a at x.com,cursor,2026-11-02,1", r"^row 2, email: 'a at x.com' is not an email address\.$"),
    ("a@x.com,,2026-11-02,1", r"^row 2, tool: empty"),
    ("a@x.com,cursor", r"^row 2: 2 fields where the header has 4\.$"),
])
def test_a_bad_row_is_named_with_its_field(line, message):
    with pytest.raises(UserError, match=message):
        generic.parse(f"email,tool,day,count\nb@x.com,cursor,2026-11-02,1\n{line}\n")


def test_rows_are_counted_from_the_first_line_under_the_header_blank_ones_included():
    with pytest.raises(UserError, match=r"^row 3, day"):
        generic.parse("email,tool,day\na@x.com,t,2026-11-02\n,,\nb@x.com,t,someday\n")


def test_an_empty_file_is_an_error_and_a_header_alone_is_an_empty_report():
    with pytest.raises(UserError, match=r"^The file is empty: expected a CSV with the columns email, tool, day"):
        generic.parse("")
    empty = generic.parse("email,tool,day,count\n")
    assert (empty.rows, empty.activities) == (0, [])


def test_many_rows_repeating_the_same_cells_are_merged_exactly():
    # (i mod 500, i mod 3, i mod 28) repeats every 10,500 rows: 42,000 rows are 10,500 activities of 4 each
    lines = ["email,tool,day,count"] + [f"p{i % 500}@x.com,tool-{i % 3},2026-11-{1 + i % 28:02d},1"
                                        for i in range(42_000)]
    report = generic.parse("\n".join(lines))
    assert report.rows == 42_000
    assert len(report.activities) == 10_500
    assert {a.count for a in report.activities} == {4}
