"""The pulls' HTTP client against the fake vendor APIs: retries honouring Retry-After, one-line errors,
secrets kept out of messages and logs, redirects; and which sources can be pulled."""

from __future__ import annotations

import logging
import socket
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from bot.adoption.pulls import configured, pull
from bot.adoption.pulls.claude import ClaudePull
from bot.adoption.pulls.github import GithubPull
from bot.adoption.pulls.graph import GraphPull
from bot.adoption.pulls.http import Http, retry_after
from bot.adoption.records import SOURCES
from bot.config import Settings
from bot.errors import UserError
from tests.adoption.fake_vendors import (
    ANTHROPIC_KEY,
    GITHUB_TOKEN,
    GRAPH_CLIENT_SECRET,
    GRAPH_TOKEN,
    REPORT_DAY,
)

DAY = date.fromisoformat(REPORT_DAY)
METRICS_PATH = "/orgs/octo-org/copilot/metrics/reports/users-1-day"


@pytest.fixture
def slept():
    return []


@pytest.fixture
def http(slept):
    with Http(sleep=slept.append) as client:
        yield client


# retries ----------------------------------------------------------------------------------------------------
def test_a_429_waits_the_seconds_of_retry_after_then_succeeds(fake, http, slept, caplog):
    fake.fail("github-report", 429, headers={"Retry-After": "7"}, body={"message": "API rate limit exceeded"})
    with caplog.at_level(logging.WARNING, logger="bot.adoption.pulls.http"):
        report = GithubPull(fake.settings(), http).users_day(DAY)
    assert slept == [7.0]
    assert len(fake.seen("github-report")) == 2 and report.rows == 2
    assert f"GitHub answered 429 Too Many Requests for GET {METRICS_PATH}; retrying in 7 s (attempt 1 of 4)" \
        in caplog.text


def test_retry_after_as_an_http_date_is_waited_until(fake, http, slept):
    when = datetime.now(UTC) + timedelta(seconds=30)
    fake.fail("claude-users", 429, headers={"Retry-After": format_datetime(when, usegmt=True)})
    ClaudePull(fake.settings(), http).users_day(date(2026, 11, 28))
    assert len(slept) == 1 and 25 <= slept[0] <= 30


def test_a_long_retry_after_is_capped(fake, http, slept):
    fake.fail("graph-users", 503, headers={"Retry-After": "3600"})
    GraphPull(fake.settings(graph_token=GRAPH_TOKEN), http).users()
    assert slept == [60.0]


def test_a_5xx_is_retried_with_backoff_then_succeeds(fake, http, slept):
    fake.fail("github-seats", 500, times=2)
    licences = GithubPull(fake.settings(), http).seats()
    assert slept == [1.0, 2.0] and len(licences) == 9


def test_a_5xx_that_persists_is_one_line_after_the_last_attempt(fake, http, slept):
    fake.fail("github-report", 503, times=10)
    with pytest.raises(UserError) as caught:
        GithubPull(fake.settings(), http).users_day(DAY)
    assert str(caught.value) == (f"GitHub still answered 503 Service Unavailable for {METRICS_PATH} after 4 attempts: "
                                 "try again later")
    assert len(fake.seen("github-report")) == 4 and slept == [1.0, 2.0, 4.0]


def test_githubs_rate_limit_403_is_retried_until_the_reset(fake, http, slept):
    reset = int(datetime.now(UTC).timestamp()) + 20
    fake.fail("github-seats", 403, headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(reset)},
              body={"message": "API rate limit exceeded for user."})
    GithubPull(fake.settings(), http).seats()
    assert len(slept) == 1 and 15 <= slept[0] <= 20


def test_an_unreachable_api_is_one_line_after_retries(http, slept):
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = Settings(github_api_url=f"http://127.0.0.1:{port}", github_org="octo-org", github_token=GITHUB_TOKEN)
    with pytest.raises(UserError) as caught:
        GithubPull(settings, http).seats()
    assert str(caught.value) == (f"could not reach GitHub at http://127.0.0.1:{port}/orgs/octo-org/copilot/billing/"
                                 "seats (ConnectError): check the URL setting and the network")
    assert slept == [1.0, 2.0, 4.0]


def test_retry_after_reads_seconds_dates_and_nothing_else():
    now = datetime(2026, 4, 25, 12, 0, tzinfo=UTC)

    def answer(**headers):
        return httpx.Response(429, headers=headers)

    assert retry_after(answer(**{"Retry-After": "12"}), now) == 12.0
    assert retry_after(answer(**{"Retry-After": "Sat, 25 Apr 2026 12:00:45 GMT"}), now) == 45.0
    assert retry_after(answer(**{"Retry-After": "Sat, 25 Apr 2026 11:00:00 GMT"}), now) == 0.0
    assert retry_after(answer(**{"Retry-After": "soon"}), now) is None
    assert retry_after(answer(), now) is None


# errors and secrets ---------------------------------------------------------------------------------------
def test_malformed_json_names_the_path_not_the_query(fake, http):
    fake.fail("claude-users", 200, body='{"data": [{"user": ')
    with pytest.raises(UserError) as caught:
        ClaudePull(fake.settings(), http).users_day(date(2026, 11, 28))
    message = str(caught.value)
    assert message.startswith("Anthropic answered /v1/organizations/analytics/users with malformed JSON (line 1")
    assert "date=" not in message and "\n" not in message


