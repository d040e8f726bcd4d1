"""Hybrid retrieval: dense (Chroma) and lexical (BM25) candidates fused by reciprocal rank fusion."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from bot.retrieval.lexical import LexicalIndex
from bot.retrieval.vectors import VectorIndex

Mode = Literal["hybrid", "bm25", "vector"]
MODES: tuple[Mode, ...] = ("hybrid", "bm25", "vector")


@dataclass
class Hit:
    chunk_id: str
    fused: float  # RRF score (or the single retriever's score in bm25/vector mode)
    dense: float  # cosine similarity between question and chunk
    lexical: float  # BM25 score, 0 when BM25 did not return the chunk


def rrf(rankings: list[list[str]], k: int) -> dict[str, float]:
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, cid in enumerate(ranking, start=1):
            scores[cid] = scores.get(cid, 0.0) + 1.0 / (k + rank)
    return scores


class HybridRetriever:
    def __init__(self, vectors: VectorIndex, lexical: LexicalIndex, candidates: int = 20, rrf_k: int = 60):
        self.vectors = vectors
        self.lexical = lexical
        self.candidates = candidates
        self.rrf_k = rrf_k

    def search(self, query: str, k: int, mode: Mode = "hybrid") -> list[Hit]:
        qvec = self.vectors.embeddings.embed_query(query)
        dense = self.vectors.search(qvec, self.candidates) if mode != "bm25" else []
        lexical = self.lexical.search(query, self.candidates) if mode != "vector" else []
        dense_sim = dict(dense)
        lexical_score = dict(lexical)
        if mode == "vector":
            fused = dense_sim
        elif mode == "bm25":
            fused = lexical_score
        else:
            fused = rrf([[c for c, _ in dense], [c for c, _ in lexical]], self.rrf_k)
        ranked = sorted(fused, key=lambda c: -fused[c])[:k]
        missing = [c for c in ranked if c not in dense_sim]
        if missing:  # BM25-only hits: read their vectors to know how close they are in meaning
            q = np.asarray(qvec)
            for cid, vec in self.vectors.vectors(missing).items():
                dense_sim[cid] = float(np.dot(q, np.asarray(vec)))
        return [Hit(c, fused[c], dense_sim.get(c, 0.0), lexical_score.get(c, 0.0)) for c in ranked]
