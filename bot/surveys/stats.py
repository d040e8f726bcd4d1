"""The statistics survey results use: means, distributions, Cronbach's alpha and eNPS.

Written out with the standard library: each is a few lines of a textbook formula, and keeping them here
lets the tests check them against values worked out by hand."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from statistics import fmean, variance

ALPHA_RULE = 0.7
ALPHA_NOTE = ("Cronbach's alpha tells whether the items of a construct move together; 0.7 or more is the usual "
              "rule of thumb for averaging them into one score. Below that, read the items one by one.")


def mean(values: Sequence[float]) -> float | None:
    return fmean(values) if values else None


def distribution(values: Sequence[int], points: Sequence[int]) -> dict[int, int]:
    """How many answers fell on each point of a scale (every point listed, zeros included)."""
    counts = Counter(values)
    return {p: counts.get(p, 0) for p in points}


def cronbach_alpha(rows: Sequence[Sequence[float]]) -> float | None:
    """Cronbach's alpha of k items over complete rows (one row per respondent, one column per item, reverse
    items already flipped): k/(k-1) · (1 - Σ item variances / variance of the row totals), sample variances.

    None when it cannot be computed: fewer than two items, fewer than two rows, or totals that do not vary."""
    if len(rows) < 2:
        return None
    k = len(rows[0])
    if k < 2 or any(len(r) != k for r in rows):
        return None
    totals = [sum(r) for r in rows]
    total_var = variance(totals)
    if total_var == 0:
        return None
    item_var = sum(variance([r[i] for r in rows]) for i in range(k))
    return k / (k - 1) * (1 - item_var / total_var)


def enps(scores: Sequence[int]) -> tuple[float, int, int, int] | None:
    """(eNPS, promoters, passives, detractors): % answering 9–10 minus % answering 0–6, from -100 to +100."""
    if not scores:
        return None
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    passives = len(scores) - promoters - detractors
    return 100.0 * (promoters - detractors) / len(scores), promoters, passives, detractors
