"""The notification ``text`` sent with blocks, as the fake Slack receives it: a survey title or a nudge's
scope name holding ``<!channel>``, a user mention and a channel link arrives escaped in survey invitations,
reminders, results DMs and KPI nudges, as it already is in their blocks."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from pydantic import SecretStr

from bot.clock import utcnow
from bot.config import Settings
from bot.kpis.scopes import make_scope
from bot.slack.client import web_client
from bot.slack.listeners.surveys import send_results
from bot.slack.nudge_delivery import nudge_gateway
from bot.slack.people import Profiles
from bot.surveys.audience import users_only
from bot.surveys.outbox import Envelope
from tests.conftest import make_container
from tests.kpis.conftest import Clock, services
from tests.slack.conftest import BOT_TOKEN, HR_USER
from tests.surveys.conftest import new_survey

HOSTILE = "<!channel> <@U123> <#C1|x>"
ESCAPED = "&lt;!channel&gt; &lt;@U123&gt; &lt;#C1|x&gt;"
PEOPLE = ["U0ASK1", "U0ASK2"]


@pytest.fixture
def container(tmp_path, fake_slack):
    return make_container(tmp_path / "data", slack_api_url=fake_slack.api_url, slack_bot_token=SecretStr(BOT_TOKEN),
                          survey_outbox_lease_seconds=0)


def _texts(fake_slack) -> list[str]:
    return [call.params["text"] for call in fake_slack.calls_to("chat.postMessage")]


def test_survey_invitations_reminders_and_results_escape_the_title(container, fake_slack):
    class Now:
        now = utcnow()

    sid = container.surveys.create(new_survey(Now(), PEOPLE, template="enps", reminders=(), title=HOSTILE,
                                              anonymous=False))  # attributed: results at any time
    container.surveys.launch(sid, lambda _team: users_only)
    assert container.surveys.drain(container.survey_jobs.messenger).sent == len(PEOPLE)
    assert _texts(fake_slack) == [f"Survey: {ESCAPED}"] * len(PEOPLE)

    fake_slack.reset()
    container.survey_jobs.messenger.send(Envelope(outbox_id=0, survey_id=sid, user_id=PEOPLE[0], kind="reminder1"))
    assert _texts(fake_slack) == [f"Reminder: Survey: {ESCAPED}"]

    fake_slack.reset()
    client = web_client(Settings(slack_api_url=fake_slack.api_url), BOT_TOKEN)
    send_results(container.slack_deps, client, HR_USER, sid, {})
    assert _texts(fake_slack)[0] == f"Survey results: {ESCAPED}"


def test_a_kpi_nudge_escapes_its_scope_name(container, fake_slack):
    slot = datetime(2026, 11, 2, 8, 0, tzinfo=timezone.utc)
    kpis = services(container, Clock(slot), lambda query: [])
    scope = make_scope("department", HOSTILE)
    kpis.measurements.record("productivity_uplift", scope, "2026-Q3", 22, by="U0ADMIN")
    schedule = kpis.schedules.add(channel="C0SALES", cron="0 9 * * 1", tz="Europe/Berlin",
                                  kpis=["productivity_uplift"], okrs=[], scope=scope, by="U0ADMIN")
    client = web_client(Settings(slack_api_url=fake_slack.api_url), BOT_TOKEN)
    poster, directory = nudge_gateway(lambda team: client, Profiles())(schedule)
    assert kpis.nudges.run_slot(schedule, slot - timedelta(0), poster, directory).status == "posted"
    [text] = _texts(fake_slack)
    assert text.startswith(f"KPI check-in for department {ESCAPED}: 1 KPI(s)")
