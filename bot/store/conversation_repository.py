"""Queries for the idempotency log and for conversation turns in threads."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.store.tables.conversations import ConversationTurn, ProcessedEvent


class ProcessedEventRepository:
    def __init__(self, session: Session):
        self.session = session

    def claim(self, key: str) -> bool:
        """Record ``key`` as handled; False when it already was (by this or a concurrent request).

        Flushes at once, so a duplicate is found here; on a duplicate the session is rolled back, so use a
        unit of work of its own for this."""
        self.session.add(ProcessedEvent(key=key))
        try:
            self.session.flush()
        except IntegrityError:
            self.session.rollback()
            return False
        return True

    def forget_before(self, cutoff: datetime) -> int:
        return self.session.execute(delete(ProcessedEvent).where(ProcessedEvent.created_at < cutoff)).rowcount


class TurnRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, turn: ConversationTurn) -> None:
        self.session.add(turn)

    def in_thread(self, channel: str, thread_ts: str, limit: int = 10) -> list[ConversationTurn]:
        """The last ``limit`` turns of a thread, oldest first."""
        rows = self.session.scalars(
            select(ConversationTurn).where(ConversationTurn.channel == channel,
                                           ConversationTurn.thread_ts == thread_ts)
            .order_by(ConversationTurn.id.desc()).limit(limit)).all()
        return list(reversed(rows))

    def thread_known(self, channel: str, thread_ts: str) -> bool:
        return bool(self.session.scalar(select(exists().where(ConversationTurn.channel == channel,
                                                              ConversationTurn.thread_ts == thread_ts))))
