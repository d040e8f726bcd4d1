"""The section model: which listed section answers a message, learnt from the sections' listed questions, the
questions taught for all workspaces and the worked examples (bot.retrieval.examples).

It reads a message two ways and multiplies what the two say (a geometric mean of their probabilities):
- its meaning: a multinomial logistic regression on the message's vector (C = SECTION_C);
- its words: a linear SVM on the character n-grams (3 to 5, inside words) of its text. They match what a sentence
  vector of a long message blurs: the guides' own terms, shorthand and typos ("okrs", "kpi's", "copilt").
Out of fold on the 1,375 worked examples (five folds by QA file, 2026-12-07), the right section came first for
75.2% with meaning alone and 81.8% with both, and among the first three for 86.9% and 92.2%. A logistic regression
on the n-grams did about as well (80.7%) but took ~25 s to fit against the SVM's ~1 s; naive Bayes reached 76.7%.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # imported where the model is fitted: scikit-learn takes a second to load, most commands never fit
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

# The meaning model's regularisation. On the tuning sets, re-ranking the first five passages by it: C 4, 16 and 64
# did about as well (Recall@1 0.77-0.79); 16 was best on the blind set written last (fresh3_dev.yaml). With the
# worked examples, cross-validated: C 4 gave 9 fact hits fewer, C 64 one more and two fewer first places.
SECTION_C = 16.0
# The SVM's margins, times this, are its log-odds: an SVM gives margins, not probabilities. scikit-learn's
# calibration (CalibratedClassifierCV) would fit it again per fold; out of fold a fixed scale of 5 put the right
# section first as often as 10 did (81.8% and 81.4%) and is the softer.
MARGIN_SCALE = 5.0
# Fewer rows than this and the words are not read: in a handful of questions the n-grams two share are mostly chance
# ("my", "for"). With a six-question test guide, "will the company pay for my hotel and flights?" went to the printer
# section on its words (tests/retrieval/test_section_model.py); the guides alone give ~1,400 rows.
WORDS_MIN_ROWS = 200


class Words:
    """The SVM's margins for one message's character n-grams. scikit-learn's `transform` and `decision_function`
    build a sparse matrix per call, ~2 ms for one message; the same sum over the message's own n-grams takes ~0.2 ms
    (hand-written for that; `test_section_model.py` checks it gives scikit-learn's margins). The weights are kept
    as float32, n-gram by class (~16 MB for the guides' ~18,500 n-grams and ~220 sections), not the SVM itself."""

    def __init__(self, vectorizer: TfidfVectorizer, svm: LinearSVC):
        self._analyze = vectorizer.build_analyzer()
        self._vocabulary = vectorizer.vocabulary_
        self._idf = vectorizer.idf_
        coef, intercept = svm.coef_, svm.intercept_
        if coef.shape[0] == 1:  # two classes: one margin, for the second
            coef, intercept = np.vstack([-coef, coef]), np.concatenate([-intercept, intercept])
        self._coef = np.ascontiguousarray(coef.T, dtype="float32")
        self._intercept = intercept.astype("float32")

    def margins(self, text: str) -> np.ndarray:
        counts: dict[int, int] = {}
        for gram in self._analyze(text):
            column = self._vocabulary.get(gram)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        if not counts:
            return self._intercept.copy()
        columns = np.fromiter(counts, dtype=np.intp, count=len(counts))
        weights = (1.0 + np.log(np.fromiter(counts.values(), dtype=float, count=len(counts)))) * self._idf[columns]
        weights /= np.linalg.norm(weights)  # sublinear tf, idf, unit length: what the vectorizer is set to do
        return weights @ self._coef[columns] + self._intercept


@dataclass(frozen=True)
class SectionModel:
    classes: list[tuple[str, str]]  # (path, anchor) per column of the probabilities
    meaning: LogisticRegression
    words: Words | None  # None for too few rows, or texts without n-grams

    def probabilities(self, vector: np.ndarray, text: str) -> np.ndarray:
        """One probability per class that the section answers a message with this vector and text."""
        logits = np.log(np.clip(self.meaning.predict_proba(vector.reshape(1, -1))[0], 1e-12, None))
        if self.words is not None:
            logits = 0.5 * logits + 0.5 * MARGIN_SCALE * self.words.margins(text)
        odds = np.exp(logits - logits.max())
        return odds / odds.sum()


# digest of the rows and settings -> (meaning, words) fitted on them; a few kept
_FITS: dict[bytes, tuple[LogisticRegression, Words | None]] = {}
_FITS_LOCK = threading.Lock()


def fit_section_model(vectors: np.ndarray, texts: Sequence[str], labels: Sequence[tuple[str, str]]
                      ) -> SectionModel | None:
    """The model for these rows, or None with fewer than two sections. Fitting takes about four seconds for ~2,800
    rows and ~220 sections, so a fit is kept for the same rows: a refresh that changed nothing the model reads, or a
    second index in one process (the tests build many), reuses it. The fit knows the sections by number only, so
    an index whose files lie elsewhere (another data folder) reuses it with its own paths."""
    classes = sorted(set(labels))
    if len(classes) < 2:
        return None
    index = {key: i for i, key in enumerate(classes)}
    x, y = np.ascontiguousarray(vectors, dtype="float32"), np.array([index[key] for key in labels])
    digest = hashlib.sha1(x.tobytes() + y.tobytes() + "\x00".join(texts).encode()
                          + repr((SECTION_C, MARGIN_SCALE, WORDS_MIN_ROWS)).encode(), usedforsecurity=False).digest()
    with _FITS_LOCK:
        fitted = _FITS.get(digest)
    if fitted is None:
        from sklearn.linear_model import LogisticRegression

        fitted = (LogisticRegression(C=SECTION_C, max_iter=3000).fit(x, y),
                  _words(texts, y) if len(texts) >= WORDS_MIN_ROWS else None)
        with _FITS_LOCK:
            if len(_FITS) >= 4:
                _FITS.pop(next(iter(_FITS)))
            _FITS[digest] = fitted
    meaning, words = fitted
    return SectionModel([classes[c] for c in meaning.classes_], meaning, words)


def _vectorizer() -> TfidfVectorizer:
    """Character n-grams 3 to 5 inside words, sublinear tf times idf, unit length (what `Words.margins` computes)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2)


def _words(texts: Sequence[str], y: np.ndarray) -> Words | None:
    from sklearn.svm import LinearSVC

    vectorizer = _vectorizer()
    try:
        rows = vectorizer.fit_transform(texts)
    except ValueError:  # no n-gram in two texts: too few rows to learn words from
        return None
    return Words(vectorizer, LinearSVC(C=1.0).fit(rows, y))
