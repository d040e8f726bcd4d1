"""Lexical retrieval with bm25s (stemmed, English stop words), persisted under the data dir."""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
from collections.abc import Sequence
from pathlib import Path

import bm25s
import numpy as np
import Stemmer

logging.getLogger("bm25s").setLevel(logging.WARNING)
_WORD = re.compile(r"(?u)\b\w\w+\b")


ANALYZER_VERSION = "2"  # part of the fingerprint: a new analyzer rebuilds the BM25 index


def fingerprint(ids: Sequence[str]) -> str:
    return hashlib.sha256((ANALYZER_VERSION + "\n" + "\n".join(sorted(ids))).encode()).hexdigest()


class Analyzer:
    """The one tokenizer used for the BM25 index and for scoring sentences, so both agree on terms."""

    def __init__(self):
        self._stemmer = Stemmer.Stemmer("english")
        # The full English list: question words like "how", "do", "we" must not count as matches.
        self._stop = set(bm25s.stopwords.STOPWORDS_EN_PLUS)

    def terms(self, text: str) -> list[str]:
        words = [w for w in _WORD.findall(text.lower()) if w not in self._stop]
        return self._stemmer.stemWords(words)


class LexicalIndex:
    def __init__(self, directory: Path, analyzer: Analyzer):
        self.directory = directory
        self.analyzer = analyzer
        self._retriever: bm25s.BM25 | None = None
        self._ids: list[str] = []
        self._df: dict[str, int] = {}
        self._fingerprint: str | None = None

    # building -----------------------------------------------------------------------------------
    def build(self, corpus: Sequence[tuple[str, str]]) -> None:
        ids = [cid for cid, _ in corpus]
        self.directory.mkdir(parents=True, exist_ok=True)
        tokens = [self.analyzer.terms(text) for _, text in corpus]
        df: dict[str, int] = {}
        for toks in tokens:
            for term in set(toks):
                df[term] = df.get(term, 0) + 1
        retriever = bm25s.BM25()
        if corpus:
            retriever.index(tokens, show_progress=False)
            retriever.save(str(self.directory / "bm25"))
        (self.directory / "meta.json").write_text(json.dumps({"ids": ids, "df": df,
                                                              "fingerprint": fingerprint(ids)}))
        self._retriever, self._ids, self._df, self._fingerprint = (retriever if corpus else None), ids, df, \
            fingerprint(ids)

    # reading ------------------------------------------------------------------------------------
    def stored_fingerprint(self) -> str | None:
        meta = self.directory / "meta.json"
        if not meta.exists():
            return None
        try:
            return json.loads(meta.read_text()).get("fingerprint")
        except (OSError, ValueError):
            return None

    def _ensure_loaded(self) -> None:
        if self._fingerprint is not None:
            return
        meta_path = self.directory / "meta.json"
        if not meta_path.exists():
            self._fingerprint = fingerprint([])
            return
        meta = json.loads(meta_path.read_text())
        self._ids, self._df, self._fingerprint = meta["ids"], meta["df"], meta["fingerprint"]
        if self._ids:
            self._retriever = bm25s.BM25.load(str(self.directory / "bm25"))

    @property
    def size(self) -> int:
        self._ensure_loaded()
        return len(self._ids)

    def idf(self, term: str) -> float:
        self._ensure_loaded()
        n = max(len(self._ids), 1)
        df = self._df.get(term, 0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """(chunk id, BM25 score), best first; empty when no query term is in the vocabulary."""
        self._ensure_loaded()
        if self._retriever is None:
            return []
        vocab = self._retriever.vocab_dict
        terms = [t for t in self.analyzer.terms(query) if t in vocab]
        if not terms:
            return []
        scores = self._retriever.get_scores(terms)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(self._ids[i], float(scores[i])) for i in top if scores[i] > 0]
