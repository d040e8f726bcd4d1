"""Matching a free-text role to a role archetype, with a confidence, never a silent guess.

Score of an archetype for a role = ``ROLE_WEIGHT`` x (closest cosine similarity between the role as typed
and the archetype's name, aliases or "name: summary") + ``METRIC_WEIGHT`` x (closest similarity between
the role's metrics and the archetype's typical old and new metrics). The metrics weigh less: they help
tell a help-desk analyst from a customer-service agent, but the role's name carries the meaning.

* ``STRONG`` or more: matched; the archetype's mapping is used.
* ``WEAK`` to ``STRONG``: a weak match; the archetype's mapping is shown, flagged for the manager to
  confirm. The same when the runner-up is within ``AMBIGUOUS_MARGIN`` and recommends something else.
* below ``WEAK``: no archetype; recommendations come from the framework alone and say so.

Calibrated on the bundled catalog with all-MiniLM-L6-v2: roles the catalog covers, typed in other
words ("Frontend dev", "Paralegal", "Insurance claims handler") score 0.64-0.95; roles it does not
cover ("Barista", "Teacher", "Warehouse picker") score 0.40-0.47."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from langchain_core.embeddings import Embeddings

from bot.audit.catalog import Archetype, Catalog
from bot.audit.vectors import fixed_vectors

ROLE_WEIGHT, METRIC_WEIGHT = 0.75, 0.25
STRONG, WEAK = 0.60, 0.50
AMBIGUOUS_MARGIN = 0.03
Level = Literal["strong", "weak", "none"]


@dataclass(frozen=True)
class Match:
    archetype: Archetype | None  # None when nothing in the catalog is close enough
    closest: Archetype  # the best-scoring archetype, even when too far to use
    confidence: float  # the score above, 0..1
    level: Level
    runner_up: Archetype | None = None
    runner_up_confidence: float = 0.0

    @property
    def note(self) -> str:
        if self.level == "strong":
            return f"Matched to {self.closest.name} (confidence {self.confidence:.2f})."
        if self.level == "weak":
            extra = ""
            if self.runner_up is not None and self.confidence - self.runner_up_confidence < AMBIGUOUS_MARGIN:
                extra = f", and almost as close to {self.runner_up.name} ({self.runner_up_confidence:.2f})"
            return (f"Weak match: closest role archetype is {self.closest.name} (confidence "
                    f"{self.confidence:.2f}{extra}); check that the recommendation fits this role.")
        return (f"No close role archetype (the nearest, {self.closest.name}, scores {self.confidence:.2f}); "
                "recommendations come from the framework alone.")


class ArchetypeMatcher:
    def __init__(self, catalog: Catalog, embeddings: Embeddings):
        self.catalog = catalog
        self.embeddings = embeddings
        self._name_owner: list[int] = []
        self._names: list[str] = []
        self._metric_owner: list[int] = []
        self._metric_side: list[str] = []  # "old" or "new"
        self._metrics: list[str] = []
        for i, a in enumerate(catalog.archetypes):
            for text in (*a.names(), f"{a.name}: {a.summary}"):
                self._names.append(text)
                self._name_owner.append(i)
            for side, texts in (("old", a.old_metrics), ("new", a.new_metrics)):
                for text in texts:
                    self._metrics.append(text)
                    self._metric_owner.append(i)
                    self._metric_side.append(side)

    def _best_per_archetype(self, sims: np.ndarray, owners: list[int]) -> np.ndarray:
        best = np.full(len(self.catalog.archetypes), -1.0)
        np.maximum.at(best, np.asarray(owners), sims)
        return best

    def warm(self) -> None:
        """Embed the catalog's names and metrics now rather than in the first audit."""
        fixed_vectors(self.embeddings, f"{self.catalog.version}:archetype-names", self._names)
        self._metric_vectors()

    def _metric_vectors(self) -> np.ndarray:
        return fixed_vectors(self.embeddings, f"{self.catalog.version}:archetype-metrics", self._metrics)

    def closeness(self, archetype: Archetype, side: str, vector: np.ndarray) -> float:
        """How close one metric is to the closest of the archetype's old or new metrics."""
        index = self.catalog.archetypes.index(archetype)
        rows = [i for i, (o, s) in enumerate(zip(self._metric_owner, self._metric_side)) if o == index and s == side]
        return float((self._metric_vectors()[rows] @ vector).max())

    def scores(self, role_vector: np.ndarray, metric_vector: np.ndarray | None) -> np.ndarray:
        version = self.catalog.version
        names = fixed_vectors(self.embeddings, f"{version}:archetype-names", self._names)
        role = self._best_per_archetype(names @ role_vector, self._name_owner)
        if metric_vector is None:
            return role
        metric = self._best_per_archetype(self._metric_vectors() @ metric_vector, self._metric_owner)
        return ROLE_WEIGHT * role + METRIC_WEIGHT * metric

    def match(self, role_vector: np.ndarray, metric_vector: np.ndarray | None) -> Match:
        scores = self.scores(role_vector, metric_vector)
        order = np.argsort(-scores)
        first, second = int(order[0]), int(order[1]) if len(order) > 1 else None
        best = self.catalog.archetypes[first]
        confidence = float(np.clip(scores[first], 0.0, 1.0))
        runner = self.catalog.archetypes[second] if second is not None else None
        runner_conf = float(np.clip(scores[second], 0.0, 1.0)) if second is not None else 0.0
        if confidence >= STRONG:
            ambiguous = (runner is not None and confidence - runner_conf < AMBIGUOUS_MARGIN
                         and runner.headline_metric != best.headline_metric)
            level: Level = "weak" if ambiguous else "strong"
        elif confidence >= WEAK:
            level = "weak"
        else:
            level = "none"
        return Match(best if level != "none" else None, best, round(confidence, 3), level, runner,
                     round(runner_conf, 3))
