"""SQLAlchemy models. Every change here ships with an Alembic migration in ``migrations/versions``."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import DateTime, Float, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class Document(Base):
    """One ingested source file; ``content_hash`` decides whether it needs re-indexing."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(String(1024), unique=True, index=True)
    title: Mapped[str] = mapped_column(String(512))
    topic: Mapped[str | None] = mapped_column(String(128))
    content_hash: Mapped[str] = mapped_column(String(64))
    indexed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    chunks: Mapped[list[Chunk]] = relationship(back_populates="document", cascade="all, delete-orphan",
                                               order_by="Chunk.ordinal")


class Chunk(Base):
    """A heading-delimited passage; its id is also its id in the vector store and the BM25 index."""

    __tablename__ = "chunks"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    breadcrumb: Mapped[str] = mapped_column(String(1024))
    text: Mapped[str] = mapped_column(Text)
    document: Mapped[Document] = relationship(back_populates="chunks")


class ChunkUnit(Base):
    """The vector of one sentence, list item or table row of a chunk (float32 bytes).

    Kept here rather than in the vector store: sentences only re-score chunks that retrieval already found,
    so they need no index of their own in memory (that index cost ~110 MB at 10k chunks).
    """

    __tablename__ = "chunk_units"

    chunk_id: Mapped[str] = mapped_column(ForeignKey("chunks.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class IndexMeta(Base):
    """Small key/value facts about the index (embedding model, BM25 fingerprint)."""

    __tablename__ = "index_meta"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# Slack app: conversations, usage, feedback and roles ------------------------------------------------


class ProcessedEvent(Base):
    """A key of something already handled (a Slack event_id, a channel+ts message): the idempotency log."""

    __tablename__ = "processed_events"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


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


class UsageEvent(Base):
    """Who asked what, where, with which outcome: the base of adoption KPIs and of feedback records."""

    __tablename__ = "usage_events"
    __table_args__ = (Index("ix_usage_events_user_created", "user_id", "created_at"),)

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


class RoleGrant(Base):
    """A role given with `coach roles grant` (environment bootstraps are not stored)."""

    __tablename__ = "role_grants"

    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
    granted_by: Mapped[str] = mapped_column(String(64))
    granted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RateHit(Base):
    """One counted question, for the per-user rate limit (a sliding window over these rows)."""

    __tablename__ = "rate_hits"
    __table_args__ = (Index("ix_rate_hits_user_at", "user_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# Feature models live in their own modules; importing them here puts every table in Base.metadata.
from bot.store import audit_models, kpi_models, survey_models  # noqa: E402,F401
