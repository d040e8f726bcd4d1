"""Ingested documents, their passages and sentence vectors, and facts about the index."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.clock import utcnow
from bot.store.base import Base


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
