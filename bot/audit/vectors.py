"""Embedding the catalog's fixed texts once per process (per embeddings model and catalog version).

The model is the one retrieval uses (all-MiniLM-L6-v2, normalised vectors), so cosine similarity is a
dot product. Catalog texts never change while the process runs, so their vectors are computed on first
use and kept; the texts people type are embedded in one batch per audit."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence

import numpy as np
from langchain_core.embeddings import Embeddings

_lock = threading.Lock()
_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # embeddings -> {key: matrix}


def fixed_vectors(embeddings: Embeddings, key: str, texts: Sequence[str]) -> np.ndarray:
    """Rows of unit vectors for ``texts``, computed once per (embeddings object, key)."""
    with _lock:
        known = _cache.setdefault(embeddings, {})
        if key not in known:
            known[key] = _matrix(embeddings.embed_documents(list(texts)), len(texts))
        return known[key]


def embed_texts(embeddings: Embeddings, texts: Sequence[str]) -> dict[str, np.ndarray]:
    """Vectors for free text, one batch for all distinct texts."""
    distinct = list(dict.fromkeys(t for t in texts if t))
    if not distinct:
        return {}
    rows = _matrix(embeddings.embed_documents(distinct), len(distinct))
    return dict(zip(distinct, rows))


def _matrix(vectors, count: int) -> np.ndarray:
    matrix = np.asarray(vectors, dtype=np.float32).reshape(count, -1)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)  # already unit length for our model; guards others
