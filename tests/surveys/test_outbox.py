"""The outbox sender without Slack: a messenger that records, crashes, and rate-limits on demand."""

import threading
from datetime import timedelta

from bot.surveys.audience import users_only
from bot.surveys.outbox import Delivered, DeliveryError, OutboxSender, RateLimited
from tests.surveys.conftest import new_survey

USERS = [f"U0P{i:03d}" for i in range(60)]


class Recorder:
    """Slack's side: what was delivered (by outbox id), and optional failures."""

    def __init__(self, crash_after=None, limited=0, retry_after=2.0, refuse=()):
        self.delivered: dict[int, list[str]] = {}
        self.crash_after, self.limited, self.retry_after, self.refuse = crash_after, limited, retry_after, refuse
        self.lock = threading.Lock()
        self.lookups = 0

    def send(self, e):
        with self.lock:
            if self.limited:
                self.limited -= 1
                raise RateLimited(self.retry_after)
            if e.user_id in self.refuse:
                raise DeliveryError("account_inactive", True)
            self.delivered.setdefault(e.outbox_id, []).append(e.user_id)
            if self.crash_after is not None and sum(map(len, self.delivered.values())) >= self.crash_after:
                raise SystemExit("killed right after Slack accepted the message")
            return Delivered("D" + e.user_id, f"1.{e.outbox_id}")

    def find_sent(self, e):
        with self.lock:
            self.lookups += 1
            return Delivered("D" + e.user_id, f"1.{e.outbox_id}") if e.outbox_id in self.delivered else None


def _queued(container, clock):
    sid = container.surveys.create(new_survey(clock, USERS))
    container.surveys.launch(sid, lambda _team: users_only)
    return sid


def test_a_sender_killed_mid_send_is_resumed_without_loss_or_repeats(container, clock):
    sid = _queued(container, clock)
    slack = Recorder(crash_after=25)
    crashed = OutboxSender(container.uow, lease_seconds=0, batch=10, workers=1, clock=clock)
    try:
        crashed.drain(slack)
    except SystemExit:
        pass  # the 25th message reached Slack, but its ts was never written
    status = container.surveys.status(sid).outbox
    assert status["sent"] == 24 and status["sending"] >= 1
    slack.crash_after = None
    clock.advance(seconds=1)  # the resumed sender starts later than the killed one claimed its rows
    report = OutboxSender(container.uow, lease_seconds=0, batch=10, workers=3, clock=clock).drain(slack)
    assert report.recovered == 1 and report.sent == len(USERS) - 25
    assert sorted(u for users in slack.delivered.values() for u in users) == sorted(USERS)  # each exactly once
    assert container.surveys.status(sid).outbox == {"sent": len(USERS)}
    assert slack.lookups == status["sending"]  # only rows in doubt are looked up


def test_a_live_claim_is_not_taken_over_before_its_lease_ends(container, clock):
    _queued(container, clock)
    with container.uow() as uow:
        assert len(uow.survey_outbox.claim("first", clock.now, 100, clock.now)) == 60
        uow.commit()
        assert uow.survey_outbox.claim("second", clock.now, 100, clock.now - timedelta(seconds=120)) == []


class FakeTime:
    def __init__(self):
        self.t, self.slept = 1000.0, []
        self.lock = threading.Lock()

    def monotonic(self):
        with self.lock:
            return self.t

    def sleep(self, seconds):
        with self.lock:
            self.slept.append(seconds)
            self.t += seconds


def test_rate_limits_pause_for_retry_after_and_permanent_errors_fail(container, clock):
    sid = _queued(container, clock)
    fake_time = FakeTime()
    slack = Recorder(limited=3, retry_after=7.0, refuse={USERS[0]})
    sender = OutboxSender(container.uow, batch=20, workers=1, clock=clock, sleep=fake_time.sleep,
                          monotonic=fake_time.monotonic)
    report = sender.drain(slack)
    assert report.rate_limited == 3
    assert fake_time.slept == [7.0, 7.0, 7.0]  # Retry-After, each time
    assert report.failed == 1 and report.sent == len(USERS) - 1
    assert container.surveys.status(sid).outbox == {"sent": 59, "failed": 1}


def test_a_reminder_is_not_sent_to_someone_who_answered_after_it_was_queued(container, clock):
    from tests.surveys.conftest import tam_answers

    sid = container.surveys.create(new_survey(clock, USERS[:4], reminders=(3,)))
    container.surveys.launch(sid, lambda _team: users_only)
    container.surveys.drain(Recorder())  # the invitations
    clock.advance(days=3, minutes=1)
    assert container.surveys.send_due_reminders(clock.now) == 4  # nobody has answered yet
    container.surveys.submit(sid, USERS[0], tam_answers(), None)  # …and then someone does, before the send
    slack = Recorder()
    report = container.surveys.drain(slack)
    assert sorted(u for users in slack.delivered.values() for u in users) == USERS[1:4]
    assert (report.sent, report.skipped) == (3, 1)
    assert container.surveys.status(sid).outbox == {"sent": 7, "cancelled": 1}


class LookupFails(Recorder):
    """Slack's side where looking up a DM in doubt fails first: rate-limited, then not reachable."""

    def __init__(self, failures):
        super().__init__()
        self.failures = list(failures)

    def find_sent(self, e):
        if self.failures:
            raise self.failures.pop(0)
        return super().find_sent(e)


def test_a_failed_look_up_of_a_dm_in_doubt_neither_stops_the_drain_nor_sends_it_twice(container, clock):
    sid = _queued(container, clock)
    slack = LookupFails([RateLimited(3.0), DeliveryError("service_unavailable", False)])
    slack.crash_after = 1
    try:
        OutboxSender(container.uow, lease_seconds=0, batch=10, workers=1, clock=clock).drain(slack)
    except SystemExit:
        pass  # the first DM reached Slack, its row stays 'sending': in doubt for the next sender
    slack.crash_after = None
    clock.advance(seconds=1)
    fake_time = FakeTime()
    report = OutboxSender(container.uow, lease_seconds=0, batch=10, workers=1, clock=clock, sleep=fake_time.sleep,
                          monotonic=fake_time.monotonic).drain(slack)
    assert fake_time.slept == [3.0] and report.rate_limited == 1  # the look-up's 429 paused the sender
    assert report.retried == 1 and report.sent == len(USERS) - 1  # the row in doubt waits; the others went
    clock.advance(hours=1)
    report = container.surveys.drain(slack)
    assert report.recovered == 1 and report.sent == 0  # looked up again: it had gone out, so not sent again
    assert sorted(u for users in slack.delivered.values() for u in users) == sorted(USERS)
    assert container.surveys.status(sid).outbox == {"sent": len(USERS)}
