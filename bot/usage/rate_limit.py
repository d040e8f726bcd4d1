"""A per-user sliding-window limit on questions, kept in the database so it holds across processes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from bot.store.models import utcnow
from bot.store.time import as_utc


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
            hits = uow.rate_hits.hits_since(user_id, start)
            if len(hits) >= self.limit:
                oldest = as_utc(hits[-self.limit])
                return max((oldest + self.window - now).total_seconds(), 0.1)
            uow.rate_hits.forget_before(user_id, start)
            uow.rate_hits.add(user_id, now)
            uow.commit()
        return None
