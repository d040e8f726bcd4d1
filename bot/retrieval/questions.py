"""The question index: every question a section says it answers (or an admin taught), matched by meaning.

A whole passage embeds many things at once; one of its questions embeds one thing, phrased as people ask
it. So an incoming question is compared with these questions too, and a close match points straight at
the section that answers it. A few thousand 384-dim vectors fit in one matrix: a brute-force product is
well under a millisecond, so no vector store is needed for them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from bot.ingest.chunking import breadcrumb_anchor
from bot.ingest.indexer import TAUGHT
from bot.retrieval.examples import Examples
from bot.retrieval.section_model import SectionModel, fit_section_model


@dataclass(frozen=True)
class QuestionMatch:
    chunk_ids: tuple[str, ...]  # the chunks of the section the question points at
    similarity: float
    question: str
    taught: bool


@dataclass(frozen=True)
class _Loaded:
    fingerprint: tuple
    matrix: np.ndarray  # one row per question
    texts: list[str]
    sections: list[tuple[str, str]]  # (path, anchor) per row
    teams: list[str | None]
    taught: list[bool]
    chunks: dict[tuple[str, str], tuple[str, ...]]  # (path, anchor) -> chunk ids
    entries: dict[str, str | None]  # taught entry document path -> its workspace
    model: SectionModel | None  # which section a question belongs to
    columns: dict[str, int]  # chunk id -> the column of its section in the model's probabilities
    by_column: dict[int, tuple[str, ...]]  # column -> the chunks of its section


def _section_model(matrix: np.ndarray, texts: list[str], sections: list[tuple[str, str]], teams: list[str | None],
                   examples: Examples | None = None) -> SectionModel | None:
    """The section model (bot.retrieval.section_model), fitted on every section's listed questions and the questions
    taught for all workspaces (a workspace's own lessons are matched only by ``match``). Nearest-question matching
    scores each listed question alone; the model learns which directions in meaning, and which words, tell sections
    apart, so a question worded unlike any listed one still finds its section. The worked examples of sections that
    exist are fitted beside them."""
    rows = [i for i, team in enumerate(teams) if team is None]
    x, words, labels = matrix[rows], [texts[i] for i in rows], [sections[i] for i in rows]
    extra = _listed(examples.sections, set(labels)) if examples else {}
    if extra:
        x = np.vstack([x, examples.vectors[list(extra)]])
        words, labels = words + [examples.texts[i] for i in extra], labels + list(extra.values())
    return fit_section_model(x, words, labels)


def _listed(wanted: list[tuple[str, str]], listed: set[tuple[str, str]]) -> dict[int, tuple[str, str]]:
    """Example row -> the listed section it names. An example names its file as the index does when run from the
    project folder ("knowledge/kpis/…"); run from elsewhere the index holds the absolute path, which ends with it.
    A section without listed questions (an organisation's own) has no examples, so none name it."""
    paths: dict[str, list[str]] = {}
    for path, anchor in listed:
        paths.setdefault(anchor, []).append(path)
    found = {}
    for row, (path, anchor) in enumerate(wanted):
        match = next((p for p in paths.get(anchor, ()) if p == path or p.endswith("/" + path)), None)
        if match is not None:
            found[row] = (match, anchor)
    return found


@dataclass(frozen=True)
class SectionScores:
    """The section model's probabilities for one query, read by chunk."""
    probabilities: np.ndarray  # one per section the model knows
    columns: dict[str, int]  # chunk id -> its section's column
    chunks: dict[int, tuple[str, ...]]  # column -> its section's chunks

    def of(self, chunk_ids: Sequence[str]) -> dict[str, float]:
        """Chunk id -> the probability that its section answers, for the chunks whose section the model knows (not
        an organisation's own documents, which list no questions)."""
        return {cid: float(self.probabilities[self.columns[cid]]) for cid in chunk_ids if cid in self.columns}

    def likeliest(self, floor: float, n: int) -> list[str]:
        """The chunks of the ``n`` likeliest sections whose probability is at least ``floor``, likeliest first."""
        columns = [int(c) for c in np.argsort(-self.probabilities)[:n] if self.probabilities[c] >= floor]
        return [cid for c in columns for cid in self.chunks.get(c, ())]


class QuestionIndex:
    """Loaded from the database; ``refresh()`` re-reads it when questions or chunks changed (replicas call it on
    their index-refresh timer; the process that teaches calls it at once)."""

    def __init__(self, uow_factory: Callable, examples: Examples | None = None):
        self._uow = uow_factory
        self._examples = examples or Examples.none()
        self._loaded: _Loaded | None = None
        self._lock = threading.Lock()

    @property
    def examples(self) -> Examples:
        return self._examples

    def use_examples(self, examples: Examples) -> None:
        """Refit the section model with these worked examples (cross-validation leaves a QA file's own out)."""
        with self._lock:
            self._examples, self._loaded = examples, None

    def refresh(self) -> bool:
        with self._uow() as uow:
            fp = uow.questions.fingerprint()
            if self._loaded is not None and self._loaded.fingerprint == fp:
                return False
            known = uow.questions.known()
            chunk_rows = uow.questions.section_chunks()
        chunks: dict[tuple[str, str], list[str]] = {}
        for cid, path, breadcrumb in chunk_rows:
            chunks.setdefault((path, breadcrumb_anchor(breadcrumb)), []).append(cid)
        matrix = (np.frombuffer(b"".join(k.vector for k in known), dtype="<f4").reshape(len(known), -1)
                  if known else np.zeros((0, 0), dtype="float32"))
        sections = [(k.path, k.anchor) for k in known]
        teams = [k.team_id for k in known]
        texts = [k.text for k in known]
        model = _section_model(matrix, texts, sections, teams, self._examples)
        by_column = {column: tuple(chunks[key]) for column, key in enumerate(model.classes if model else [])
                     if key in chunks}
        columns = {cid: column for column, ids in by_column.items() for cid in ids}
        self._loaded = _Loaded(fp, matrix, texts, sections, teams, [k.taught for k in known],
                               {key: tuple(ids) for key, ids in chunks.items()},
                               {k.path: k.team_id for k in known if k.taught and k.path.startswith(TAUGHT)},
                               model, columns, by_column)
        return True

    def _state(self) -> _Loaded:
        if self._loaded is None:
            with self._lock:
                if self._loaded is None:
                    self.refresh()
        return self._loaded

    def hidden_paths(self, team_id: str | None) -> frozenset[str]:
        """Taught entries (documents ``taught/<id>``) that belong to another workspace."""
        return frozenset(p for p, team in self._state().entries.items() if team is not None and team != team_id)

    def match(self, query_vector: np.ndarray, team_id: str | None = None, k: int = 5) -> list[QuestionMatch]:
        """The sections whose questions are closest to the query, best first, one match per section. A taught
        question of another workspace is never matched."""
        state = self._state()
        if not state.texts:
            return []
        sims = state.matrix @ query_vector
        best: dict[tuple[str, str], QuestionMatch] = {}
        for row in np.argsort(-sims)[:max(4 * k, 20)]:
            key = state.sections[row]
            team = state.teams[row]
            ids = state.chunks.get(key)
            if not ids or key in best or (team is not None and team != team_id):
                continue
            best[key] = QuestionMatch(ids, float(sims[row]), state.texts[row], state.taught[row])
            if len(best) == k:
                break
        return list(best.values())

    def sections_for(self, query_vector: np.ndarray, query: str) -> SectionScores:
        """The section model's reading of one query: its probabilities, asked for by chunk or as the likeliest
        sections. Empty when no model is fitted (no sections list questions)."""
        state = self._state()
        if state.model is None:
            return SectionScores(np.zeros(0), {}, {})
        return SectionScores(state.model.probabilities(query_vector, query), state.columns, state.by_column)