def test_no_secret_reaches_a_message_or_a_log(fake, http, caplog):
    """Refusals, retries, malformed answers and vendor error bodies that echo the secret, with every logger
    at DEBUG (httpx and httpcore included): the known secrets appear nowhere."""
    wrong = {"graph_client_secret": "graph-wrong-secret-55e1d0", "github_token": "github_pat_wrong_99ab31",
             "claude_analytics_key": "sk-ant-api01-wrong-7f3e2a"}
    secrets = [GRAPH_CLIENT_SECRET, GRAPH_TOKEN, GITHUB_TOKEN, ANTHROPIC_KEY, *wrong.values(), "graph-app-token-1"]
    errors: list[UserError] = []
    with caplog.at_level(logging.DEBUG):
        for settings, call in [
            (fake.settings(graph_client_secret=wrong["graph_client_secret"]), lambda s: GraphPull(s, http).users()),
            (fake.settings(github_token=wrong["github_token"]), lambda s: GithubPull(s, http).users_day(DAY)),
            (fake.settings(claude_analytics_key=wrong["claude_analytics_key"]),
             lambda s: ClaudePull(s, http).users_day(DAY)),
            (fake.settings(), lambda s: GraphPull(s, http).copilot_usage()),
            (fake.settings(), lambda s: GithubPull(s, http).seats()),
            (fake.settings(graph_token=GRAPH_TOKEN), lambda s: GraphPull(s, http).users()),
            (fake.settings(), lambda s: ClaudePull(s, http).users_day(DAY)),
        ]:
            with pytest.raises(UserError) as caught:
                call(settings)
            errors.append(caught.value)
            if len(errors) == 3:  # from here on: good secrets, answers that go wrong after retries
                fake.fail("graph-report", 502, times=4)
                fake.fail("github-seats", 401, body={"message": f"Bad credentials: Bearer {GITHUB_TOKEN}"})
                fake.fail("graph-users", 200, body=f'{{"value": ["{GRAPH_TOKEN}"')
                fake.fail("claude-users", 400, body={"error": {"message": f"key {ANTHROPIC_KEY} is not allowed"}})
    assert len(errors) == 7 and all(str(e) and "\n" not in str(e) for e in errors)
    shown = caplog.text + "".join(f"{e}{e!r}" for e in errors)
    for secret in secrets:
        assert secret not in shown
    assert "***" in str(errors[-1])  # the echoed key was masked, the rest of the vendor's message kept


def test_a_redirect_to_another_host_carries_no_credential(fake, http):
    fake.fail("claude-users", 307, headers={"Location": f"{fake.storage_url}/moved/users"})
    with pytest.raises(UserError) as caught:
        ClaudePull(fake.settings(), http).users_day(date(2026, 11, 28))
    moved = fake.requests[-1]
    assert moved.server == "storage" and moved.path == "/moved/users"
    assert "x-api-key" not in moved.headers and "anthropic-version" not in moved.headers
    assert str(caught.value) == "Anthropic answered 404 Not Found for /moved/users: Not Found"


def test_a_redirect_on_the_same_host_keeps_the_credential(fake, http):
    fake.fail("claude-users", 307, headers={"Location": "/v1/organizations/analytics/users?date=2026-11-28"})
    report = ClaudePull(fake.settings(), http).users_day(date(2026, 11, 28))
    assert report.rows == 5
    assert fake.seen("claude-users")[1].headers["x-api-key"] == ANTHROPIC_KEY


# which sources pull -----------------------------------------------------------------------------------------
def test_configured_names_what_to_set():
    assert configured(Settings()) == {
        "m365-copilot": "set COACH_GRAPH_TOKEN, or COACH_GRAPH_TENANT_ID, COACH_GRAPH_CLIENT_ID and "
                        "COACH_GRAPH_CLIENT_SECRET",
        "github-copilot": "set COACH_GITHUB_TOKEN and COACH_GITHUB_ORG",
        "claude": "set COACH_CLAUDE_ANALYTICS_KEY",
    }
    partly = Settings(graph_tenant_id="t", graph_client_id="c", github_org="octo-org")
    assert configured(partly)["m365-copilot"] == "set COACH_GRAPH_CLIENT_SECRET (or COACH_GRAPH_TOKEN)"
    assert configured(partly)["github-copilot"] == "set COACH_GITHUB_TOKEN"
    ready = Settings(graph_token="t0ken-value", github_token="t0ken-value", github_org="o",
                     claude_analytics_key="k3y-value")
    assert configured(ready) == {"m365-copilot": None, "github-copilot": None, "claude": None}


def test_pull_refuses_sources_that_are_files_or_not_set_up():
    for source in ("gemini", "chatgpt-enterprise", "csv"):
        with pytest.raises(UserError, match="^gemini, chatgpt-enterprise and csv are imported from files"):
            pull(source, Settings(), DAY)
    assert {"gemini", "chatgpt-enterprise", "csv"} < set(SOURCES)
    with pytest.raises(UserError, match="^claude is not set up for syncing: set COACH_CLAUDE_ANALYTICS_KEY$"):
        pull("claude", Settings(), DAY)
    with pytest.raises(UserError, match="^unknown source 'slack'"):
        pull("slack", Settings(), DAY)
