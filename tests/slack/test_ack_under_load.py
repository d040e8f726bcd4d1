"""Slack's acknowledgements do not wait behind answers: with every answer worker held and the answer queue
full, a `/kpi` command, a 👍 click and a form submission still get their 200 (and their body) from the ack,
and a new question gets the polite busy reply instead of a place in the queue. Nothing is timed: the
answers are held on an Event until the requests have been made."""

from __future__ import annotations

import threading

import pytest

from bot.slack.blocks.answer import FEEDBACK_UP
from bot.slack.blocks.feedback import REASON_MODAL
from tests.slack.conftest import clean_tables, slack_container, start_harness

WORKERS, QUEUE_SIZE = 2, 2
BUSY = "busy right now"


class HeldAnswers:
    """answers.ask held until release(); counts the answers being worked on."""

    def __init__(self, answers, monkeypatch):
        self.working = 0
        self.changed = threading.Condition()
        self.release_event = threading.Event()
        real_ask = answers.ask

        def held_ask(*args, **kwargs):
            with self.changed:
                self.working += 1
                self.changed.notify_all()
            self.release_event.wait(60)
            return real_ask(*args, **kwargs)

        monkeypatch.setattr(answers, "ask", held_ask)

    def wait_working(self, count: int, timeout: float = 20) -> None:
        with self.changed:
            assert self.changed.wait_for(lambda: self.working >= count, timeout), f"{self.working} working"

    def release(self) -> None:
        self.release_event.set()


@pytest.fixture
def busy_slack(kb, fake_slack):
    container = slack_container(kb, fake_slack, slack_workers=WORKERS, answer_workers=WORKERS,
                                answer_queue_size=QUEUE_SIZE, rate_limit_questions=0)
    harness = start_harness(container, fake_slack)
    yield harness
    harness.stop()
    clean_tables(kb)


def _busy_replies(fake, threads: set[str]) -> list:
    return [c for c in fake.calls_to("chat.postMessage")
            if c.params.get("thread_ts") in threads and BUSY in c.params.get("text", "")]


def test_commands_clicks_and_forms_are_acked_while_every_answer_worker_is_held(busy_slack, monkeypatch):
    s = busy_slack
    held = HeldAnswers(s.container.conversations.answers, monkeypatch)
    mentions = [s.sender.mention(f"How do we measure AI adoption? ({i})", user=f"U0BUSY{i}")
                for i in range(WORKERS + QUEUE_SIZE + 1)]
    try:
        for ev in mentions:
            assert s.sender.event(ev).status == 200
        held.wait_working(WORKERS)  # every answer worker is inside an answer, the rest wait or are shed

        kpi = s.sender.command("help", name="/kpi", response_url=s.fake.response_url("kpi"))
        click = s.sender.interaction(s.sender.block_action(FEEDBACK_UP, "999999",
                                                           response_url=s.fake.response_url("click")))
        form = s.sender.interaction(s.sender.view_submission(REASON_MODAL, {}, ""))
        assert (kpi.status, click.status, form.status) == (200, 200, 200)
        assert "/kpi show" in kpi.body  # the help is in the ack itself
        assert form.json()["response_action"] == "errors"  # the form's own check answered in its ack

        threads = {ev["ts"] for ev in mentions}
        s.fake.wait_for("chat.postMessage", where=lambda c: c in _busy_replies(s.fake, threads), timeout=20)
        question = s.sender.command("How do we measure AI adoption?", response_url=s.fake.response_url("coach"))
        assert question.status == 200 and BUSY in question.body  # a new question: the busy reply, in the ack
        assert s.fake.wait_for("response_url:click")  # the click was handled, not dropped
    finally:
        held.release()
    answered = s.fake.wait_for("chat.postMessage", count=len(mentions), timeout=60,
                               where=lambda c: c.params.get("thread_ts") in threads)
    assert len(answered) == len(mentions)  # each mention got one reply: an answer or the busy note
    assert len(_busy_replies(s.fake, threads)) == 1
    assert s.fake.calls_to("response_url:coach") == []  # the refused question was not answered later
