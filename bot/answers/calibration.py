"""Confidence that means something: the probability that an answer is right, from the signals retrieval gives.

A logistic model over a handful of signals (closeness in meaning of the best passage and of its section's
closest question, the share of the question's words it holds, how far ahead of the next passage it is, how
much closer it is than the nearest off-topic example, and how long a scene the message set around its
question) is fitted on the curated QA sets with
`coach eval --qa tests/qa/<curated files> --calibrate bot/answers/calibration.json` and stored as that JSON
file. The held-out and informal sets are never used for fitting; `coach eval` shows on any set how well the
stated confidence tracks the answers that turned out right (its reliability table).

``high`` is the mark above which answers are shown as high confidence. The promise is that at least 95% of the
answers above it are right. A cut qualifies when at least 97% of the answers given on the fitting sets were right,
at that cut and every higher one; of those, the mark is the cut whose share right has the highest lower bound
(`high_mark`). The answers are scored for this by models fitted without them (`_out_of_fold`). (Fitted on 261
questions, the lowest cut at 95% was 0.91, with 88.9% right on the never-tuned informal set; at 97%, 0.92, with
92.9%. Fitted on 451, the lowest cut at 97% was 0.90, with 61 of 66 right on the never-tuned sets (92%); the
surest, 0.95, 44 of 47 (94%), 2026-12-05. With the scene signal, the surest cut on the fitted model's own scores
was 0.90, 64 of 69 (92.8%); on out-of-fold scores 0.96, 40 of 42 (95.2%), 2026-12-06.)
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bot.errors import UserError

FEATURES = ("dense", "coverage", "heading", "question", "gap", "scope_margin", "scene")
DEFAULT_PATH = Path(__file__).with_name("calibration.json")
HIGH_PRECISION = 0.95  # promised for answers shown as high confidence
FIT_PRECISION = 0.97  # required on the fitting sets, for the promise to hold on new questions
BINS = (0.0, 0.3, 0.5, 0.7, 0.85, 1.0)
FOLDS, REPEATS = 5, 5  # out-of-fold scores for choosing the mark


@dataclass(frozen=True)
class Calibration:
    weights: dict[str, float]
    bias: float
    high: float  # answers at or above it are shown as high confidence
    fitted_on: list[str]
    examples: int

    def probability(self, signals: Mapping[str, float]) -> float:
        return _sigmoid(self.bias + sum(w * signals.get(name, 0.0) for name, w in self.weights.items()))

    @classmethod
    def load(cls, path: Path = DEFAULT_PATH) -> Calibration | None:
        if not path.exists():
            return None
        try:
            data = json.loads(path.read_text())
            return cls(dict(data["weights"]), float(data["bias"]), float(data["high"]), list(data["fitted_on"]),
                       int(data["examples"]))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise UserError(f"{path} is not a calibration written by `coach eval --calibrate`: {exc}") from None

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=2) + "\n")


def fit(rows: Sequence[tuple[Mapping[str, float], bool]], fitted_on: Sequence[str],
        judged: Sequence[tuple[Mapping[str, float], bool]] = ()) -> Calibration:
    """A logistic regression of "the answer was right" on the signals (scikit-learn's, imported only here).

    The high-confidence mark is set on `judged` when given: the answers actually given and whether each was
    right, which is what a mark shown beside answers promises (`rows` also hold declined questions)."""
    import numpy as np

    if len({right for _, right in rows}) < 2:
        raise UserError("Calibration needs both right and wrong answers in the QA set.")
    x = np.asarray([_vector(signals) for signals, _ in rows])
    y = np.asarray([int(right) for _, right in rows])
    weights, bias = _logistic(x, y)
    calibration = Calibration({n: round(float(w), 4) for n, w in zip(FEATURES, weights)}, round(bias, 4), 1.0,
                              sorted(fitted_on), len(rows))
    scored = _out_of_fold(x, y, rows, judged or rows, calibration)
    return Calibration(calibration.weights, calibration.bias, high_mark(scored), calibration.fitted_on, len(rows))


def _vector(signals: Mapping[str, float]) -> tuple[float, ...]:
    return tuple(float(signals.get(name, 0.0)) for name in FEATURES)


def _logistic(x, y) -> tuple[Any, float]:
    """Weights and bias in raw units: fitted on standardised signals (they span very different ranges)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=1.0, max_iter=1000).fit((x - mean) / scale, y)
    weights = model.coef_[0] / scale
    return weights, float(model.intercept_[0] - np.dot(weights, mean))


def _out_of_fold(x, y, rows: Sequence[tuple[Mapping[str, float], bool]],
                 judged: Sequence[tuple[Mapping[str, float], bool]], whole: Calibration) -> list[tuple[float, bool]]:
    """Each judged answer's probability from models fitted without it (FOLDS folds, averaged over REPEATS shuffles):
    the mark is chosen on these, because a model scores the answers it was fitted on more surely than new ones
    (see the module's docstring for what it changed)."""
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    folds = min(FOLDS, int(min(np.bincount(y, minlength=2))))
    if folds < 2:  # too few of one outcome to hold any out
        return [(whole.probability(s), right) for s, right in judged]
    total = np.zeros(len(y))
    for seed in range(REPEATS):
        for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(x, y):
            weights, bias = _logistic(x[train], y[train])
            total[test] += [_sigmoid(z) for z in x[test] @ weights + bias]
    # a judged answer is found among the rows by its signals (they are the same question's); one that is not
    # there was never fitted on, and the whole model scores it
    row = {_vector(signals): i for i, (signals, _) in enumerate(rows)}
    return [(float(total[row[_vector(s)]] / REPEATS) if _vector(s) in row else whole.probability(s), right)
            for s, right in judged]


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(float(z), 30.0), -30.0)))


def high_mark(scored: Sequence[tuple[float, bool]], precision: float = FIT_PRECISION, least: int = 10) -> float:
    """The cut above which answers are most surely right. A cut is sound when at least ``precision`` of the answers
    above it are right, at that cut and at every higher one that still has ``least`` answers above it (a low cut that
    happens to meet it while a higher one does not would make "high" mean less the higher the confidence). Of the
    sound cuts, the mark is the one whose share right has the highest lower bound (Wilson, 95% one-sided): the
    lowest sound cut had the most answers above it but the least sure share (see the module's docstring)."""
    from scipy.stats import binomtest  # comes with scikit-learn, like fit()

    cuts = sorted({round(p, 2) for p, _ in scored})
    sound: list[tuple[float, float]] = []  # (lower bound of the share right above the cut, cut)
    for cut in reversed(cuts):
        above = [right for p, right in scored if p >= cut]
        if len(above) < least:
            continue
        if sum(above) / len(above) < precision:
            break
        low = binomtest(sum(above), len(above)).proportion_ci(confidence_level=0.90, method="wilson").low
        sound.append((round(float(low), 6), cut))
    if not sound:
        return 1.0
    best = max(low for low, _ in sound)
    return min(cut for low, cut in sound if low == best)  # a tie goes to the lower cut: more answers shown as high


@dataclass(frozen=True)
class Bin:
    low: float
    high: float
    answers: int
    mean_confidence: float
    right: float  # share of the answers in the bin that were right


def reliability(scored: Sequence[tuple[float, bool]], edges: Sequence[float] = BINS) -> list[Bin]:
    out = []
    for low, high in zip(edges, edges[1:]):
        inside = [(p, r) for p, r in scored if low <= p < high or (high == edges[-1] and p == high)]
        if inside:
            out.append(Bin(low, high, len(inside), sum(p for p, _ in inside) / len(inside),
                           sum(r for _, r in inside) / len(inside)))
    return out
