"""Claims of Slack events and messages: in progress until finished; a retry may take over a claim that was
never finished once it is older than the lease, and only one taker wins; a finished claim stays a duplicate.
Migration 0009 adds processed_events.done_at and counts the claims already there as finished."""

from __future__ import annotations

import threading
from datetime import timedelta

from alembic import command
from sqlalchemy import inspect, text, update

from bot.clock import utcnow
from bot.store.tables.conversations import ProcessedEvent
from tests.conftest import migrate_to


def _age(kb, key: str, seconds: float) -> None:
    with kb.uow() as uow:
        uow.session.execute(update(ProcessedEvent).where(ProcessedEvent.key == key)
                            .values(created_at=utcnow() - timedelta(seconds=seconds)))
        uow.commit()


def _stale(kb) -> float:
    return kb.conversations.claim_lease.total_seconds() + 5


def test_a_claim_is_in_progress_until_finished_and_only_a_retry_after_the_lease_takes_it_over(kb):
    conv, key = kb.conversations, "event:Ev0LEASE01"
    assert conv.claim(key) is True
    assert conv.claim(key) is False  # the twin delivery, or a replay
    assert conv.claim(key, take_over=True) is False  # a retry while the first delivery is being handled
    _age(kb, key, _stale(kb))
    assert conv.claim(key) is False  # not a retry: never taken over
    assert conv.claim(key, take_over=True) is True  # the handler died: this retry answers it
    assert conv.claim(key, take_over=True) is False  # claimed anew just now
    conv.finish(key)
    _age(kb, key, _stale(kb) * 10)
    assert conv.claim(key, take_over=True) is False  # answered: a duplicate however old


def test_finish_marks_every_key_given_and_leaves_others_in_progress(kb):
    conv = kb.conversations
    for key in ("event:Ev0F1", "msg:C1:1.1", "event:Ev0F2"):
        assert conv.claim(key)
    conv.finish("event:Ev0F1", "msg:C1:1.1")
    for key in ("event:Ev0F1", "msg:C1:1.1", "event:Ev0F2"):
        _age(kb, key, _stale(kb))
    assert [conv.claim(k, take_over=True) for k in ("event:Ev0F1", "msg:C1:1.1", "event:Ev0F2")] == \
        [False, False, True]


def test_of_concurrent_take_overs_exactly_one_wins(kb):
    conv, key = kb.conversations, "event:Ev0RACE01"
    assert conv.claim(key)
    _age(kb, key, _stale(kb))
    start, results = threading.Barrier(6), []

    def retry():
        start.wait(10)
        results.append(conv.claim(key, take_over=True))

    threads = [threading.Thread(target=retry) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results) == [False] * 5 + [True]



def test_migration_0009_counts_existing_claims_as_finished_and_downgrades(fresh):
    c = fresh()
    migrate_to(c, command.downgrade, "0008")
    assert "done_at" not in {col["name"] for col in inspect(c.engine).get_columns("processed_events")}
    claimed = utcnow() - timedelta(hours=1)
    with c.engine.begin() as conn:
        conn.execute(text("INSERT INTO processed_events (key, created_at) VALUES ('event:Ev0OLD', :at)"),
                     {"at": claimed})
    migrate_to(c, command.upgrade, "head")
    with c.engine.connect() as conn:
        created, done = conn.execute(text("SELECT created_at, done_at FROM processed_events")).one()
    assert done is not None and done == created
    migrate_to(c, command.downgrade, "0008")
    assert "done_at" not in {col["name"] for col in inspect(c.engine).get_columns("processed_events")}
    with c.engine.connect() as conn:
        assert conn.execute(text("SELECT key FROM processed_events")).scalars().all() == ["event:Ev0OLD"]
