"""The answer queue: answers, and the other slow work Slack's requests lead to, on worker threads of its own.

Bolt runs listeners on one small pool (COACH_SLACK_WORKERS) and, with process_before_response=False, acks a
command, a click or a form only once its listener starts there. Answers used to run on that pool, so under a
flood of mentions every thread was answering and other requests waited past Slack's 3 s (Slack showed an
error, then the work ran anyway). Listeners now ack and hand the work here:
  - tasks: work for a command, a click or a form already acknowledged: always taken, never refused;
  - questions: at most COACH_ANSWER_QUEUE_SIZE wait; offer() refuses one more, and its caller says "busy".
The workers (COACH_ANSWER_WORKERS) take tasks before questions, each lane first come, first served.
  - notices: the short busy reply to a refused question, sent by a thread of its own, so that it goes out
    even while every worker is in a long answer (at most COACH_ANSWER_QUEUE_SIZE wait as well).
drain() (on SIGTERM, bot.slack.runner) refuses new questions and lets the threads finish what is queued."""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

NOTICE, TASK, QUESTION, _STOP = 0, 1, 2, 9  # lanes; the workers take tasks before questions

ErrorHandler = Callable[[Exception, dict, object], None]  # bot.slack.errors.make_error_handler's handler


@dataclass(frozen=True)
class Job:
    """Work for after the ack, with the Slack request it belongs to: should it fail, the error handler logs
    the request's kind and sends the apology where the request came from, with ``client``."""

    run: Callable[[], None]
    body: dict = field(default_factory=dict)
    client: object = None


def _log_error(error: Exception, body: dict, client: object) -> None:
    log.error("Queued work failed: %s", type(error).__name__, exc_info=error)


class AnswerQueue:
    def __init__(self, workers: int, size: int, on_error: ErrorHandler | None = None):
        if workers < 1 or size < 1:
            raise ValueError("the answer queue needs at least one worker and room for one question")
        self.workers, self.size = workers, size
        self.on_error = on_error or _log_error
        self.refused = 0  # questions offered when there was no room
        self.done = 0  # jobs run (whether they succeeded or not)
        self._jobs: queue.PriorityQueue = queue.PriorityQueue()  # tasks and questions, for the workers
        self._notices: queue.PriorityQueue = queue.PriorityQueue()  # for the notice thread
        self._order = itertools.count()  # first come, first served within a lane
        self._state = threading.Condition()
        self._waiting: Counter[int] = Counter()  # jobs queued, by lane
        self._running = 0
        self._threads: list[tuple[threading.Thread, queue.PriorityQueue]] = []  # started on the first job
        self._closed = False

    def offer(self, job: Job) -> bool:
        """Queue a question; False when ``size`` questions are waiting already, or the queue is draining."""
        return self._add(QUESTION, job, bounded=True)

    def put(self, job: Job) -> None:
        """Queue work that was acknowledged to Slack and must not be dropped (a command's report, a click)."""
        self._add(TASK, job, bounded=False)

    def notify(self, job: Job) -> bool:
        """Queue a short reply for the notice thread; False when ``size`` of them are waiting."""
        return self._add(NOTICE, job, bounded=True)

    @property
    def pending(self) -> int:
        """Jobs queued or running."""
        with self._state:
            return sum(self._waiting.values()) + self._running

    def join(self, timeout: float | None = None) -> bool:
        """Wait until nothing is queued or running; False when ``timeout`` seconds passed first."""
        with self._state:
            return self._state.wait_for(lambda: not self._running and not sum(self._waiting.values()), timeout)

    def drain(self, timeout: float) -> int:
        """Refuse new questions, wait up to ``timeout`` seconds for what is queued and running, and let the
        workers stop once the queue is empty. Returns how many jobs were still left (0: all done)."""
        with self._state:
            self._closed = True
        self.join(timeout)
        left = self.pending
        for _, jobs in self._threads:
            jobs.put((_STOP, next(self._order), None))  # behind whatever is still queued
        return left

    def _add(self, lane: int, job: Job, bounded: bool) -> bool:
        with self._state:
            if bounded and (self._waiting[lane] >= self.size or (lane == QUESTION and self._closed)):
                self.refused += lane == QUESTION
                return False
            if not self._threads:
                self._start()
            self._waiting[lane] += 1
            (self._notices if lane == NOTICE else self._jobs).put((lane, next(self._order), job))
        return True

    def _start(self) -> None:
        """The workers and the notice thread (daemons: a process past its grace period exits without them)."""
        lanes = [(f"answer-{i}", self._jobs) for i in range(self.workers)] + [("answer-notices", self._notices)]
        for name, jobs in lanes:
            thread = threading.Thread(target=self._work, args=(jobs,), name=name, daemon=True)
            thread.start()
            self._threads.append((thread, jobs))

    def _work(self, jobs: queue.PriorityQueue) -> None:
        while True:
            lane, _, job = jobs.get()
            if job is None:
                return
            with self._state:
                self._waiting[lane] -= 1
                self._running += 1
            try:
                job.run()
            except Exception as exc:
                try:
                    self.on_error(exc, job.body, job.client)
                except Exception:  # the handler is not supposed to raise; the worker must outlive it anyway
                    log.exception("The error handler failed")
            finally:
                with self._state:
                    self._running -= 1
                    self.done += 1
                    self._state.notify_all()
