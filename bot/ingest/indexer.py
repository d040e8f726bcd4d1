"""Incremental indexing by content hash.

Unchanged files are skipped without loading the embedding model; edited files re-embed only the chunks
whose text changed (chunk ids are content hashes); files gone from an ingested folder leave the index.
The database is the source of truth for documents and chunks; Chroma holds their vectors, BM25 is
rebuilt from the database whenever the set of chunks changes.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np

from bot.clock import utcnow
from bot.errors import UserError
from bot.ingest.chunking import (
    CHUNKER_VERSION,
    ChunkDraft,
    Section,
    chunk_document,
    sections,
)
from bot.ingest.exports import export_extras
from bot.ingest.loaders import SUPPORTED, LoadError, SourceDocument, load_document
from bot.retrieval.embeddings import MODEL_NAME
from bot.retrieval.lexical import LexicalIndex, fingerprint
from bot.retrieval.vectors import VectorIndex
from bot.store.tables.knowledge import Chunk, Document

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
TAUGHT = "taught/"  # taught entries are the documents taught/<id>
TAUGHT_TITLE = "Answers taught by your admins"


def taught_path(taught_id: int) -> str:
    return f"{TAUGHT}{taught_id}"


@dataclass(frozen=True)
class IndexedDocument:
    path: str
    title: str
    topic: str | None
    chunks: int
    indexed_at: datetime | None


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    chunks_embedded: int = 0
    chunks_total: int = 0
    lexical_rebuilt: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


def document_key(path: Path) -> str:
    """How a file is named in the index and in citations: relative to the working dir when inside it."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """(files to ingest, folders whose vanished files should leave the index)."""
    files: list[Path] = []
    roots: list[Path] = []
    for path in paths:
        if not path.exists():
            raise UserError(f"No such file or folder: {path}")
        if path.is_dir():
            roots.append(path)
            for dirpath, dirnames, filenames in os.walk(path):
                extras = export_extras(Path(dirpath), filenames)  # an export's index, attachments, styles
                dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in extras)
                files.extend(Path(dirpath) / f for f in sorted(filenames)
                             if not f.startswith(".") and f not in extras and Path(f).suffix.lower() in SUPPORTED)
        elif path.suffix.lower() in SUPPORTED:
            files.append(path)
        else:
            raise UserError(f"Cannot ingest {path}: supported types are {', '.join(sorted(SUPPORTED))}")
    return files, roots


def _vanished(roots: Iterable[Path], seen: set[str], keys: Iterable[str]) -> list[str]:
    """The indexed keys inside these folders that were not seen in them now (taught entries are not files)."""
    # Compare locations, not key prefixes: keys are relative to the working dir when inside it, so the
    # folder "." (or the working dir by any name, or a parent of it) holds every relative key.
    folders = [root.resolve() for root in roots]
    cwd = Path.cwd().resolve()
    return [key for key in keys if key not in seen and not key.startswith(TAUGHT)  # an absolute key stays as it is
            and any((cwd / key).is_relative_to(f) for f in folders)]


class Indexer:
    def __init__(self, uow_factory, vectors: VectorIndex, lexical: LexicalIndex, chunk_size: int,
                 chunk_overlap: int, on_change: Callable[[], object] | None = None):
        self._uow = uow_factory
        self._on_change = on_change  # told after an ingest, so this process's question index catches up
        self._vectors = vectors
        self._lexical = lexical
        self._chunk_size = chunk_size
        self._chunk_overlap = chunk_overlap

    def _hash(self, raw: bytes) -> str:
        recipe = f"{CHUNKER_VERSION}:{self._chunk_size}:{self._chunk_overlap}:{MODEL_NAME}".encode()
        return hashlib.sha256(recipe + b"\x00" + raw).hexdigest()

    def ingest(self, paths: Iterable[Path], progress: Progress | None = None) -> IngestReport:
        files, roots = discover(paths)
        report = IngestReport()
        self._reset_if_model_changed()
        self._reset_if_vectors_lost()
        seen: set[str] = set()
        for done, path in enumerate(files, start=1):
            key = document_key(path)
            seen.add(key)
            try:
                self._ingest_file(path, key, report)
            except LoadError as exc:
                report.failed.append((key, str(exc)))
            if progress:
                progress(done, len(files), key)
        self._remove_vanished(roots, seen, report)
        self.sync_taught()
        report.chunks_total, report.lexical_rebuilt = self._sync_lexical()
        if self._on_change is not None:
            self._on_change()
        return report

    def sources(self) -> list[IndexedDocument]:
        """The indexed documents, by path, each with its passages and when it was last indexed (taught answers,
        indexed as ``taught/<id>``, included)."""
        with self._uow() as uow:
            counts = uow.documents.chunk_counts()
            return [IndexedDocument(d.path, d.title, d.topic, counts.get(d.id, 0), d.indexed_at)
                    for d in uow.documents.all()]

    def refresh_lexical(self) -> bool:
        """Re-build the BM25 index from the database when it differs from the one this process searches.

        The chunks live in the database and the vectors in Chroma, but the BM25 index is a file under the data
        dir: a replica that did not run the ingest (another replica, or a set-up job did) catches up here,
        so replicas need no shared volume. True when it re-built."""
        return self._sync_lexical()[1]

    def _sync_lexical(self) -> tuple[int, bool]:
        """(chunks in the database, whether the BM25 index was re-built to match them). Chunk ids are content
        hashes, so equal fingerprints mean the same corpus; the texts are read only when they differ."""
        with self._uow() as uow:
            ids = uow.documents.all_chunk_ids()
        if fingerprint(ids) == self._lexical.fingerprint:
            return len(ids), False
        with self._uow() as uow:
            corpus = uow.documents.all_chunks()
        self._lexical.build(corpus)
        return len(corpus), True

    def _reset_if_vectors_lost(self) -> None:
        """Start over when the vector store does not hold one vector per chunk of the database: a Chroma server
        whose volume was lost (or restored from an older backup) while the database was kept. Skipping the
        unchanged documents would otherwise leave them unfindable by meaning."""
        with self._uow() as uow:
            _, chunks = uow.documents.counts()
            vectors = self._vectors.count()
            if vectors == chunks:
                return
            log.warning("The vector store holds %d vectors for %d chunks: re-indexing everything", vectors, chunks)
            self._start_over(uow)

    def _reset_if_model_changed(self) -> None:
        with self._uow() as uow:
            stored = uow.meta.get("embedding_model")
            if stored == MODEL_NAME:
                return
            if stored is not None:  # vectors from another model cannot be compared: start over
                self._start_over(uow)
            uow.meta.set("embedding_model", MODEL_NAME)
            uow.commit()

    def _start_over(self, uow) -> None:
        """Forget every document, chunk and vector, so the ingest re-embeds everything."""
        for doc in uow.documents.all():
            uow.documents.remove(doc)
        self._vectors.reset()
        uow.commit()

    def out_of_date(self, paths: Iterable[Path]) -> list[str]:
        """The files under these paths that an ingest would add, re-index or remove: what the index is missing of
        them. Only their bytes are hashed; nothing is parsed or embedded."""
        files, roots = discover(p for p in paths if p.exists())
        with self._uow() as uow:
            indexed = {d.path: d.content_hash for d in uow.documents.all()}
        keys = {document_key(path): path for path in files}
        changed = []
        for key, path in keys.items():
            try:
                raw = path.read_bytes()
            except OSError:  # an ingest reports an unreadable file itself, every time: not news here
                continue
            if indexed.get(key) != self._hash(raw):
                changed.append(key)
        return sorted(changed + _vanished(roots, set(keys), indexed))

    def _ingest_file(self, path: Path, key: str, report: IngestReport) -> None:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise LoadError(f"cannot read ({exc.strerror})") from exc
        self._index(key, self._hash(raw), lambda: load_document(path, key), report)

    def sync_taught(self) -> IngestReport:
        """Index each taught entry (a question an admin answered with a short text) as the document
        ``taught/<id>``, and drop the documents of entries that are gone. The entries live in their own table,
        so a re-ingest, or a re-index from scratch, brings them back."""
        report = IngestReport()
        with self._uow() as uow:
            entries = {taught_path(e.id): (e.question, e.answer) for e in uow.questions.taught_entries()}
            stale = [d.path for d in uow.documents.all() if d.path.startswith(TAUGHT) and d.path not in entries]
        for key, (question, answer) in entries.items():
            text = f"## {question}\n\n{answer}\n"
            self._index(key, self._hash(text.encode()),
                        lambda key=key, text=text: SourceDocument(key, TAUGHT_TITLE, text, topic="taught"), report)
        with self._uow() as uow:
            for key in stale:
                doc = uow.documents.get_by_path(key)
                self._vectors.delete(uow.documents.chunk_ids(doc))
                uow.documents.remove(doc)
                report.removed.append(key)
            uow.commit()
        return report

    def _index(self, key: str, content_hash: str, load: Callable[[], SourceDocument], report: IngestReport) -> None:
        with self._uow() as uow:
            existing = uow.documents.get_by_path(key)
            if existing is not None and existing.content_hash == content_hash:
                report.unchanged.append(key)
                return
            source = load()
            parsed = sections(source)
            drafts = chunk_document(source, self._chunk_size, self._chunk_overlap, parsed)
            old_ids = set(uow.documents.chunk_ids(existing)) if existing else set()
            new = [d for d in drafts if d.id not in old_ids]
            # Vectors first, then the database: a crash in between leaves the document marked stale
            # (old hash), so the next run redoes it.
            self._vectors.delete(sorted(old_ids - {d.id for d in drafts}))
            self._vectors.add([d.id for d in new], [d.embedding_text for d in new],
                              [{"path": key, "breadcrumb": d.breadcrumb} for d in new])
            units = self._embed_units(new)
            report.chunks_embedded += len(new)
            if existing is None:
                existing = Document(path=key, title=source.title, topic=source.topic, content_hash="")
                uow.documents.add(existing)
                uow.session.flush()
                report.added.append(key)
            else:
                report.updated.append(key)
            existing.title, existing.topic = source.title, source.topic
            existing.content_hash, existing.indexed_at = content_hash, utcnow()
            uow.documents.sync_chunks(existing, [Chunk(id=d.id, ordinal=d.ordinal, breadcrumb=d.breadcrumb,
                                                       text=d.text) for d in drafts], units)
            uow.questions.replace_for_document(existing, self._embed_questions(parsed))
            uow.commit()

    def _embed_questions(self, parsed: list[Section]) -> list[tuple[str, str, bytes]]:
        """(anchor, question, float32 vector) for every question the document's sections say they answer."""
        pairs = [(s.anchor, q) for s in parsed for q in s.questions]
        vectors = self._vectors.embeddings.embed_documents([q for _, q in pairs]) if pairs else []
        return [(a, q, np.asarray(v, dtype="<f4").tobytes()) for (a, q), v in zip(pairs, vectors)]

    def _embed_units(self, drafts: list[ChunkDraft]) -> dict[str, list[tuple[int, bytes]]]:
        """Sentence vectors of new chunks, as float32 bytes by chunk id (stored with the chunk)."""
        pairs = [(d.id, unit_id, text) for d in drafts for unit_id, text in d.unit_texts()]
        vectors = self._vectors.embeddings.embed_documents([text for _, _, text in pairs])
        units: dict[str, list[tuple[int, bytes]]] = {}
        for (chunk_id, unit_id, _), vector in zip(pairs, vectors):
            position = int(unit_id.rsplit("#", 1)[1])
            units.setdefault(chunk_id, []).append((position, np.asarray(vector, dtype="<f4").tobytes()))
        return units

    def _remove_vanished(self, roots: list[Path], seen: set[str], report: IngestReport) -> None:
        if not roots:
            return
        with self._uow() as uow:
            docs = uow.documents.all()
            gone = set(_vanished(roots, seen, (doc.path for doc in docs)))
            for doc in docs:
                if doc.path in gone:
                    self._vectors.delete(uow.documents.chunk_ids(doc))
                    uow.documents.remove(doc)
                    report.removed.append(doc.path)
            uow.commit()
