"""Slack's retries after a crash: an event is handled once it is answered, not once it arrived. A retry of an
event claimed by a process that died before answering (its claim never finished and older than the lease)
is answered, once; a retry of an event that was answered stays a duplicate."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import select, update

from bot.clock import utcnow
from bot.store.tables.conversations import ProcessedEvent

QUESTION = "How do we measure AI adoption?"


def _age_claims(container, keys: list[str], seconds: float) -> None:
    """Move claims back in time, as if they were made ``seconds`` ago."""
    with container.uow() as uow:
        uow.session.execute(update(ProcessedEvent).where(ProcessedEvent.key.in_(keys))
                            .values(created_at=utcnow() - timedelta(seconds=seconds)))
        uow.commit()


def _claim_as_a_crashed_process_did(container, keys: list[str], seconds_ago: float) -> None:
    """What a process leaves behind when it is killed after acking an event and before answering it."""
    with container.uow() as uow:
        for key in keys:
            uow.session.add(ProcessedEvent(key=key, created_at=utcnow() - timedelta(seconds=seconds_ago)))
        uow.commit()


def _wait_finished(container, keys: list[str], timeout: float = 20) -> None:
    """Until the claims are marked done (right after the answer is posted)."""
    deadline = time.monotonic() + timeout
    while True:
        with container.uow() as uow:
            done = uow.session.scalars(select(ProcessedEvent.done_at).where(ProcessedEvent.key.in_(keys))).all()
        if len(done) == len(keys) and all(done):
            return
        assert time.monotonic() < deadline, f"claims not finished: {done}"
        time.sleep(0.05)


def _answers(slack, ev) -> list:
    return [c for c in slack.fake.calls_to("chat.postMessage") if c.params.get("thread_ts") == ev["ts"]]


def _lease(slack) -> float:
    return float(getattr(slack.container.settings, "event_lease_seconds", 45))


def test_a_retry_of_an_acked_but_unanswered_event_is_answered_exactly_once(slack):
    ev = slack.sender.mention(QUESTION)
    keys = ["event:Ev0CRASHED01", f"msg:{ev['channel']}:{ev['ts']}"]
    _claim_as_a_crashed_process_did(slack.container, keys, seconds_ago=_lease(slack) + 15)
    first_retry = slack.sender.event(ev, event_id="Ev0CRASHED01", retry=1)
    second_retry = slack.sender.event(ev, event_id="Ev0CRASHED01", retry=2)
    assert (first_retry.status, second_retry.status) == (200, 200)
    slack.fake.wait_for("chat.postMessage", where=lambda c: c.params.get("thread_ts") == ev["ts"])
    slack.drain()
    time.sleep(0.5)  # a second answer, were there one, would come right behind
    assert len(_answers(slack, ev)) == 1
    assert [e.question for e in slack.usage()] == [QUESTION]


def test_a_retry_within_the_lease_is_left_to_the_first_delivery(slack):
    ev = slack.sender.mention(QUESTION)
    _claim_as_a_crashed_process_did(slack.container, ["event:Ev0YOUNG0001", f"msg:{ev['channel']}:{ev['ts']}"],
                                    seconds_ago=1)
    assert slack.sender.event(ev, event_id="Ev0YOUNG0001", retry=1).status == 200
    slack.drain()
    time.sleep(0.5)
    assert _answers(slack, ev) == [] and slack.usage() == []


def test_a_retry_of_an_answered_event_is_not_answered_again(slack):
    ev = slack.sender.mention(QUESTION)
    assert slack.sender.event(ev, event_id="Ev0ANSWERED1").status == 200
    slack.fake.wait_for("chat.postMessage", where=lambda c: c.params.get("thread_ts") == ev["ts"])
    keys = ["event:Ev0ANSWERED1", f"msg:{ev['channel']}:{ev['ts']}"]
    _wait_finished(slack.container, keys)  # the claims are finished once the answer is posted
    _age_claims(slack.container, keys, _lease(slack) + 15)
    assert slack.sender.event(ev, event_id="Ev0ANSWERED1", retry=1).status == 200
    slack.drain()
    time.sleep(0.5)
    assert len(_answers(slack, ev)) == 1 and len(slack.usage()) == 1
