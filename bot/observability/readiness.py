"""Is this bot process ready to answer (GET /readyz)? The database answers and is at the newest migration,
the knowledge index has passages (vectors and BM25), and the embedding model is in memory.

The result is kept for a couple of seconds, and probes arriving while a check runs wait for it rather than
start their own, so however often the orchestrator (or several) probe, the database sees at most one check
per interval. Liveness (GET /healthz) stays a constant answer and never comes here."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

from bot.store import db

CACHE_SECONDS = 2.0


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str


class Readiness:
    def __init__(self, container, cache_seconds: float = CACHE_SECONDS,
                 clock: Callable[[], float] = time.monotonic):
        self.container = container
        self.cache_seconds = cache_seconds
        self._clock = clock
        # A one-value cache with an expiry: hand-written, as a TTL cache library would still need this lock
        # to keep concurrent probes from running the checks at the same time.
        self._lock = threading.Lock()
        self._report: dict | None = None
        self._expires = 0.0

    def report(self) -> dict:
        """{"ready": bool, "checks": {"database"|"knowledge"|"model": {"ok": bool, "detail": str}}}"""
        with self._lock:
            if self._report is None or self._clock() >= self._expires:
                self._report = self._check()
                self._expires = self._clock() + self.cache_seconds
            return self._report

    def _check(self) -> dict:
        checks = {name: _guarded(check) for name, check in
                  (("database", self._database), ("knowledge", self._knowledge), ("model", self._model))}
        return {"ready": all(c.ok for c in checks.values()), "checks": {n: asdict(c) for n, c in checks.items()}}

    def _database(self) -> Check:
        try:
            lag = db.schema_lag(self.container.engine)
        except Exception as exc:  # the server is down, refuses us, or the URL is wrong
            return Check(False, f"does not answer ({type(exc).__name__})")
        if lag:
            return Check(False, f"{lag}, not {db.head_revision()}: run `coach db upgrade`")
        return Check(True, f"migrated ({db.head_revision()})")

    def _knowledge(self) -> Check:
        vectors, passages = self.container.vectors.count(), self.container.lexical.size
        detail = f"{vectors} passage vectors, {passages} BM25 passages"
        if vectors > 0 and passages > 0:
            return Check(True, detail)
        return Check(False, f"{detail}: run `coach ingest`")

    def _model(self) -> Check:
        if self.container.embeddings.loaded:
            return Check(True, "loaded")
        return Check(False, "not loaded yet (the bot warms it up at start)")


def _guarded(check: Callable[[], Check]) -> Check:
    try:
        return check()
    except Exception as exc:  # a check that breaks means not ready, never a 500
        return Check(False, f"check failed ({type(exc).__name__})")
