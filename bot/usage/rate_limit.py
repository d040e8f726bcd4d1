"""A per-user sliding-window limit on questions, kept in the database so it holds across processes.

Race-free across threads and replicas. On PostgreSQL, a transaction-scoped advisory lock per user makes
"count the window, then store the hit" one step: exactly ``limit`` questions pass. Elsewhere (SQLite, where
the database has one writer at a time) a question first stores its hit and commits, then counts the hits in
the window: whichever of two concurrent questions counts last sees both, and a question that finds more than
the limit takes its hit back and is refused. There, questions racing for the last place may all be refused;
never are more than ``limit`` let through."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from bot.clock import as_utc, utcnow


class RateLimiter:
    def __init__(self, uow_factory: Callable, limit: int, window_seconds: int,
                 clock: Callable[[], datetime] = utcnow):
        self._uow = uow_factory
        self.limit = limit
        self.window = timedelta(seconds=window_seconds)
        self._clock = clock

    def acquire(self, user_id: str) -> float | None:
        """Count one question for ``user_id``; or, when over the limit, the seconds until one is allowed."""
        if self.limit <= 0:
            return None
        now = self._clock()
        start = now - self.window
        with self._uow() as uow:
            if uow.rate_hits.lock_user(user_id):
                return self._acquire_locked(uow, user_id, now, start)
        with self._uow() as uow:
            hit_id = uow.rate_hits.add(user_id, now)
            uow.commit()
        with self._uow() as uow:
            hits = uow.rate_hits.hits_since(user_id, start)
            if len(hits) <= self.limit:
                uow.rate_hits.forget_before(user_id, start)
                uow.commit()
                return None
            uow.rate_hits.forget(hit_id)
            uow.commit()
        others = [at for id_, at in hits if id_ != hit_id]
        return self._wait(others, now)

    def _acquire_locked(self, uow, user_id: str, now: datetime, start: datetime) -> float | None:
        """Where the user's questions take turns under a lock (released at commit): count, then store."""
        hits = [at for _, at in uow.rate_hits.hits_since(user_id, start)]
        if len(hits) >= self.limit:
            uow.commit()
            return self._wait(hits, now)
        uow.rate_hits.add(user_id, now)
        uow.rate_hits.forget_before(user_id, start)
        uow.commit()
        return None

    def _wait(self, hits: list[datetime], now: datetime) -> float:
        """Seconds until the oldest of the last ``limit`` hits (oldest first) leaves the window."""
        return max((as_utc(hits[-self.limit]) + self.window - now).total_seconds(), 0.1)
