"""Retries through the fake Slack: a 429 is retried everywhere; a 5xx or a dropped connection only for calls
that are safe to repeat, so a post Slack may already have made (a nudge, an answer, a response_url reply) is
never sent twice."""

from __future__ import annotations

from datetime import datetime, timezone
from urllib.error import URLError

import pytest
from pydantic import SecretStr
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.state import RetryState
from sqlalchemy import select

from bot.config import Settings
from bot.conversations.service import Reply
from bot.kpis.scopes import ORGANISATION
from bot.slack.answering import post_reply
from bot.slack.client import retry_handlers, web_client, webhook
from bot.slack.nudge_delivery import nudge_gateway
from bot.slack.people import Profiles
from bot.store.tables.kpis import NudgeSlot
from tests.conftest import make_container
from tests.kpis.conftest import Clock, services
from tests.slack.conftest import ADMIN, BOT_TOKEN, SECRET

SLOT = datetime(2026, 11, 2, 8, 0, tzinfo=timezone.utc)  # Monday 09:00 Berlin


@pytest.fixture
def client(fake_slack):
    return web_client(Settings(slack_api_url=fake_slack.api_url), BOT_TOKEN)


def _nudge(tmp_path, client):
    container = make_container(tmp_path / "data")
    kpis = services(container, Clock(SLOT))
    kpis.measurements.record("productivity_uplift", ORGANISATION, "2026-Q3", 22, by=ADMIN)
    schedule = kpis.schedules.add(channel="C0SALES", cron="0 9 * * 1", tz="Europe/Berlin",
                                  kpis=["productivity_uplift"], okrs=[], scope=ORGANISATION, by=ADMIN)
    return container, kpis, schedule, nudge_gateway(lambda team: client, Profiles())(schedule)


def _statuses(container) -> list[str]:
    with container.uow() as uow:
        return [s.status for s in uow.session.scalars(select(NudgeSlot))]


def test_a_500_on_a_nudge_post_is_not_retried_and_fails_the_slot(tmp_path, fake_slack, client):
    container, kpis, schedule, (poster, directory) = _nudge(tmp_path, client)
    fake_slack.script("chat.postMessage", status=500)
    outcome = kpis.nudges.run_slot(schedule, SLOT, poster, directory)
    assert outcome.status == "failed" and "internal_error" in outcome.detail
    assert [c.status for c in fake_slack.calls_to("chat.postMessage")] == [500]
    assert fake_slack.posted["C0SALES"] == [] and _statuses(container) == ["failed"]


def test_a_429_on_a_nudge_post_is_still_retried(tmp_path, fake_slack, client):
    container, kpis, schedule, (poster, directory) = _nudge(tmp_path, client)
    fake_slack.script("chat.postMessage", status=429, retry_after=0)
    assert kpis.nudges.run_slot(schedule, SLOT, poster, directory).status == "posted"
    assert [c.status for c in fake_slack.calls_to("chat.postMessage")] == [429, 200]
    assert len(fake_slack.posted["C0SALES"]) == 1 and _statuses(container) == ["posted"]


def test_the_apps_answer_posts_are_not_retried_on_a_500_but_on_a_429(tmp_path, fake_slack):
    from bot.slack.app import build_app

    container = make_container(tmp_path / "data", slack_bot_token=SecretStr(BOT_TOKEN),
                               slack_signing_secret=SecretStr(SECRET), slack_api_url=fake_slack.api_url)
    app = build_app(container.settings, container.slack_deps, container.workspaces)
    app_client = app.client  # the client every listener's answer is posted with
    busy = Reply(answer=None, retry_after=30)
    fake_slack.script("chat.postMessage", status=500)
    with pytest.raises(SlackApiError):
        post_reply(app_client, busy, "C0GENERAL", "1700000000.000100")
    assert [c.status for c in fake_slack.calls_to("chat.postMessage")] == [500]
    fake_slack.script("chat.postMessage", status=429, retry_after=0)
    post_reply(app_client, busy, "C0GENERAL", "1700000000.000100")
    assert [c.status for c in fake_slack.calls_to("chat.postMessage")] == [500, 429, 200]
    assert len(fake_slack.posted["C0GENERAL"]) == 1


def test_a_response_url_reply_is_not_retried_on_a_500(fake_slack):
    fake_slack.script("response_url:refusal", status=500)
    response = webhook(fake_slack.response_url("refusal")).send(text="Sorry, that is only for admins.")
    assert response.status_code == 500
    assert [c.status for c in fake_slack.calls_to("response_url:refusal")] == [500]


def test_reads_are_still_retried_on_a_500(fake_slack, client):
    fake_slack.script("users.info", status=500)
    assert client.users_info(user="U0SOMEONE")["user"]["id"] == "U0SOMEONE"
    assert [c.status for c in fake_slack.calls_to("users.info")] == [500, 200]


@pytest.mark.parametrize("method,retried", [
    ("chat.postMessage", False), ("chat.postEphemeral", False), ("files.completeUploadExternal", False),
    ("chat.scheduleMessage", False), ("views.open", False), ("oauth.v2.access", False),
    ("users.info", True), ("conversations.members", True), ("usergroups.users.list", True),
    ("files.getUploadURLExternal", True), ("views.publish", True), ("auth.test", True)])
def test_a_dropped_connection_is_retried_only_for_calls_safe_to_repeat(method, retried):
    request = HttpRequest(method="POST", url=f"https://slack.com/api/{method}", headers={})
    for error in (URLError(ConnectionResetError(104, "Connection reset by peer")), ConnectionResetError()):
        decisions = [h.can_retry(state=RetryState(), request=request, error=error) for h in retry_handlers()]
        assert any(decisions) is retried, (method, error)
