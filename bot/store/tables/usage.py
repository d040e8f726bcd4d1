"""Questions asked (the base of adoption KPIs and feedback records) and the rate limit's hits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    DateTime,
    Float,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.clock import utcnow
from bot.store.base import Base


class UsageEvent(Base):
    """Who asked what, where, with which outcome: the base of adoption KPIs and of feedback records."""

    __tablename__ = "usage_events"
    __table_args__ = (Index("ix_usage_events_user_created", "user_id", "created_at"),
                      # the adoption roll-up reads a period's distinct users: a range on created_at, with user
                      # and kind read from the index alone
                      Index("ix_usage_events_created_user_kind", "created_at", "user_id", "kind"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str | None] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))
    surface: Mapped[str] = mapped_column(String(32))  # mention | dm | thread | assistant | command
    outcome: Mapped[str] = mapped_column(String(16))  # answered | declined
    kind: Mapped[str] = mapped_column(String(16))  # answer | unknown | out_of_scope | empty
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    sources: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of {number, title, section, path}
    topic: Mapped[str | None] = mapped_column(String(128))
    confidence: Mapped[float] = mapped_column(Float)
    latency_ms: Mapped[float] = mapped_column(Float)
    department: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class RateHit(Base):
    """One counted question, for the per-user rate limit (a sliding window over these rows)."""

    __tablename__ = "rate_hits"
    __table_args__ = (Index("ix_rate_hits_user_at", "user_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
