"""A per-user sliding-window limit on questions, kept in the database so it holds across processes.

Race-free without locks (the same on SQLite and PostgreSQL): a question first stores its hit and commits,
then counts the hits in the window. Every concurrent question, in any thread or replica, counts at least its
own hit and every hit committed before it, so whichever of two questions counts last sees both; a question
that finds more than the limit takes its hit back and is refused. At worst two questions racing for the
last place are both refused; never are more than ``limit`` let through."""

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
        others = [at for id_, at in hits if id_ != hit_id]  # when the oldest of the last ``limit`` leaves the window
        return max((as_utc(others[-self.limit]) + self.window - now).total_seconds(), 0.1)
