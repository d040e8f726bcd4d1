"""Step 2 of the framework: is a metric about activity or volume, outcome or quality, or aligned with
the AI workflow?

The method is deliberately simple enough to explain in the report:

1. The metrics text is split into single metrics at line breaks, ``;``, ``,``, bullets, ``+`` and
   the word "plus" ("Quota plus forecast accuracy" is two metrics, quota and forecast accuracy).
2. Each metric gets, for every kind, the cosine similarity to that kind's closest example wording
   (knowledge/audit/metric-kinds.yaml) plus ``CUE_WEIGHT`` for each cue word it contains (at most
   ``MAX_CUES``). The highest total wins.
3. A metric with little evidence either way (no cue and no example closer than ``VAGUE_SIMILARITY``,
   e.g. "Productivity") is treated as activity or volume: it does not say what result it judges.
4. A metric that counts use of the AI itself ("number of prompts", "% of emails drafted with AI") is
   activity too, and is flagged: rewarding AI use over results pushes people to stop judging."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from langchain_core.embeddings import Embeddings

from bot.audit.catalog import KINDS, Catalog
from bot.audit.vectors import embed_texts, fixed_vectors

CUE_WEIGHT = 0.12
MAX_CUES = 3
VAGUE_SIMILARITY = 0.45
RANK = {kind: i for i, kind in enumerate(KINDS)}  # activity < outcome < ai_aligned
_SPLIT = re.compile(r"\n|;|,|•|·|\u2022|\s\+\s|\+|\bplus\b|\band also\b", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*]|\d+[.)])\s+")
_USAGE_SHARE = re.compile(r"(%|percent|share|proportion|number|count)\s+of\b.*\b(with|using|via|through|by)\s+"
                          r"(ai|a\.i\.|copilot|chatgpt|the assistant|genai|gen ai)\b", re.IGNORECASE)


def cue_pattern(cue: str) -> re.Pattern:
    """A cue matches as a whole word or phrase, case-insensitively ("ai" does not match "maintain")."""
    return re.compile(r"(?<![\w-])" + re.escape(cue) + r"(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class MetricKindResult:
    text: str
    kind: str  # activity | outcome | ai_aligned
    similarity: dict[str, float]  # per kind, to the closest example
    cues: dict[str, list[str]]  # per kind, the cue words found
    nearest_example: str
    ai_usage: bool = False
    vague: bool = False

    @property
    def why(self) -> str:
        if self.ai_usage:
            return "it counts use of the AI itself, not what the AI helped achieve"
        if self.vague:
            return "it does not say what result it judges, so it is read as a volume measure"
        found = self.cues.get(self.kind) or []
        cue_part = f"cue words: {', '.join(found)}; " if found else ""
        return f"{cue_part}closest example: \"{self.nearest_example}\""


@dataclass
class MetricSet:
    results: list[MetricKindResult] = field(default_factory=list)

    @property
    def best(self) -> str:
        return max((r.kind for r in self.results), key=RANK.__getitem__, default="activity")

    def of_kind(self, kind: str) -> list[MetricKindResult]:
        return [r for r in self.results if r.kind == kind]

    @property
    def usage_metrics(self) -> list[MetricKindResult]:
        return [r for r in self.results if r.ai_usage]

    @property
    def adoption_metrics(self) -> list[MetricKindResult]:
        return [r for r in self.results if re.search(r"\badoption\b", r.text, re.IGNORECASE)]


def split_metrics(text: str) -> list[str]:
    parts = [_BULLET.sub("", p).strip(" .:-–—") for p in _SPLIT.split(text or "")]
    return list(dict.fromkeys(p for p in parts if re.search(r"\w", p)))


class MetricClassifier:
    def __init__(self, catalog: Catalog, embeddings: Embeddings):
        self.catalog = catalog
        self.embeddings = embeddings
        kinds = catalog.metric_kinds.kinds
        self._cues = {k: [(c, cue_pattern(c)) for c in kinds[k].cues] for k in KINDS}
        self._usage = [cue_pattern(c) for c in catalog.metric_kinds.ai_usage_cues]
        self._examples = {k: list(kinds[k].examples) for k in KINDS}

    def _example_vectors(self, kind: str) -> np.ndarray:
        return fixed_vectors(self.embeddings, f"{self.catalog.version}:examples:{kind}", self._examples[kind])

    def warm(self) -> None:
        for kind in KINDS:
            self._example_vectors(kind)

    def classify(self, metrics: list[str], vectors: dict[str, np.ndarray] | None = None) -> MetricSet:
        vectors = vectors if vectors is not None else embed_texts(self.embeddings, metrics)
        return MetricSet([self._one(m, vectors[m]) for m in metrics if m in vectors])

    def _one(self, text: str, vector: np.ndarray) -> MetricKindResult:
        similarity, nearest = {}, {}
        for kind in KINDS:
            sims = self._example_vectors(kind) @ vector
            similarity[kind] = round(float(sims.max()), 3)
            nearest[kind] = self._examples[kind][int(sims.argmax())]
        cues = {k: [c for c, pattern in self._cues[k] if pattern.search(text)] for k in KINDS}
        total = {k: similarity[k] + CUE_WEIGHT * min(len(cues[k]), MAX_CUES) for k in KINDS}
        kind = max(KINDS, key=lambda k: (total[k], RANK[k]))
        has_outcome_cue = bool(cues["outcome"])
        usage = any(p.search(text) for p in self._usage) or (bool(_USAGE_SHARE.search(text)) and not has_outcome_cue)
        vague = not any(cues.values()) and max(similarity.values()) < VAGUE_SIMILARITY
        if usage or vague:
            kind = "activity"
        return MetricKindResult(text, kind, similarity, {k: v for k, v in cues.items() if v}, nearest[kind],
                                ai_usage=usage, vague=vague and not usage)
