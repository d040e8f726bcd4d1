"""The teach loop: an admin attaches a question the coach declined (or answered badly) to the section that
answers it, or answers it with a short entry of its own. The next time anyone asks it, or something close to
it, the question index leads to that section.

Taught questions live in the database (``taught_questions``), not in the knowledge files: they survive a
re-ingest, travel in `coach export`, and reach every replica through its index-refresh timer. Slack (App
Home's knowledge gaps), the CLI (`coach teach`) and `coach feedback report` all come through here, so the
checks below are the only ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bot.errors import FieldError, InputError, UserError
from bot.ingest.chunking import anchor, breadcrumb_anchor
from bot.ingest.indexer import TAUGHT, Indexer, taught_path
from bot.retrieval.embeddings import LocalEmbeddings
from bot.retrieval.questions import QuestionIndex
from bot.store.tables.questions import TaughtQuestion
from bot.tenancy import EVERY_ROW, Tenant

MAX_QUESTION = 500
MAX_ANSWER = 2000
SOURCES = ("gap", "feedback", "cli")


@dataclass(frozen=True)
class SectionRef:
    path: str
    anchor: str
    label: str  # "Document title › Section"

    @property
    def target(self) -> str:
        return f"{self.path}#{self.anchor}"


@dataclass(frozen=True)
class Lesson:
    id: int
    question: str
    target: str  # PATH#ANCHOR
    answer: str | None
    taught_by: str
    source: str


def _lesson(row: TaughtQuestion) -> Lesson:
    return Lesson(row.id, row.question, f"{row.path}#{row.anchor}", row.answer, row.taught_by, row.source)


class TeachService:
    def __init__(self, uow_factory: Callable, indexer: Indexer, questions: QuestionIndex,
                 embeddings: LocalEmbeddings, refresh: Callable[[], object]):
        self._uow = uow_factory
        self._indexer = indexer
        self._questions = questions
        self._embeddings = embeddings
        self._refresh = refresh  # this process's indexes catch up at once; other replicas on their timer

    # what can be taught to ------------------------------------------------------------------------
    def sections(self, search: str = "", limit: int = 100) -> list[SectionRef]:
        """Sections a question can be attached to, in document order; ``search`` keeps those whose title,
        heading or path holds every word of it."""
        words = search.lower().split()
        out: dict[str, SectionRef] = {}
        with self._uow() as uow:
            rows = uow.questions.section_chunks()
        for _cid, path, breadcrumb in rows:
            if path.startswith(TAUGHT):
                continue
            ref = SectionRef(path, breadcrumb_anchor(breadcrumb), breadcrumb)
            haystack = f"{ref.label} {ref.target}".lower()
            if ref.target not in out and all(w in haystack for w in words):
                out[ref.target] = ref
                if len(out) >= limit:
                    break
        return list(out.values())

    def section(self, target: str) -> SectionRef:
        path, _, section_anchor = target.strip().partition("#")
        if not path or not section_anchor:
            raise InputError([FieldError("section", "Name a section as PATH#ANCHOR, e.g. knowledge/framework/"
                                                    "phases.md#success-criteria-for-the-pilot-phase.")])
        for ref in self.sections(limit=100_000):
            if ref.path == path and ref.anchor == section_anchor:
                return ref
        raise InputError([FieldError("section", f"There is no section {target.strip()} in the knowledge base "
                                                "(`coach teach --find WORDS` lists them).")])

    # teaching -------------------------------------------------------------------------------------
    def attach(self, question: str, target: str, taught_by: str, source: str = "cli",
               tenant: Tenant = EVERY_ROW, asked: str | None = None) -> Lesson:
        """Teach that ``question`` is answered by the section ``target`` (PATH#ANCHOR). ``asked``: the words the
        question came in, when the admin reworded it (the gap report then leaves it out too)."""
        question = _question(question)
        ref = self.section(target)
        return self._add(TaughtQuestion(team_id=tenant.team_id, question=question, asked=_asked(asked, question),
                                        path=ref.path, anchor=ref.anchor, answer=None, taught_by=taught_by,
                                        source=_source(source)))

    def answer(self, question: str, answer: str, taught_by: str, source: str = "cli",
               tenant: Tenant = EVERY_ROW, asked: str | None = None) -> Lesson:
        """Teach ``question`` with a short entry of its own, indexed and cited like any section."""
        question = _question(question)
        text = answer.strip()
        if not text:
            raise InputError([FieldError("answer", "Write the answer, or pick the section that answers it.")])
        if len(text) > MAX_ANSWER:
            raise InputError([FieldError("answer", f"Keep the answer under {MAX_ANSWER} characters "
                                                   f"(it has {len(text)}); longer guidance belongs in a document.")])
        row = TaughtQuestion(team_id=tenant.team_id, question=question, asked=_asked(asked, question),
                             path="", anchor=anchor(question),
                             answer=text, taught_by=taught_by, source=_source(source))
        return self._add(row, entry=True)

    def _add(self, row: TaughtQuestion, entry: bool = False) -> Lesson:
        row.vector = np.asarray(self._embeddings.embed_query(row.question), dtype="<f4").tobytes()
        with self._uow() as uow:
            uow.questions.add_taught(row)
            if entry:
                row.path = taught_path(row.id)
            lesson = _lesson(row)
            uow.commit()
        if entry:
            self._indexer.sync_taught()
        self._refresh()
        return lesson

    def lessons(self, tenant: Tenant = EVERY_ROW) -> list[Lesson]:
        with self._uow() as uow:
            return [_lesson(r) for r in uow.questions.taught() if tenant.owns(r.team_id)]

    def forget(self, lesson_id: int, tenant: Tenant = EVERY_ROW) -> Lesson:
        with self._uow() as uow:
            row = uow.questions.get_taught(lesson_id)
            if row is None or not tenant.owns(row.team_id):
                raise UserError(f"There is no taught question {lesson_id}.")
            lesson = _lesson(row)
            uow.questions.remove_taught(row)
            uow.commit()
        if lesson.answer is not None:
            self._indexer.sync_taught()
        self._refresh()
        return lesson


def _question(question: str) -> str:
    text = " ".join(question.split())
    if not text.strip("?!. "):
        raise InputError([FieldError("question", "Write the question to teach.")])
    if len(text) > MAX_QUESTION:
        raise InputError([FieldError("question", f"Keep the question under {MAX_QUESTION} characters.")])
    return text


def _asked(asked: str | None, question: str) -> str | None:
    asked = " ".join((asked or "").split())[:MAX_QUESTION]
    return asked if asked and asked != question else None


def _source(source: str) -> str:
    if source not in SOURCES:
        raise UserError(f"Unknown source {source!r}: one of {', '.join(SOURCES)}.")
    return source
