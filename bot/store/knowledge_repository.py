"""Repositories: the only place that writes SQL queries for the knowledge index."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.store.tables.knowledge import Chunk, ChunkUnit, Document, IndexMeta


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

    def chunk_counts(self) -> dict[int, int]:
        """Each document's number of chunks (one query), by document id."""
        rows = self.session.execute(select(Chunk.document_id, func.count(Chunk.id)).group_by(Chunk.document_id))
        return {document_id: count for document_id, count in rows}

    def chunk_ids(self, document: Document) -> list[str]:
        return list(self.session.scalars(select(Chunk.id).where(Chunk.document_id == document.id)))

    def sync_chunks(self, document: Document, chunks: Sequence[Chunk],
                    units: Mapping[str, Sequence[tuple[int, bytes]]]) -> None:
        """Make the document's chunks exactly ``chunks``: unchanged ones (same id) stay with their sentence
        vectors, vanished ones go (their units by cascade), new ones come with ``units[chunk id]``."""
        wanted = {c.id: c for c in chunks}
        existing = {c.id: c for c in self.session.scalars(select(Chunk).where(Chunk.document_id == document.id))}
        gone = [cid for cid in existing if cid not in wanted]
        if gone:
            self.session.execute(delete(ChunkUnit).where(ChunkUnit.chunk_id.in_(gone)))
            self.session.execute(delete(Chunk).where(Chunk.id.in_(gone)))
        for cid, chunk in wanted.items():
            if cid in existing:
                existing[cid].ordinal = chunk.ordinal
                continue
            chunk.document_id = document.id
            self.session.add(chunk)
        self.session.flush()
        for cid, pairs in units.items():
            self.session.add_all(ChunkUnit(chunk_id=cid, position=pos, vector=vec) for pos, vec in pairs)

    def unit_vectors(self, chunk_ids: Sequence[str]) -> dict[str, list[tuple[int, bytes]]]:
        """Sentence vectors of these chunks, by chunk id, in position order."""
        out: dict[str, list[tuple[int, bytes]]] = {}
        ids = list(chunk_ids)
        for start in range(0, len(ids), 500):
            rows = self.session.execute(select(ChunkUnit.chunk_id, ChunkUnit.position, ChunkUnit.vector)
                                        .where(ChunkUnit.chunk_id.in_(ids[start:start + 500]))
                                        .order_by(ChunkUnit.chunk_id, ChunkUnit.position))
            for cid, pos, vec in rows:
                out.setdefault(cid, []).append((pos, vec))
        return out

    def unit_count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(ChunkUnit)) or 0

    def chunks_by_ids(self, ids: Sequence[str]) -> dict[str, Chunk]:
        if not ids:
            return {}
        rows = self.session.execute(select(Chunk, Document).join(Document).where(Chunk.id.in_(list(ids))))
        return {chunk.id: chunk for chunk, _doc in rows}

    def all_chunk_ids(self) -> list[str]:
        return list(self.session.scalars(select(Chunk.id)))

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
