"""Replay protection for HTTP mode: each signed Slack request is accepted once.

A Slack signature covers the request's timestamp and body, and is accepted for 5 minutes either side of it
(slack_sdk's SignatureVerifier), so a captured request could be sent again within that window and would run
again (a slash command recorded twice). Slack itself never sends the same signature twice: a retry of an
event is a new request, signed with the timestamp it is sent at. So a signature, once verified, is claimed
here, and a second claim of it is a replay.

``SignatureCache`` keeps the claims in this process's memory: bounded, each forgotten once its timestamp
has left the window. A replay sent to another replica is not caught by it. ``DatabaseSignatureCache``
claims them in the database's idempotency log as well (ConversationService.claim, one insert per
request), which every replica shares; should the database fail, the memory cache still answers."""

from __future__ import annotations

import heapq
import logging
import threading
import time
from collections.abc import Callable
from typing import Protocol

from sqlalchemy.exc import SQLAlchemyError

__all__ = ["WINDOW_SECONDS", "DatabaseSignatureCache", "ReplayGuard", "SignatureCache"]

log = logging.getLogger(__name__)

WINDOW_SECONDS = 5 * 60  # slack_sdk's SignatureVerifier accepts a timestamp this far from now, either way
KEY_PREFIX = "slack-signature:"


class ReplayGuard(Protocol):
    def first_time(self, signature: str, timestamp: int) -> bool:
        """Claim a verified signature: True the first time, False for a replay."""


class SignatureCache:
    """Signatures seen in this process, each kept until its timestamp is out of the window. At most
    ``max_entries``: when full, the claim that expires first is dropped (so at sustained rates above
    ``max_entries`` per 5 minutes, the oldest could be replayed once more)."""

    def __init__(self, max_entries: int = 100_000, clock: Callable[[], float] = time.time):
        self.max_entries = max_entries
        self._clock = clock
        self._expiry: dict[str, float] = {}
        self._heap: list[tuple[float, str]] = []  # (expiry, signature), the next to expire first
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._expiry)

    def first_time(self, signature: str, timestamp: int) -> bool:
        now = self._clock()
        with self._lock:
            self._expire(now)
            if signature in self._expiry:
                return False
            while len(self._expiry) >= self.max_entries:
                _, oldest = heapq.heappop(self._heap)
                self._expiry.pop(oldest, None)
            expiry = max(timestamp + WINDOW_SECONDS, now) + 1
            self._expiry[signature] = expiry
            heapq.heappush(self._heap, (expiry, signature))
            return True

    def _expire(self, now: float) -> None:
        while self._heap and self._heap[0][0] < now:
            _, signature = heapq.heappop(self._heap)
            self._expiry.pop(signature, None)


class DatabaseSignatureCache:
    """The memory cache, then a claim in the database's idempotency log, shared by every replica, through the
    same ``claim`` the event gate uses (ConversationService.claim, which also prunes old claims)."""

    def __init__(self, claim: Callable[[str], bool], memory: SignatureCache | None = None):
        self._claim = claim
        self.memory = memory or SignatureCache()

    def first_time(self, signature: str, timestamp: int) -> bool:
        if not self.memory.first_time(signature, timestamp):
            return False
        try:
            return self._claim(KEY_PREFIX + signature)
        except SQLAlchemyError as exc:  # the memory cache has claimed it for this replica
            log.warning("Replay check could not use the database (%s); this replica's memory answered",
                        type(exc).__name__)
            return True
