"""Claude Enterprise pulls against the fake: one day's users across next_page cursors, with the key and
version headers; refusals naming the setting, bad rows named, a repeated cursor stopped."""

from __future__ import annotations

from datetime import date

import pytest

from bot.adoption.pulls import pull
from bot.adoption.pulls.claude import ClaudePull
from bot.adoption.records import EMAIL, Activity
from bot.config import Settings
from bot.errors import UserError
from tests.adoption.fake_vendors import ANTHROPIC_KEY

DAY = date(2026, 11, 28)
USERS = "/v1/organizations/analytics/users"


def test_the_days_users_are_read_across_cursor_pages(fake, http):
    report = ClaudePull(fake.settings(), http).users_day(DAY)
    requests = fake.seen("claude-users")
    assert [r.query for r in requests] == [
        {"date": "2026-11-28", "limit": "1000"},
        {"date": "2026-11-28", "limit": "1000", "page": "cursor_2"},
        {"date": "2026-11-28", "limit": "1000", "page": "cursor_4"}]
    assert all(r.headers["x-api-key"] == ANTHROPIC_KEY and r.headers["anthropic-version"] == "2023-06-01"
               and "authorization" not in r.headers for r in requests)
    assert report.rows == 5 and len(report.licences) == 5
    assert report.activities == [
        Activity("ana.lopez@example.com", EMAIL, "claude", DAY, 14),
        Activity("ben.okafor@example.com", EMAIL, "claude", DAY, 2),
        Activity("dara.singh@example.com", EMAIL, "claude", DAY, 5),
        Activity("eli.moreau@example.com", EMAIL, "claude", DAY, 3)]  # chen.wei was not active that day


def test_the_rows_take_the_day_asked_for(fake, http):
    other = date(2026, 11, 27)
    report = ClaudePull(fake.settings(), http).users_day(other)
    assert {a.day for a in report.activities} == {other}


def test_a_bad_row_is_named_with_its_page(fake, http):
    fake.malformed.add("claude-users")
    with pytest.raises(UserError) as caught:
        ClaudePull(fake.settings(), http).users_day(DAY)
    assert str(caught.value) == ("Claude users activity for 2026-11-28, page 2: row 1, user.email_address: "
                                 "'not-an-email' is not an email address.")


def test_a_refused_key_names_the_setting(fake, http):
    with pytest.raises(UserError) as caught:
        ClaudePull(fake.settings(claude_analytics_key="sk-ant-api01-revoked-1111"), http).users_day(DAY)
    assert str(caught.value) == ("Anthropic refused COACH_CLAUDE_ANALYTICS_KEY (401 Unauthorized): check it is an "
                                 "Analytics API key with the read:analytics scope and that API access is on.")
    assert "revoked" not in str(caught.value)


def test_the_vendors_reason_for_a_bad_request_is_shown(fake, http):
    fake.fail("claude-users", 400, body={"type": "error", "error": {
        "type": "invalid_request_error", "message": "date 2026-12-01 is after the latest available day 2026-11-28"}})
    with pytest.raises(UserError) as caught:
        ClaudePull(fake.settings(), http).users_day(date(2026, 12, 1))
    assert str(caught.value) == (f"Anthropic answered 400 Bad Request for {USERS}: date 2026-12-01 is after the "
                                 "latest available day 2026-11-28")


def test_a_cursor_that_repeats_stops_the_paging(fake, http):
    fake.fail("claude-users", 200, times=2, body={"data": [], "next_page": "cursor_0"})
    with pytest.raises(UserError, match=f"^Anthropic sent the same next page twice for {USERS}: stopped there$"):
        ClaudePull(fake.settings(), http).users_day(DAY)
    assert len(fake.seen("claude-users")) == 2


def test_missing_settings_name_what_to_set(http):
    with pytest.raises(UserError, match="^Claude is not set up: set COACH_CLAUDE_ANALYTICS_KEY$"):
        ClaudePull(Settings(), http)


def test_pull_reads_the_day(fake, http):
    report = pull("claude", fake.settings(), DAY, http)
    assert report.rows == 5 and len(report.activities) == 4
