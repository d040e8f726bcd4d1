"""Lexical retrieval with bm25s (stemmed, English stop words), persisted under the data dir."""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import bm25s
import numpy as np
import Stemmer
from localspelling.spelling_converter import get_dictionary

logging.getLogger("bm25s").setLevel(logging.WARNING)
_WORD = re.compile(r"(?u)\b\w\w+\b")
# A count from one to twelve, written as a numeral ("the 6 phases", "step 3"), reads as its word: people type
# numerals, the guides mostly spell them out, and a one-character numeral was no term at all. Not a part of a
# figure or a code ("5%", "30/60/90", "3.5", "q3"); "step 3." still is.
_COUNT = re.compile(r"(?<![\w./%$-])(1[0-2]|[1-9])(?![\w/%-]|\.\d)")
_COUNT_WORDS = dict(zip(map(str, range(1, 13)), ("one", "two", "three", "four", "five", "six", "seven", "eight",
                                                  "nine", "ten", "eleven", "twelve")))


ANALYZER_VERSION = "4"  # part of the fingerprint: a new analyzer rebuilds the BM25 index

# British and American spellings read as one word ("organisation", "behaviour", "analyse" as the guides' "organization",
# "behavior", "analyze"): people type both, the guides mostly use one, and the stemmer keeps them apart. localspelling's
# word list covers -our, -tre, -yse, -ogue and the like; it lists few -ise verbs, so any -ise/-isation form is read as
# -ize too. Applied alike to the guides and to questions, a word wrongly changed ("raise" -> "raize") still matches.
_SPELLING = get_dictionary("us") | {"licence": "license", "licences": "licenses", "licenced": "licensed"}
_ISE = re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing|ation|ations|er|ers)$")
# Stems the Snowball stemmer leaves apart though one is the other's noun ("accurate" -> "accur", "accuracy" ->
# "accuraci"): the guides say "accuracy" where people write "accurate".
_SAME_STEM = {"accuraci": "accur"}


@lru_cache(maxsize=65536)
def _us_spelling(word: str) -> str:
    return _SPELLING.get(word) or _ISE.sub(r"iz\1", word)


def fingerprint(ids: Sequence[str]) -> str:
    return hashlib.sha256((ANALYZER_VERSION + "\n" + "\n".join(sorted(ids))).encode()).hexdigest()


class TermAnalyzer:
    """The one tokenizer used for the BM25 index and for scoring sentences, so both agree on terms."""

    def __init__(self):
        self._stemmer = Stemmer.Stemmer("english")
        # The full English list: question words like "how", "do", "we" must not count as matches.
        self._stop = set(bm25s.stopwords.STOPWORDS_EN_PLUS)

    def terms(self, text: str) -> list[str]:
        text = _COUNT.sub(lambda m: _COUNT_WORDS[m.group(1)], text.lower())
        words = [_us_spelling(w) for w in _WORD.findall(text) if w not in self._stop]
        return [_SAME_STEM.get(t, t) for t in self._stemmer.stemWords(words)]


@dataclass(frozen=True)
class _Loaded:
    """One built index. Replaced as a whole, so a search running while a replica re-builds sees the old index
    or the new one, never half of each."""
    retriever: bm25s.BM25 | None
    ids: list[str]
    df: dict[str, int]
    fingerprint: str

    @cached_property
    def positions(self) -> dict[str, int]:
        return {cid: i for i, cid in enumerate(self.ids)}


class LexicalIndex:
    def __init__(self, directory: Path, analyzer: TermAnalyzer):
        self.directory = directory
        self.analyzer = analyzer
        self._loaded: _Loaded | None = None

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
        self._loaded = _Loaded(retriever if corpus else None, ids, df, fingerprint(ids))

    # reading ------------------------------------------------------------------------------------
    def stored_fingerprint(self) -> str | None:
        meta = self.directory / "meta.json"
        if not meta.exists():
            return None
        try:
            return json.loads(meta.read_text()).get("fingerprint")
        except (OSError, ValueError):
            return None

    def _state(self) -> _Loaded:
        loaded = self._loaded
        if loaded is not None:
            return loaded
        meta_path = self.directory / "meta.json"
        if not meta_path.exists():
            loaded = _Loaded(None, [], {}, fingerprint([]))
        else:
            meta = json.loads(meta_path.read_text())
            retriever = bm25s.BM25.load(str(self.directory / "bm25")) if meta["ids"] else None
            loaded = _Loaded(retriever, meta["ids"], meta["df"], meta["fingerprint"])
        self._loaded = loaded
        return loaded

    @property
    def fingerprint(self) -> str:
        """Of the chunk ids this process searches, or will search once it loads the index file (compare with the
        database's to see if it is stale); asking does not load the index."""
        loaded = self._loaded
        if loaded is not None:
            return loaded.fingerprint
        return self.stored_fingerprint() or fingerprint([])

    @property
    def size(self) -> int:
        return len(self._state().ids)

    def knows(self, term: str) -> bool:
        """Whether any indexed passage holds this (analyzed) term."""
        return self._state().df.get(term, 0) > 0

    def idf(self, term: str) -> float:
        state = self._state()
        n = max(len(state.ids), 1)
        df = state.df.get(term, 0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def search(self, query: str, k: int, include: Sequence[str] = ()) -> list[tuple[str, float]]:
        """(chunk id, BM25 score), best first; empty when no query term is in the vocabulary. The chunks in
        `include` are scored too, wherever they rank, and join the list if they hold a query term."""
        state = self._state()
        if state.retriever is None:
            return []
        vocab = state.retriever.vocab_dict
        terms = [t for t in self.analyzer.terms(query) if t in vocab]
        if not terms:
            return []
        scores = state.retriever.get_scores(terms)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        if include:
            extra = [state.positions[cid] for cid in include if cid in state.positions]
            top = np.union1d(top, extra).astype(int)
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(state.ids[i], float(scores[i])) for i in top if scores[i] > 0]
