"""The database rate limit and usage summaries."""

from datetime import datetime, timedelta, timezone

from bot.store.models import UsageEvent
from bot.usage.rate_limit import RateLimiter


def test_sliding_window_rate_limit(fresh):
    c = fresh()
    now = [datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)]
    limiter = RateLimiter(c.uow, limit=2, window_seconds=60, clock=lambda: now[0])
    assert limiter.acquire("U1") is None and limiter.acquire("U1") is None
    assert limiter.acquire("U1") == 60.0
    assert limiter.acquire("U2") is None  # per user
    now[0] += timedelta(seconds=30)
    assert limiter.acquire("U1") == 30.0
    now[0] += timedelta(seconds=31)
    assert limiter.acquire("U1") is None
    assert RateLimiter(c.uow, limit=0, window_seconds=60).acquire("U1") is None


def test_summary_and_recent_questions(fresh):
    c = fresh()
    with c.uow() as uow:
        for user, surface, outcome, dept in [("U1", "mention", "answered", "Sales"), ("U1", "dm", "declined", "Sales"),
                                             ("U2", "command", "answered", None)]:
            uow.usage.add(UsageEvent(user_id=user, surface=surface, outcome=outcome, kind="answer", question=f"q {surface}",
                                     answer="a", sources="[]", confidence=0.5, latency_ms=20.0, department=dept))
        uow.commit()
    s = c.usage.summary(30)
    assert (s.questions, s.answered, s.people) == (3, 2, 2) and round(s.answer_rate, 2) == 0.67
    assert [(r.group, r.questions) for r in s.by_department] == [("Sales", 2), ("unknown", 1)]
    assert c.usage.recent_questions("U1") == [("q dm", False), ("q mention", True)]
