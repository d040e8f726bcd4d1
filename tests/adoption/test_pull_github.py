"""GitHub pulls against the fake: the users-1-day report through its download links (no credential to the
storage host), the seats across Link pages, refusals naming the setting, bad lines named."""

from __future__ import annotations

import json
from datetime import date

import pytest

from bot.adoption.pulls import pull
from bot.adoption.pulls.github import GithubPull
from bot.adoption.records import GITHUB, Activity
from bot.config import Settings
from bot.errors import UserError
from tests.adoption.fake_vendors import (
    FIXTURES,
    GITHUB_TOKEN,
    REPORT_DAY,
    SIGNATURE,
)

DAY = date.fromisoformat(REPORT_DAY)
REPORT = "/orgs/octo-org/copilot/metrics/reports/users-1-day"
SEATS = json.loads((FIXTURES / "github-copilot" / "organization_seats_response_sample.json").read_text())["seats"]


def test_the_users_report_is_downloaded_from_each_link(fake, http):
    report = GithubPull(fake.settings(), http).users_day(DAY)
    (asked,) = fake.seen("github-report")
    assert asked.path == REPORT and asked.query == {"day": REPORT_DAY}
    assert asked.headers["authorization"] == f"Bearer {GITHUB_TOKEN}"
    assert asked.headers["accept"] == "application/vnd.github+json"
    assert asked.headers["x-github-api-version"] == "2022-11-28"
    downloads = fake.seen("github-download")
    assert [(d.server, d.path) for d in downloads] == [
        ("storage", f"/copilot-usage/users-1-day/{REPORT_DAY}/part-1.ndjson"),
        ("storage", f"/copilot-usage/users-1-day/{REPORT_DAY}/part-2.ndjson")]
    assert all(d.query == SIGNATURE for d in downloads)
    assert report.rows == 2
    assert report.activities == [Activity("hubot", GITHUB, "github-copilot", DAY, 24),
                                 Activity("octocat", GITHUB, "github-copilot", DAY, 0)]  # used the CLI


def test_no_credential_goes_to_the_download_host(fake, http):
    GithubPull(fake.settings(), http).users_day(DAY)
    for download in fake.seen("github-download"):
        assert not {"authorization", "x-github-api-version"} & set(download.headers)
        assert GITHUB_TOKEN not in json.dumps(download.headers)


def test_the_shut_down_metrics_endpoint_is_not_used(fake, http):
    pull("github-copilot", fake.settings(), DAY, http)
    assert all(not r.path.endswith("/copilot/metrics") for r in fake.requests)


def test_seats_follow_the_link_header(fake, http):
    licences = GithubPull(fake.settings(), http).seats()
    requests = fake.seen("github-seats")
    assert [r.query for r in requests] == [{"per_page": "100"}] + [
        {"per_page": "100", "page": str(n)} for n in range(2, 6)]
    assert all(r.headers["authorization"] == f"Bearer {GITHUB_TOKEN}" for r in requests)
    assert [licence.identity for licence in licences] == [seat["assignee"]["login"].lower() for seat in SEATS]
    assert {licence.tool for licence in licences} == {"github-copilot"}


def test_pull_gives_the_days_users_and_the_seats(fake, http):
    report = pull("github-copilot", fake.settings(), DAY, http)
    assert len(report.activities) == 2 and len(report.licences) == 9
    assert report.rows == 2 + 9


def test_a_broken_ndjson_line_is_named_with_its_file(fake, http):
    fake.malformed.add("github-download")
    with pytest.raises(UserError) as caught:
        GithubPull(fake.settings(), http).users_day(DAY)
    message = str(caught.value)
    assert message.startswith(f"GitHub Copilot users report for {REPORT_DAY}, file 2 of 2: line 2: not valid JSON")
    assert "\n" not in message


def test_a_bad_seat_is_named_with_its_page(fake, http):
    fake.malformed.add("github-seats")
    with pytest.raises(UserError, match=r"^GitHub Copilot seats, page 2: seat 1: no assignee\.login"):
        GithubPull(fake.settings(), http).seats()


def test_a_refused_token_is_one_line_naming_the_setting(fake, http):
    with pytest.raises(UserError) as caught:
        GithubPull(fake.settings(github_token="github_pat_revoked_0000"), http).users_day(DAY)
    assert str(caught.value) == ("GitHub refused COACH_GITHUB_TOKEN (401 Unauthorized): check the token and its "
                                 "Copilot metrics permission.")
    assert fake.seen("github-download") == []


def test_a_token_without_the_seats_permission_is_told_so(fake, http):
    fake.fail("github-seats", 403, body={"message": "Resource not accessible by personal access token"})
    with pytest.raises(UserError) as caught:
        GithubPull(fake.settings(), http).seats()
    assert str(caught.value) == ("GitHub refused COACH_GITHUB_TOKEN (403 Forbidden): check the token and its "
                                 "GitHub Copilot Business (seats) read permission.")


def test_an_expired_download_link_does_not_blame_the_token(fake, http):
    fake.fail("github-download", 403, body="<Error><Code>AuthenticationFailed</Code></Error>")
    with pytest.raises(UserError) as caught:
        GithubPull(fake.settings(), http).users_day(DAY)
    assert str(caught.value) == (f"GitHub answered 403 Forbidden for /copilot-usage/users-1-day/{REPORT_DAY}/"
                                 "part-1.ndjson")  # the path only: the link's signature stays out


def test_a_day_without_a_report_is_the_vendors_answer(fake, http):
    with pytest.raises(UserError) as caught:
        GithubPull(fake.settings(), http).users_day(date(2026, 4, 24))
    assert str(caught.value) == f"GitHub answered 404 Not Found for {REPORT}: Not Found"


def test_no_content_is_an_empty_report(fake, http):
    fake.fail("github-report", 204, body="")
    report = GithubPull(fake.settings(), http).users_day(DAY)
    assert (report.rows, report.activities, fake.seen("github-download")) == (0, [], [])


def test_an_answer_without_download_links_is_explained(fake, http):
    fake.fail("github-report", 200, body={"report_day": REPORT_DAY})
    with pytest.raises(UserError, match=f"^GitHub answered {REPORT} without a list of download_links$"):
        GithubPull(fake.settings(), http).users_day(DAY)


def test_missing_settings_name_what_to_set(http):
    with pytest.raises(UserError, match="^GitHub is not set up: set COACH_GITHUB_TOKEN and COACH_GITHUB_ORG$"):
        GithubPull(Settings(), http)
