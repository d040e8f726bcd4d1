"""Sending survey DMs from the outbox: none lost, none sent twice, Slack's rate limits obeyed.

Each sender claims a small batch of due rows (status 'sending', with its own claim token), sends them and
writes Slack's channel and ts on each row as soon as Slack has accepted it. If the process dies, its rows
stay 'sending'; after the lease they are claimed again *in doubt*: the messenger first looks in the DM for a
message carrying that outbox row's id (it travels in the message metadata) and only sends when none is there.

A rate-limited answer (HTTP 429) pauses every worker of the sender for Slack's Retry-After, then the same row
is tried again. Other failures are retried with back-off, or marked failed when they cannot succeed
(deactivated account, unknown user, a workspace without an installation). Just before a reminder is sent,
the person's participation is checked again: someone who answered after the reminder was queued does not get
it (the row is cancelled)."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from bot.clock import utcnow
from bot.errors import DeliveryError
from bot.store.tables.surveys import SurveyOutbox

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
BACKOFF_SECONDS = (30, 120, 600, 1800)
_LOST = object()  # the row was taken over by another sender while this one waited


@dataclass(frozen=True)
class Delivered:
    channel: str
    ts: str


class RateLimited(Exception):
    def __init__(self, retry_after: float):
        super().__init__(f"rate limited, retry after {retry_after}s")
        self.retry_after = retry_after


@dataclass(frozen=True)
class Envelope:
    """What a messenger needs to send one outbox row."""

    outbox_id: int
    survey_id: int
    user_id: str
    kind: str  # invite | reminderN


class Messenger(Protocol):
    def send(self, envelope: Envelope) -> Delivered:
        """Post the DM with ``envelope.outbox_id`` in its metadata; raise RateLimited or DeliveryError."""

    def find_sent(self, envelope: Envelope) -> Delivered | None:
        """The DM already posted for this outbox row, if Slack has it."""


@dataclass
class DrainReport:
    sent: int = 0
    recovered: int = 0  # in-doubt rows found already delivered: not sent again
    skipped: int = 0  # reminders not sent: the person answered (or the survey closed) after they were queued
    failed: int = 0
    retried: int = 0  # rows put back for later after a failure
    rate_limited: int = 0  # 429s received (each honoured)
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)


class _Pause:
    """One shared 'not before' for all workers: a 429 stops the whole sender for Retry-After."""

    def __init__(self, sleep: Callable[[float], None], monotonic: Callable[[], float]):
        self._until = 0.0
        self._lock = threading.Lock()
        self._sleep, self._monotonic = sleep, monotonic

    def hold(self, seconds: float) -> None:
        with self._lock:
            self._until = max(self._until, self._monotonic() + seconds)

    def wait(self) -> bool:
        waited = False
        while (left := self._until - self._monotonic()) > 0:
            self._sleep(left)
            waited = True
        return waited


class OutboxSender:
    def __init__(self, uow_factory: Callable, lease_seconds: float = 120.0, batch: int = 20, workers: int = 4,
                 clock: Callable[[], datetime] = utcnow, sleep: Callable[[float], None] = time.sleep,
                 monotonic: Callable[[], float] = time.monotonic):
        self._uow = uow_factory
        self.lease = timedelta(seconds=lease_seconds)
        self.batch, self.workers = batch, workers
        self._clock, self._sleep, self._monotonic = clock, sleep, monotonic

    def drain(self, messenger: Messenger, max_rows: int | None = None) -> DrainReport:
        """Send every due row (or ``max_rows``); returns when nothing is due any more."""
        report, lock, pause = DrainReport(), threading.Lock(), _Pause(self._sleep, self._monotonic)
        started, began = time.perf_counter(), self._clock()
        budget = [max_rows if max_rows is not None else float("inf")]

        def worker() -> None:
            while True:
                with lock:
                    take = int(min(self.batch, budget[0]))
                    budget[0] -= take
                if take <= 0:
                    return
                rows = self._claim(take, began)
                if not rows:
                    return
                for row in rows:
                    self._one(messenger, row, report, lock, pause)

        with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="survey-outbox") as pool:
            for future in [pool.submit(worker) for _ in range(self.workers)]:
                future.result()
        report.seconds = time.perf_counter() - started
        return report

    def _claim(self, limit: int, began: datetime) -> list[tuple]:
        """Claim due rows. A 'sending' row is taken over only when its claim is older than the lease *and*
        than this drain, so the workers of one drain never take each other's rows."""
        token, now = uuid.uuid4().hex, self._clock()
        with self._uow() as uow:
            rows = uow.survey_outbox.claim(token, now, limit, min(now - self.lease, began))
            uow.commit()
            return [(_envelope(r), token, r.in_doubt, r.attempts) for r in rows]

    def _one(self, messenger: Messenger, claimed, report: DrainReport, lock, pause: _Pause) -> None:
        envelope, token, in_doubt, attempts = claimed
        if in_doubt:
            try:
                found = self._call(messenger.find_sent, envelope, token, pause, report, lock)
            except DeliveryError as exc:  # cannot tell whether it went out: try again later, still in doubt
                self._failure(envelope, token, attempts, exc, report, lock, in_doubt=True)
                return
            if found is _LOST:
                return
            if found is not None:
                self._record(envelope, token, found)
                with lock:
                    report.recovered += 1
                return
        if envelope.kind.startswith("reminder") and self._moot(envelope, token):
            with lock:
                report.skipped += 1
            return
        try:
            delivered = self._call(messenger.send, envelope, token, pause, report, lock)
        except DeliveryError as exc:
            self._failure(envelope, token, attempts, exc, report, lock)
            return
        if delivered is _LOST:
            return
        self._record(envelope, token, delivered)
        with lock:
            report.sent += 1

    def _call(self, fn: Callable[[Envelope], object], envelope: Envelope, token: str, pause: _Pause,
              report: DrainReport, lock):
        """``fn(envelope)`` (a send or a look-up) under the sender's rate-limit pause: a 429 pauses every worker
        and the call is made again. Returns _LOST when, after a pause, another sender has taken the row over;
        other failures raise DeliveryError."""
        while True:
            if pause.wait():  # paused for a 429: still ours, or has another sender taken it over?
                with self._uow() as uow:
                    if not uow.survey_outbox.holds(envelope.outbox_id, token):
                        return _LOST
            try:
                return fn(envelope)
            except RateLimited as exc:
                with lock:
                    report.rate_limited += 1
                pause.hold(max(exc.retry_after, 0.0))
            except DeliveryError:
                raise
            except Exception as exc:  # network trouble after slack_sdk's own retries
                raise DeliveryError(type(exc).__name__, False) from None

    def _moot(self, envelope: Envelope, token: str) -> bool:
        """Checked just before a reminder goes out: the person answered (or the survey closed) after it was
        queued. Such a row is cancelled instead of sent."""
        with self._uow() as uow:
            moot = uow.survey_outbox.cancel_moot_reminder(envelope.outbox_id, token)
            uow.commit()
        return moot

    def _record(self, envelope: Envelope, token: str, delivered: Delivered) -> None:
        with self._uow() as uow:
            uow.survey_outbox.mark_sent(envelope.outbox_id, token, delivered.channel, delivered.ts, self._clock())
            uow.commit()

    def _failure(self, envelope: Envelope, token: str, attempts: int, exc: DeliveryError, report: DrainReport,
                 lock, in_doubt: bool = False) -> None:
        with self._uow() as uow:
            if exc.permanent or attempts >= MAX_ATTEMPTS:
                uow.survey_outbox.fail(envelope.outbox_id, token, exc.error)
                outcome = "failed"
            else:
                delay = BACKOFF_SECONDS[min(attempts - 1, len(BACKOFF_SECONDS) - 1)]
                uow.survey_outbox.release(envelope.outbox_id, token, self._clock() + timedelta(seconds=delay),
                                          exc.error, in_doubt=in_doubt)
                outcome = "retried"
            uow.commit()
        with lock:
            setattr(report, outcome, getattr(report, outcome) + 1)
            if len(report.errors) < 20:
                report.errors.append(f"{envelope.user_id}: {exc.error}")
        log.warning("Survey DM %s %s: %s", envelope.outbox_id, outcome, exc.error)


def _envelope(row: SurveyOutbox) -> Envelope:
    return Envelope(row.id, row.survey_id, row.user_id, row.kind)
