"""Slack threads the bot answers in, and the idempotency log of handled events."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    DateTime,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.clock import utcnow
from bot.store.base import Base


class ProcessedEvent(Base):
    """A claimed key (a Slack event_id, a channel+ts message): the idempotency log. ``created_at`` is when it
    was (last) claimed, ``done_at`` when its work was done; a claim without it is in progress, and one older
    than the lease may be taken over by Slack's retry (bot.conversations.service.ConversationService.claim)."""

    __tablename__ = "processed_events"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ConversationTurn(Base):
    """One question and the bot's answer in a thread: marks the thread as the bot's and feeds follow-ups."""

    __tablename__ = "conversation_turns"
    __table_args__ = (Index("ix_conversation_turns_thread", "channel", "thread_ts"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str | None] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(32))
    thread_ts: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
