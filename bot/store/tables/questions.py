"""The questions sections answer: written in the knowledge files, or taught by admins from the bot's gaps."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.clock import utcnow
from bot.store.base import Base


class SectionQuestion(Base):
    """One question of a section's `<!-- questions -->` block, with its vector; replaced with the document."""

    __tablename__ = "section_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    anchor: Mapped[str] = mapped_column(String(256))
    text: Mapped[str] = mapped_column(String(300))
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class TaughtQuestion(Base):
    """A question an admin attached to the section that answers it, or answered with a short entry of its own.

    Kept apart from the documents, so a re-ingest (or a re-index from scratch) never loses it; an entry with
    its own ``answer`` is indexed as the document ``taught/<id>``.
    """

    __tablename__ = "taught_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str | None] = mapped_column(String(32), index=True)
    question: Mapped[str] = mapped_column(String(1000))
    asked: Mapped[str | None] = mapped_column(String(1000))  # the words it was asked in, when the admin reworded it
    path: Mapped[str] = mapped_column(String(1024))
    anchor: Mapped[str] = mapped_column(String(256))
    answer: Mapped[str | None] = mapped_column(Text)
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    taught_by: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16))  # "gap", "feedback" or "cli"
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
