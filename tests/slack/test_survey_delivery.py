"""The survey outbox through the fake Slack: rate limits honoured (429 + Retry-After), a sender killed between
Slack's acceptance and the database write resumes without repeating the DM, and the scheduler job."""

import threading

import pytest
from pydantic import SecretStr

from bot.surveys.audience import users_only
from bot.surveys.outbox import OutboxSender
from tests.conftest import make_container
from tests.surveys.conftest import new_survey

USERS = [f"U0FAN{i:03d}" for i in range(24)]


@pytest.fixture
def fanout(tmp_path, fake_slack):
    c = make_container(tmp_path / "data", slack_api_url=fake_slack.api_url, slack_bot_token=SecretStr("xoxb-fan-1"),
                       survey_outbox_lease_seconds=0)
    from bot.clock import utcnow

    class Clock:
        now = utcnow()

        def __call__(self):
            return self.now
    sid = c.surveys.create(new_survey(Clock(), USERS, template="enps", reminders=()))
    c.surveys.launch(sid, lambda _team: users_only)
    return c, sid


def _accepted(fake, sid):
    return sorted(c.params["channel"] for c in fake.calls_to("chat.postMessage")
                  if c.status == 200 and c.params["metadata"]["event_payload"]["survey_id"] == sid)


class KilledAfter:
    """The real messenger, but the process 'dies' right after Slack accepted the n-th message."""

    def __init__(self, messenger, n):
        self.messenger, self.n, self.count, self.lock = messenger, n, 0, threading.Lock()

    def send(self, envelope):
        delivered = self.messenger.send(envelope)
        with self.lock:
            self.count += 1
            if self.count >= self.n:
                raise SystemExit("killed")
        return delivered

    def find_sent(self, envelope):
        return self.messenger.find_sent(envelope)


def test_crash_resume_through_slack_sends_every_dm_exactly_once(fanout, fake_slack):
    c, sid = fanout
    messenger = c.survey_jobs.messenger
    with pytest.raises(SystemExit):
        OutboxSender(c.uow, lease_seconds=0, batch=8, workers=1).drain(KilledAfter(messenger, 10))
    assert len(_accepted(fake_slack, sid)) == 10 and c.surveys.status(sid).outbox["sent"] == 9
    report = c.surveys.drain(messenger)
    assert report.recovered == 1 and _accepted(fake_slack, sid) == sorted(USERS)
    assert c.surveys.status(sid).outbox == {"sent": len(USERS)}
    assert fake_slack.calls_to("conversations.history")[0].params["include_all_metadata"] in ("1", "true", True)


def test_rate_limited_sends_wait_for_retry_after_and_lose_nothing(fanout, fake_slack):
    c, sid = fanout
    fake_slack.rate_limit("chat.postMessage", per_second=10, retry_after=1)
    report = c.surveys.drain(c.survey_jobs.messenger)
    calls = fake_slack.calls_to("chat.postMessage")
    limited = [x for x in calls if x.status == 429]
    assert limited and report.sent == len(USERS)
    assert _accepted(fake_slack, sid) == sorted(USERS)
    first_429 = limited[0].at
    retried = [x.at for x in calls if x.status == 200 and x.at > first_429]
    assert retried and min(retried) - first_429 >= 0.5  # nobody hammered Slack before Retry-After


def test_the_survey_job_runs_on_the_shared_scheduler(fanout, fake_slack):
    c, sid = fanout
    done = threading.Event()
    c.scheduler.on_job_done(lambda job_id, exc: done.set() if job_id == "surveys:tick" else None)
    c.scheduler.start_jobs([c.survey_jobs.job])
    try:
        assert done.wait(20)
    finally:
        c.scheduler.shutdown(wait=True)
    assert c.surveys.status(sid).outbox == {"sent": len(USERS)}


def test_in_oauth_mode_the_tick_opens_and_sends_each_survey_with_its_own_workspace_token(tmp_path, fake_slack):
    from datetime import timedelta

    from slack_sdk.oauth.installation_store import Installation
    from slack_sdk.oauth.installation_store.sqlalchemy import (
        SQLAlchemyInstallationStore,
    )

    from bot.surveys.audience import Audience
    from tests.surveys.conftest import Clock

    c = make_container(tmp_path / "data", slack_api_url=fake_slack.api_url, slack_bot_token=None,
                       slack_client_id="111.222", slack_client_secret=SecretStr("client-secret-value-123"),
                       slack_signing_secret=SecretStr("s" * 32))
    SQLAlchemyInstallationStore(client_id="111.222", engine=c.engine).save(Installation(
        app_id="A0COACH", enterprise_id=None, team_id="T0ONE", user_id="U0INSTALLER", bot_token="xoxb-team-one-77",
        bot_id="B0BOT", bot_user_id="U0BOT", bot_scopes="chat:write,channels:read"))
    clock = Clock()
    c.surveys._clock = c.surveys.sender._clock = clock
    fake_slack.channel_members["C0ONE"] = ["U0ONE3", "U0BOT"]
    surveys = {}
    for team in ("T0GONE", "T0ONE"):  # T0GONE uninstalled the app: its survey must not hold up T0ONE's
        spec = new_survey(clock, ["U0ONE1", "U0ONE2"], template="enps", reminders=(), team_id=team, title=team)
        spec.audience = Audience(users=["U0ONE1", "U0ONE2"], channels=["C0ONE"])
        spec.opens_at = clock.now + timedelta(hours=1)
        surveys[team] = c.surveys.create(spec)
        assert c.surveys.launch(surveys[team], lambda _team: users_only).status == "scheduled"
    assert c.survey_jobs.tick() is not None and fake_slack.calls == []  # nothing due: Slack not even asked
    clock.advance(hours=1)
    report = c.survey_jobs.tick()
    assert report.sent == 3 and _accepted(fake_slack, surveys["T0ONE"]) == ["U0ONE1", "U0ONE2", "U0ONE3"]
    assert {call.headers["Authorization"] for call in fake_slack.calls} == {"Bearer xoxb-team-one-77"}
    assert fake_slack.calls_to("conversations.members")[0].params["channel"] == "C0ONE"
    assert c.surveys.status(surveys["T0ONE"]).status == "open"
    assert c.surveys.status(surveys["T0GONE"]).status == "scheduled"  # tried again on the next tick
