"""Out-of-scope detection: nearest example requests by meaning, with the same embedding model."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.errors import UserError
from bot.retrieval.embeddings import LocalEmbeddings
from bot.safe_yaml import load_yaml

EXAMPLES = Path(__file__).with_name("scope.yaml")


@dataclass(frozen=True)
class ScopeVerdict:
    category: str
    route: str
    similarity: float


class ScopeGuard:
    def __init__(self, embeddings: LocalEmbeddings, path: Path = EXAMPLES):
        self._embeddings = embeddings
        data = load_yaml(path)
        data = data.get("categories") if isinstance(data, dict) else None
        if not isinstance(data, dict):
            raise UserError(f"{path} should map `categories` to their examples.")
        self._labels: list[tuple[str, str]] = []
        self._texts: list[str] = []
        for name, spec in data.items():
            for example in spec["examples"]:
                self._labels.append((name, spec.get("route", "none")))
                self._texts.append(example)
        self._matrix: np.ndarray | None = None

    def nearest(self, query_vector: list[float]) -> ScopeVerdict:
        if self._matrix is None:
            self._matrix = np.asarray(self._embeddings.embed_documents(self._texts))
        sims = self._matrix @ np.asarray(query_vector)
        best = int(np.argmax(sims))
        name, route = self._labels[best]
        return ScopeVerdict(name, route, float(sims[best]))
