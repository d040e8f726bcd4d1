"""Repositories: the only place that writes SQL queries for the knowledge index."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.store.models import Chunk, Document, IndexMeta


class DocumentRepository:
    def __init__(self, session: Session):
        self.session = session

    def all(self) -> Sequence[Document]:
        return self.session.scalars(select(Document).order_by(Document.path)).all()

    def get_by_path(self, path: str) -> Document | None:
        return self.session.scalar(select(Document).where(Document.path == path))

    def add(self, document: Document) -> None:
        self.session.add(document)

    def remove(self, document: Document) -> None:
        self.session.delete(document)

    def chunk_ids(self, document: Document) -> list[str]:
        return list(self.session.scalars(select(Chunk.id).where(Chunk.document_id == document.id)))

    def replace_chunks(self, document: Document, chunks: Iterable[Chunk]) -> None:
        self.session.execute(delete(Chunk).where(Chunk.document_id == document.id))
        self.session.flush()
        for chunk in chunks:
            chunk.document_id = document.id
            self.session.add(chunk)

    def chunks_by_ids(self, ids: Sequence[str]) -> dict[str, Chunk]:
        if not ids:
            return {}
        rows = self.session.execute(select(Chunk, Document).join(Document).where(Chunk.id.in_(list(ids))))
        return {chunk.id: chunk for chunk, _doc in rows}

    def all_chunks(self) -> list[tuple[str, str]]:
        """(id, breadcrumb + text) of every chunk, ordered by id: the BM25 corpus."""
        rows = self.session.execute(select(Chunk.id, Chunk.breadcrumb, Chunk.text).order_by(Chunk.id))
        return [(cid, f"{crumb}\n{text}") for cid, crumb, text in rows]

    def counts(self) -> tuple[int, int]:
        docs = self.session.scalar(select(func.count(Document.id))) or 0
        chunks = self.session.scalar(select(func.count(Chunk.id))) or 0
        return docs, chunks


class MetaRepository:
    def __init__(self, session: Session):
        self.session = session

    def get(self, key: str) -> str | None:
        row = self.session.get(IndexMeta, key)
        return row.value if row else None

    def set(self, key: str, value: str) -> None:
        row = self.session.get(IndexMeta, key)
        if row is None:
            self.session.add(IndexMeta(key=key, value=value))
        else:
            row.value = value
