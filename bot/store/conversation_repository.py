"""Queries for the idempotency log and for conversation turns in threads."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.clock import utcnow
from bot.store.tables.conversations import ConversationTurn, ProcessedEvent
from bot.tenancy import EVERY_ROW, Tenant


class ProcessedEventRepository:
    def __init__(self, session: Session):
        self.session = session

    def claim(self, key: str) -> bool:
        """Record ``key`` as claimed (in progress); False when it already was (by this or a concurrent request).

        Flushes at once, so a duplicate is found here; on a duplicate the session is rolled back, so use a
        unit of work of its own for this."""
        self.session.add(ProcessedEvent(key=key))
        try:
            self.session.flush()
        except IntegrityError:
            self.session.rollback()
            return False
        return True

    def take_over(self, key: str, claimed_before: datetime) -> bool:
        """Claim ``key`` again when its claim was never finished and was made before ``claimed_before``. One
        conditional UPDATE: of two concurrent take-overs only one matches the row (the other then sees the new
        claim time, or waits for it on PostgreSQL)."""
        taken = self.session.execute(
            update(ProcessedEvent)
            .where(ProcessedEvent.key == key, ProcessedEvent.done_at.is_(None),
                   ProcessedEvent.created_at < claimed_before)
            .values(created_at=utcnow()))
        return taken.rowcount == 1

    def finish(self, keys: Iterable[str]) -> None:
        """Mark claimed keys done; one already done keeps its time."""
        self.session.execute(update(ProcessedEvent)
                             .where(ProcessedEvent.key.in_(list(keys)), ProcessedEvent.done_at.is_(None))
                             .values(done_at=utcnow()))

    def forget_before(self, cutoff: datetime) -> int:
        return self.session.execute(delete(ProcessedEvent).where(ProcessedEvent.created_at < cutoff)).rowcount


class TurnRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, turn: ConversationTurn) -> None:
        self.session.add(turn)

    def in_thread(self, channel: str, thread_ts: str, limit: int = 10,
                  tenant: Tenant = EVERY_ROW) -> list[ConversationTurn]:
        """The last ``limit`` turns of a thread in ``tenant``'s workspace (a channel shared between workspaces
        has one id in both), oldest first."""
        rows = self.session.scalars(
            select(ConversationTurn).where(ConversationTurn.channel == channel,
                                           ConversationTurn.thread_ts == thread_ts,
                                           tenant.where(ConversationTurn.team_id))
            .order_by(ConversationTurn.id.desc()).limit(limit)).all()
        return list(reversed(rows))

    def thread_known(self, channel: str, thread_ts: str, tenant: Tenant = EVERY_ROW) -> bool:
        return bool(self.session.scalar(select(exists().where(ConversationTurn.channel == channel,
                                                              ConversationTurn.thread_ts == thread_ts,
                                                              tenant.where(ConversationTurn.team_id)))))
