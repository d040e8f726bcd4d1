"""Queries for the questions sections answer (from the knowledge files, and taught by admins)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.store.tables.knowledge import Chunk, Document
from bot.store.tables.questions import SectionQuestion, TaughtQuestion


@dataclass(frozen=True)
class KnownQuestion:
    """A row of the question index: which section a question points at, and for whom."""

    text: str
    path: str
    anchor: str
    vector: bytes
    team_id: str | None  # None: every workspace (the knowledge files, or a single-workspace install)
    taught: bool


class QuestionRepository:
    def __init__(self, session: Session):
        self.session = session

    def replace_for_document(self, document: Document, rows: Sequence[tuple[str, str, bytes]]) -> None:
        """Make the document's own questions exactly ``rows`` (anchor, question, vector)."""
        self.session.execute(delete(SectionQuestion).where(SectionQuestion.document_id == document.id))
        self.session.add_all(SectionQuestion(document_id=document.id, anchor=a, text=t, vector=v) for a, t, v in rows)

    def fingerprint(self) -> tuple:
        """Changes whenever a question or a chunk is added or removed (what the in-memory index must catch up on)."""
        rows = [tuple(self.session.execute(select(func.count(), func.max(table.id)).select_from(table)).one())
                for table in (SectionQuestion, TaughtQuestion)]
        return (*rows, self.session.scalar(select(func.count(Chunk.id))),
                self.session.scalar(select(func.max(Document.indexed_at))))

    def counts(self) -> tuple[int, int]:
        """(questions the knowledge files list, questions admins taught)."""
        return (self.session.scalar(select(func.count()).select_from(SectionQuestion)) or 0,
                self.session.scalar(select(func.count()).select_from(TaughtQuestion)) or 0)

    def known(self) -> list[KnownQuestion]:
        written = self.session.execute(select(SectionQuestion.text, Document.path, SectionQuestion.anchor,
                                              SectionQuestion.vector).join(Document))
        taught = self.session.execute(select(TaughtQuestion.question, TaughtQuestion.path, TaughtQuestion.anchor,
                                             TaughtQuestion.vector, TaughtQuestion.team_id))
        return ([KnownQuestion(t, p, a, v, None, False) for t, p, a, v in written]
                + [KnownQuestion(t, p, a, v, team, True) for t, p, a, v, team in taught])

    def section_chunks(self) -> list[tuple[str, str, str]]:
        """(chunk id, document path, breadcrumb) of every chunk, in document order."""
        return [tuple(r) for r in self.session.execute(
            select(Chunk.id, Document.path, Chunk.breadcrumb).join(Document).order_by(Document.path, Chunk.ordinal))]

    # taught -------------------------------------------------------------------------------------
    def add_taught(self, row: TaughtQuestion) -> TaughtQuestion:
        self.session.add(row)
        self.session.flush()
        return row

    def taught(self, team_id: str | None = None, every: bool = True) -> list[TaughtQuestion]:
        query = select(TaughtQuestion).order_by(TaughtQuestion.id)
        if not every:
            query = query.where(TaughtQuestion.team_id.is_(None) if team_id is None
                                else TaughtQuestion.team_id == team_id)
        return list(self.session.scalars(query))

    def taught_entries(self) -> list[TaughtQuestion]:
        """Taught questions answered with an entry of their own (indexed as documents ``taught/<id>``)."""
        return list(self.session.scalars(select(TaughtQuestion).where(TaughtQuestion.answer.is_not(None))
                                         .order_by(TaughtQuestion.id)))

    def get_taught(self, taught_id: int) -> TaughtQuestion | None:
        return self.session.get(TaughtQuestion, taught_id)

    def remove_taught(self, row: TaughtQuestion) -> None:
        self.session.delete(row)
