"""The answer queue on its own: lanes and their order, the bound on questions, failures, draining; and the
runner's finish_work, which lets Bolt's listeners hand over what they acknowledged before draining."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest

from bot.slack.answer_queue import AnswerQueue, Job
from bot.slack.runner import finish_work


class Gate:
    """Jobs that wait for open(), recording the order they ran in."""

    def __init__(self):
        self.opened, self.started, self.ran, self.lock = threading.Event(), threading.Event(), [], threading.Lock()

    def job(self, name: str, wait: bool = True) -> Job:
        def run():
            self.started.set()
            if wait:
                assert self.opened.wait(10)
            with self.lock:
                self.ran.append(name)
        return Job(run, {"type": "test", "name": name})


def test_a_question_beyond_the_size_is_refused_while_tasks_and_notices_are_always_served():
    gate, answers = Gate(), AnswerQueue(workers=1, size=2)
    assert answers.offer(gate.job("running"))
    assert gate.started.wait(10)  # the one worker is inside "running"
    assert answers.offer(gate.job("q1")) and answers.offer(gate.job("q2"))
    assert not answers.offer(gate.job("q3")) and answers.refused == 1  # two questions wait already
    answers.put(gate.job("report"))  # acknowledged work: taken whatever waits
    answers.put(gate.job("share"))
    assert answers.notify(gate.job("busy note", wait=False))
    deadline = time.monotonic() + 10
    while "busy note" not in gate.ran and time.monotonic() < deadline:
        time.sleep(0.01)
    assert gate.ran == ["busy note"]  # the notice went out while the only worker was still held
    gate.opened.set()
    assert answers.join(10)
    assert gate.ran == ["busy note", "running", "report", "share", "q1", "q2"]  # tasks before questions
    assert answers.pending == 0 and answers.done == 6


def test_a_failing_job_goes_to_the_error_handler_and_the_worker_carries_on():
    failures, ran = [], []
    answers = AnswerQueue(workers=1, size=5, on_error=lambda exc, body, client: failures.append((exc, body, client)))
    answers.offer(Job(lambda: 1 / 0, {"type": "event_callback"}, client="the client"))
    answers.offer(Job(lambda: ran.append("next")))
    assert answers.join(10)
    [(error, body, client)] = failures
    assert isinstance(error, ZeroDivisionError) and body == {"type": "event_callback"} and client == "the client"
    assert ran == ["next"]


def test_drain_refuses_new_questions_and_finishes_what_is_queued():
    gate, answers = Gate(), AnswerQueue(workers=2, size=10)
    for i in range(6):
        assert answers.offer(gate.job(f"q{i}"))
    threading.Timer(0.2, gate.opened.set).start()
    assert answers.drain(10) == 0
    assert sorted(gate.ran) == [f"q{i}" for i in range(6)]
    assert not answers.offer(gate.job("late"))  # a question after the drain began goes elsewhere


def test_drain_gives_up_at_its_deadline_and_says_how_much_is_left():
    gate, answers = Gate(), AnswerQueue(workers=1, size=10)
    for i in range(3):
        answers.offer(gate.job(f"q{i}"))
    started = time.monotonic()
    assert answers.drain(0.3) == 3
    assert time.monotonic() - started < 5
    gate.opened.set()


def test_bad_sizes_are_refused():
    with pytest.raises(ValueError):
        AnswerQueue(workers=0, size=1)
    with pytest.raises(ValueError):
        AnswerQueue(workers=1, size=0)


def test_finish_work_waits_for_listeners_to_hand_over_before_draining():
    """A listener still running when shutdown begins (its request was acked) queues its answer late: that
    answer is done too, and finish_work returns only after it."""
    answers, done = AnswerQueue(workers=1, size=10), []
    listeners = ThreadPoolExecutor(max_workers=2)
    app = SimpleNamespace(listener_runner=SimpleNamespace(listener_executor=listeners))

    def listener(i):
        time.sleep(0.3)  # still claiming when the shutdown starts
        answers.offer(Job(lambda: time.sleep(0.05) or done.append(i)))

    for i in range(4):
        listeners.submit(listener, i)
    assert finish_work(app, answers, grace_seconds=20) == 0
    assert sorted(done) == [0, 1, 2, 3]


def test_queue_and_shutdown_settings_are_checked_with_a_line_naming_each(monkeypatch):
    from pydantic import ValidationError

    from bot.config import Settings, settings_problems

    for name, bad, rule in [("COACH_ANSWER_WORKERS", "0", "must be at least 1"),
                            ("COACH_ANSWER_QUEUE_SIZE", "none", "must be a whole number"),
                            ("COACH_SHUTDOWN_GRACE_SECONDS", "-1", "must be at least 0"),
                            ("COACH_EVENT_LEASE_SECONDS", "1", "must be at least 5")]:
        monkeypatch.setenv(name, bad)
        with pytest.raises(ValidationError) as caught:
            Settings(_env_file=None)
        assert settings_problems(caught.value) == f"{name}: {rule}"
        monkeypatch.delenv(name)
    s = Settings(_env_file=None)
    assert (s.answer_workers, s.answer_queue_size, s.shutdown_grace_seconds, s.event_lease_seconds) == (4, 100, 20, 45)
