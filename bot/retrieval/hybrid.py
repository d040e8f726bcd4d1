"""Hybrid retrieval: dense (Chroma) and lexical (BM25) candidates fused by reciprocal rank fusion."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from bot.retrieval.lexical import LexicalIndex
from bot.retrieval.questions import QuestionIndex
from bot.retrieval.vectors import VectorIndex

Mode = Literal["hybrid", "bm25", "vector"]
# Dense score of a chunk: its whole-text similarity, lifted towards its best sentence's. 0.3 raised
# Recall@3 on every tests/qa file (mean 0.899 -> 0.915); 1.0 (sentences alone) lost precision. Sentences
# only re-score the chunks either retriever found: on tests/qa that is exactly as good as searching all
# sentences, and it needs no sentence index in memory.
UNIT_WEIGHT = 0.3
MODES: tuple[Mode, ...] = ("hybrid", "bm25", "vector")
# A section whose own question is this close to the query joins the candidates, whatever the passages' scores;
# its dense score is lifted by QUESTION_LIFT of the gap up to that similarity, and the question ranking is a
# third list in the fusion.
QUESTION_FLOOR = 0.5
QUESTION_LIFT = 0.5
# How many sections' closest questions are looked at (one match per section). 5 left out sections whose
# question was the sixth-closest while a broad section's was closer; 20 on the tuning sets: Recall@3
# 0.939 -> 0.949, fact hit rate 0.842 -> 0.857, the never-tuned informal set unchanged.
QUESTION_MATCHES = 20
# A listed question this close to the query, and this far ahead of the next section's, names the section that
# answers: that section leads whatever the passages' own scores say. On the tuning sets' candidates, 0.7 and 0.12
# changed the first passage of 5 questions, all 5 for the better (0.7 and 0.10: 8 changed, 2 for the worse).
LEADING_QUESTION = 0.7
LEADING_MARGIN = 0.12
# The sections the section model (bot.retrieval.section_model) finds likeliest join the passages it re-ranks, when
# neither list nor the listed questions brought them: the model reads what a new writer's wording means to the
# guides, which the passages' own text may not say. Cross-validated on tests/qa (`coach eval --folds 5`,
# 2026-12-07, the model reading words too, SECTION_WEIGHT 0.5): fact hits 1,110 -> 1,124 of 1,350 with the five
# likeliest above 0.05, 1,123 with the three above 0.1; Recall@3 1,282 -> 1,302 and 1,297 of 1,387; no off-topic
# message more answered. With the model reading meaning alone, the three above 0.1 won 9.
MODEL_SECTIONS = 5
MODEL_FLOOR = 0.05
UnitVectors = Callable[[Sequence[str]], dict[str, list[tuple[int, bytes]]]]


@dataclass
class Hit:
    chunk_id: str
    fused: float  # RRF score (or the single retriever's score in bm25/vector mode)
    dense: float  # similarity in meaning: the chunk's, lifted towards its best sentence's
    lexical: float  # BM25 score, 0 when BM25 did not return the chunk
    units: dict[int, float] = field(default_factory=dict)  # sentence position -> cosine to the question
    question: float = 0.0  # similarity of the closest question the chunk's section answers
    leads: bool = False  # its section's question is a clear paraphrase of the query (LEADING_QUESTION)
    section: float = 0.0  # the section model's probability that the chunk's section answers the query


def rrf(rankings: list[list[str]], k: int) -> dict[str, float]:
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, cid in enumerate(ranking, start=1):
            scores[cid] = scores.get(cid, 0.0) + 1.0 / (k + rank)
    return scores


class HybridRetriever:
    def __init__(self, vectors: VectorIndex, lexical: LexicalIndex, unit_vectors: UnitVectors,
                 candidates: int = 20, rrf_k: int = 60, questions: QuestionIndex | None = None):
        self.vectors = vectors
        self.lexical = lexical
        self.unit_vectors = unit_vectors
        self.candidates = candidates
        self.rrf_k = rrf_k
        self.questions = questions

    def search(self, query: str, k: int, mode: Mode = "hybrid", team_id: str | None = None) -> list[Hit]:
        q = np.asarray(self.vectors.embeddings.embed_query(query), dtype="float32")
        chunk_sim = dict(self.vectors.search(q.tolist(), self.candidates)) if mode != "bm25" else {}
        asked: dict[str, float] = {}
        leading: tuple[str, ...] = ()
        if mode == "hybrid" and self.questions is not None:
            matches = self.questions.match(q, team_id, QUESTION_MATCHES)
            for match in matches:
                if match.similarity >= QUESTION_FLOOR:
                    for cid in match.chunk_ids:
                        asked[cid] = max(asked.get(cid, 0.0), match.similarity)
            best = matches[0].similarity if matches else 0.0
            runner_up = matches[1].similarity if len(matches) > 1 else 0.0
            if best >= LEADING_QUESTION and best - runner_up >= LEADING_MARGIN:
                leading = matches[0].chunk_ids
        # In hybrid mode the other lists' candidates get their BM25 rank too: left out of a truncated list, a
        # passage whose listed question matches best lost a third of its fusion score to passages that merely
        # repeat the question's common words.
        lexical = (self.lexical.search(query, self.candidates, include=[*chunk_sim, *asked] if mode == "hybrid"
                                       else ()) if mode != "vector" else [])
        lexical_score = dict(lexical)
        sections = self.questions.sections_for(q, query) if mode == "hybrid" and self.questions is not None else None
        likely = sections.likeliest(MODEL_FLOOR, MODEL_SECTIONS) if sections is not None else []
        candidates = list(dict.fromkeys([*chunk_sim, *lexical_score, *asked, *likely]))
        missing = [c for c in candidates if c not in chunk_sim]
        if missing:  # BM25-only hits: read their vectors to know how close they are in meaning
            for cid, vec in self.vectors.vectors(missing).items():
                chunk_sim[cid] = float(np.dot(q, np.asarray(vec, dtype="float32")))
        units = self._unit_similarities(q, candidates)
        dense = {c: (1 - UNIT_WEIGHT) * chunk_sim.get(c, 0.0)
                 + UNIT_WEIGHT * max(max(units.get(c, {}).values(), default=-1.0), chunk_sim.get(c, 0.0))
                 for c in candidates}
        for c, sim in asked.items():
            dense[c] += QUESTION_LIFT * max(sim - dense[c], 0.0)
        if mode == "vector":
            fused = dense
        elif mode == "bm25":
            fused = lexical_score
        else:
            dense_ranking = sorted(dense, key=lambda c: -dense[c])[:self.candidates]
            rankings = [dense_ranking, [c for c, _ in lexical]]
            if asked:
                rankings.append(sorted(asked, key=lambda c: -asked[c]))
            fused = rrf(rankings, self.rrf_k)
        ranked = sorted(fused, key=lambda c: -fused[c])[:k]
        ranked += [c for c in leading if c not in ranked and c in fused]
        ranked += [c for c in likely if c not in ranked]  # re-ranked with the others; no list may have fused them
        section = sections.of(ranked) if sections is not None else {}
        return [Hit(c, fused.get(c, 0.0), dense.get(c, 0.0), lexical_score.get(c, 0.0), units.get(c, {}),
                    asked.get(c, 0.0), c in leading, section.get(c, 0.0)) for c in ranked]

    def _unit_similarities(self, q: np.ndarray, chunk_ids: Sequence[str]) -> dict[str, dict[int, float]]:
        out: dict[str, dict[int, float]] = {}
        for cid, pairs in self.unit_vectors(chunk_ids).items():
            matrix = np.frombuffer(b"".join(vec for _, vec in pairs), dtype="<f4").reshape(len(pairs), -1)
            out[cid] = dict(zip((pos for pos, _ in pairs), (matrix @ q).tolist()))
        return out
