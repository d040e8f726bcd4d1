"""The database rate limit and usage summaries."""

from datetime import datetime, timedelta, timezone

from bot.store.tables.usage import UsageEvent
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


def test_concurrent_questions_never_pass_the_limit(fresh):
    """Many threads (each its own database session, as replicas would be) ask at once: at most ``limit`` pass,
    and no refused question leaves a hit behind."""
    import threading

    from sqlalchemy import func, select

    from bot.store.tables.usage import RateHit

    c = fresh()
    now = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)
    limiters = [RateLimiter(c.uow, limit=3, window_seconds=60, clock=lambda: now) for _ in range(12)]
    start, results = threading.Barrier(len(limiters)), []

    def ask(limiter):
        start.wait(10)
        results.append(limiter.acquire("U1"))

    threads = [threading.Thread(target=ask, args=(limiter,)) for limiter in limiters]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(results) == 12
    passed = [r for r in results if r is None]
    assert 1 <= len(passed) <= 3 and all(r == 60.0 for r in results if r is not None)
    with c.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(RateHit)) == len(passed)


def test_summary_and_recent_questions_count_one_workspace(fresh):
    from bot.tenancy import Tenant

    c = fresh()
    with c.uow() as uow:
        for user, team, question in [("U1", "T0A", "A's question"), ("U1", "T0B", "B's question"),
                                     ("U2", "T0B", "another B question"), ("U3", None, "before team ids")]:
            uow.usage.add(UsageEvent(team_id=team, user_id=user, surface="dm", outcome="answered", kind="answer",
                                     question=question, answer="a", sources="[]", confidence=0.5, latency_ms=20.0))
        uow.commit()
    a, b = c.usage.summary(30, Tenant("T0A")), c.usage.summary(30, Tenant("T0B"))
    assert (a.questions, a.people, b.questions, b.people) == (1, 1, 2, 2)
    assert c.usage.summary(30).questions == 4  # a single-workspace install counts every row
    assert c.usage.recent_questions("U1", tenant=Tenant("T0B")) == [("B's question", True)]
    assert c.usage.recent_questions("U1", tenant=Tenant("T0C")) == []
