"""Ratings and comments on answers and on AI tools."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.clock import utcnow
from bot.store.base import Base


class Feedback(Base):
    """A rating or comment on an answer (or on any AI tool); copies what was answered, as it was then."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str | None] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32), index=True)
    usage_event_id: Mapped[int | None] = mapped_column(ForeignKey("usage_events.id", ondelete="SET NULL"),
                                                      index=True)
    via: Mapped[str] = mapped_column(String(16))  # button | shortcut | command
    rating: Mapped[str | None] = mapped_column(String(8))  # up | down | None (a comment only)
    reason: Mapped[str | None] = mapped_column(String(32))  # wrong | outdated | incomplete | not_relevant | other
    comment: Mapped[str] = mapped_column(Text, default="")
    tool: Mapped[str | None] = mapped_column(String(128))  # the AI tool the feedback is about, if not the bot
    question: Mapped[str] = mapped_column(Text, default="")
    answer: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[str] = mapped_column(Text, default="[]")
    topic: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
