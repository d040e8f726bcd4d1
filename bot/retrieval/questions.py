"""The question index: every question a section says it answers (or an admin taught), matched by meaning.

A whole passage embeds many things at once; one of its questions embeds one thing, phrased as people ask
it. So an incoming question is compared with these questions too, and a close match points straight at
the section that answers it. A few thousand 384-dim vectors fit in one matrix: a brute-force product is
well under a millisecond, so no vector store is needed for them.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from bot.ingest.chunking import breadcrumb_anchor
from bot.ingest.indexer import TAUGHT
from bot.retrieval.examples import Examples

if TYPE_CHECKING:  # imported where the model is fitted: scikit-learn takes a second to load, most commands never fit
    from sklearn.linear_model import LogisticRegression


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
    model: LogisticRegression | None  # which section a question belongs to (SECTION_C)
    columns: dict[str, int]  # chunk id -> the column of its section in the model's probabilities


# The section model's regularisation. On the tuning sets, re-ranking the first five passages by it: C 4, 16 and 64 did
# about as well (Recall@1 0.77-0.79); 16 was best on the blind set written last (fresh3_dev.yaml).
SECTION_C = 16.0


def _section_model(matrix: np.ndarray, sections: list[tuple[str, str]], teams: list[str | None],
                   examples: Examples | None = None) -> tuple[LogisticRegression | None, list[tuple[str, str]]]:
    """A multinomial logistic regression from a question's vector to the section that answers it, fitted on every
    section's listed questions and the questions taught for all workspaces (a workspace's own lessons are matched
    only by ``match``). Nearest-question matching scores each listed question alone; the model learns which
    directions in meaning tell sections apart, so a question worded unlike any listed one still finds its
    section. The worked examples (bot.retrieval.examples) of sections that exist are fitted beside them. Fitting
    takes about three seconds for ~1,400 questions, ~1,400 examples and ~220 sections, so a fit is kept for the
    same rows (`_fit`): a refresh that changed nothing the model reads, or a second index in one process (the
    tests build many), reuses it."""
    rows = [i for i, team in enumerate(teams) if team is None]
    x, labels = matrix[rows], [sections[i] for i in rows]
    extra = _listed(examples.sections, set(labels)) if examples else {}
    if extra:
        x, labels = np.vstack([x, examples.vectors[list(extra)]]), labels + list(extra.values())
    classes = sorted(set(labels))
    if len(classes) < 2:
        return None, []
    index = {key: i for i, key in enumerate(classes)}
    model = _fit(np.ascontiguousarray(x), np.array([index[key] for key in labels]))
    return model, [classes[c] for c in model.classes_]


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


_FITS: dict[bytes, LogisticRegression] = {}  # digest of the rows and C -> the model fitted on them; a few kept
_FITS_LOCK = threading.Lock()


def _fit(x: np.ndarray, y: np.ndarray) -> LogisticRegression:
    key = hashlib.sha1(x.tobytes() + y.tobytes() + repr(SECTION_C).encode(), usedforsecurity=False).digest()
    with _FITS_LOCK:
        if key in _FITS:
            return _FITS[key]
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=SECTION_C, max_iter=3000).fit(x, y)
    with _FITS_LOCK:
        if len(_FITS) >= 4:
            _FITS.pop(next(iter(_FITS)))
        _FITS[key] = model
    return model


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
        model, classes = _section_model(matrix, sections, teams, self._examples)
        columns = {cid: column for column, key in enumerate(classes) for cid in chunks.get(key, ())}
        self._loaded = _Loaded(fp, matrix, [k.text for k in known], sections, teams, [k.taught for k in known],
                               {key: tuple(ids) for key, ids in chunks.items()},
                               {k.path: k.team_id for k in known if k.taught and k.path.startswith(TAUGHT)},
                               model, columns)
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

    def section_probabilities(self, query_vector: np.ndarray, chunk_ids: Sequence[str]) -> dict[str, float]:
        """Chunk id -> the section model's probability that the chunk's section answers the query, for those of
        ``chunk_ids`` whose section the model knows (not an organisation's own documents, which list no questions)."""
        state = self._state()
        known = [cid for cid in chunk_ids if cid in state.columns]
        if state.model is None or not known:
            return {}
        probabilities = state.model.predict_proba(query_vector.reshape(1, -1))[0]
        return {cid: float(probabilities[state.columns[cid]]) for cid in known}
