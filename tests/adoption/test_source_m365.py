"""Microsoft 365 Copilot usage user-detail report, CSV and JSON (the documented header and example in
fixtures/m365-copilot/): a licence per row, an activity per distinct last-activity date, concealed names
refused with the way to reveal them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from bot.adoption.records import EMAIL, Activity, Licence
from bot.adoption.sources import m365
from bot.errors import UserError

FIXTURES = Path(__file__).parent / "fixtures" / "m365-copilot"
CSV = (FIXTURES / "usage-user-detail.csv").read_text(encoding="utf-8")
CONCEALED_JSON = (FIXTURES / "usage-user-detail.json").read_text(encoding="utf-8")
TOOL = "m365-copilot"


def act(email: str, day: str) -> Activity:
    return Activity(email, EMAIL, TOOL, date.fromisoformat(day), None)


def test_the_documented_csv_gives_a_licence_per_row_and_a_day_per_distinct_date():
    report = m365.parse(CSV)
    assert report.rows == 3
    assert report.licences == [
        Licence("ana.lopez@example.com", EMAIL, TOOL, None, date(2026, 11, 28)),
        Licence("ben.okafor@example.com", EMAIL, TOOL, None, date(2026, 10, 2)),
        Licence("chen.wei@example.com", EMAIL, TOOL, None, None),
    ]
    # Ana: overall and Teams and Copilot Chat 11-28, Word 11-20, Outlook 11-27; Ben: 10-02 twice; Chen: never
    assert sorted(report.activities) == sorted([
        act("ana.lopez@example.com", "2026-11-28"), act("ana.lopez@example.com", "2026-11-20"),
        act("ana.lopez@example.com", "2026-11-27"), act("ben.okafor@example.com", "2026-10-02")])


def test_a_byte_order_mark_and_upper_case_names_change_nothing():
    text = "\ufeff" + CSV.replace("ana.lopez@example.com", "Ana.Lopez@Example.COM")
    assert m365.parse(text) == m365.parse(CSV)


def test_the_concealed_json_of_the_documentation_is_refused_with_how_to_reveal_names():
    with pytest.raises(UserError) as caught:
        m365.parse(CONCEALED_JSON)
    message = str(caught.value)
    assert "conceals user names" in message and "cannot be joined to people" in message
    assert "Microsoft 365 admin center > Settings > Org settings > Services > Reports" in message
    assert '"Display concealed user, group, and site names in all reports"' in message
    assert "\n" not in message


def test_a_concealed_csv_is_refused_too():
    text = CSV.replace("ana.lopez@example.com", "DC8C64D6EC3A3AA17481D7E5EB5B68A6")
    with pytest.raises(UserError, match="conceals user names"):
        m365.parse(text)


def test_the_json_report_with_readable_names_reads_its_camel_case_dates():
    document = json.loads(CONCEALED_JSON)
    document["value"][0]["userPrincipalName"] = "Ana.Lopez@Example.com"
    report = m365.parse(json.dumps(document))
    assert report.rows == 1
    assert report.licences == [Licence("ana.lopez@example.com", EMAIL, TOOL, None, date(2024, 6, 12))]
    # lastActivityDate and Teams 06-12, Chat 01-10, Word 03-29, PowerPoint 03-26; the null dates are no days
    assert sorted(a.day for a in report.activities) == [
        date(2024, 1, 10), date(2024, 3, 26), date(2024, 3, 29), date(2024, 6, 12)]


def test_extra_columns_are_ignored_and_a_new_app_column_counts_as_a_day():
    lines = CSV.splitlines()
    lines[0] += ",Assigned Products,Copilot Studio Last Activity Date"
    lines[1] += ",MICROSOFT 365 COPILOT,2026-11-29"
    lines[2] += ",MICROSOFT 365 COPILOT,"
    lines[3] += ",,"
    report = m365.parse("\n".join(lines))
    assert act("ana.lopez@example.com", "2026-11-29") in report.activities
    assert len(report.activities) == 5


def test_only_the_user_and_the_overall_date_are_needed():
    report = m365.parse("User Principal Name,Last Activity Date\nana@example.com,2026-11-28\nben@example.com,\n")
    assert report.activities == [act("ana@example.com", "2026-11-28")]
    assert [x.identity for x in report.licences] == ["ana@example.com", "ben@example.com"]


def test_per_app_dates_without_the_overall_one_still_give_days_and_the_last_active_day():
    report = m365.parse("userPrincipalName,Word Copilot Last Activity Date,Excel Copilot Last Activity Date\n"
                        "ana@example.com,2026-11-20,2026-11-25\n")
    assert report.licences[0].last_active == date(2026, 11, 25)
    assert len(report.activities) == 2


def test_a_missing_user_column_is_named_with_the_columns_found():
    with pytest.raises(UserError, match=r"^The file has no User Principal Name column \(columns found: "
                                        r"Report Refresh Date, Display Name, Last Activity Date\)\.$"):
        m365.parse("Report Refresh Date,Display Name,Last Activity Date\n2026-11-30,Ana,2026-11-28\n")


def test_a_file_without_any_activity_date_column_names_it():
    with pytest.raises(UserError, match="no Last Activity Date column"):
        m365.parse("User Principal Name,Display Name\nana@example.com,Ana\n")


def test_a_bad_date_names_the_row_and_the_column():
    text = CSV.replace("2026-10-02,,2026-10-02", "2026-10-02,,02/10/2026")
    with pytest.raises(UserError, match=r"^row 2, Word Copilot Last Activity Date: '02/10/2026' is not a date"):
        m365.parse(text)


def test_a_user_name_that_is_not_an_email_names_the_row():
    text = CSV.replace("chen.wei@example.com", "chen.wei")
    with pytest.raises(UserError, match=r"^row 3, User Principal Name: 'chen.wei' is not a user name"):
        m365.parse(text)


def test_a_json_row_without_a_user_names_the_row():
    with pytest.raises(UserError, match=r"^row 2: no userPrincipalName"):
        m365.parse('{"value": [{"userPrincipalName": "a@x.com"}, {"lastActivityDate": "2026-11-02"}]}')


def test_blank_lines_are_skipped_and_a_user_twice_is_one_day():
    lines = CSV.splitlines()
    report = m365.parse("\n".join([lines[0], "", lines[2], ",,,,,,,,,,,,", lines[2]]) + "\n")
    assert report.rows == 2
    assert report.activities == [act("ben.okafor@example.com", "2026-10-02")]


def test_an_empty_file_is_an_error_and_a_report_of_nobody_is_empty():
    with pytest.raises(UserError, match="^The file is empty: expected the Microsoft 365 Copilot usage"):
        m365.parse("\ufeff\n")
    header_only = m365.parse(CSV.splitlines()[0] + "\n")
    assert (header_only.rows, header_only.activities, header_only.licences) == (0, [], [])
    empty_json = m365.parse('{"value": []}')
    assert (empty_json.rows, empty_json.activities, empty_json.licences) == (0, [], [])
