"""The minimum group size k, and which filtered views and segments may be shown.

A *view* is the set of responses matching some conditions (``{"department": "Sales", "frequency": "Every
day"}``). It may be shown only when it is safe, which here means all of:

1. it rests on at least k responses;
2. no difference between the view and a less filtered view can single out fewer than k people: for the
   conditions C of the view, every *atom* of the sets {view(S) : S ⊆ C} — the responses matching exactly
   the conditions in T ⊆ C and none of the others — is empty or holds at least k responses. Any result that
   can be computed by adding and subtracting these views (view minus parent, inclusion–exclusion of two
   filters) is a union of atoms, so it too is empty or rests on at least k responses;
3. for each condition ``d = v``, ``v`` is shown when the parent view (C without d) is split along d with
   *secondary suppression*: groups under k are hidden, and if the hidden groups together hold between 1 and
   k-1 responses, the smallest shown groups are hidden too, so that "parent minus the shown groups" never
   rests on fewer than k responses.

Segments (a view split by department) obey rule 3 and each segment is itself checked as a view.
Combinations of different values across two or more dimensions (e.g. {a, b}, {a, b'} and {a', b} side by
side) are beyond what these rules reason about; the filters offered are therefore limited to department
and single-answer questions, and comments are only shown for whole views, never per segment."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import combinations

FLOOR = 3  # k can never be set below this
NO_ANSWER = "(no answer)"

Row = Mapping[str, str]  # a response's filterable attributes: dimension -> value (as text)


def effective_k(k: int) -> int:
    return max(int(k), FLOOR)


def matches(row: Row, conditions: Mapping[str, str]) -> bool:
    return all(row.get(d, NO_ANSWER) == v for d, v in conditions.items())


def select(rows: Sequence[Row], conditions: Mapping[str, str]) -> list[Row]:
    return [r for r in rows if matches(r, conditions)]


def _ok(n: int, k: int) -> bool:
    return n == 0 or n >= k


def shown_groups(counts: Mapping[str, int], k: int) -> set[str]:
    """Groups of a partition that may be shown: each has ≥ k, and the hidden rest is 0 or ≥ k."""
    k = effective_k(k)
    shown = {g for g, n in counts.items() if n >= k}
    hidden = sum(n for g, n in counts.items() if g not in shown)
    while 0 < hidden < k and shown:
        smallest = min(shown, key=lambda g: (counts[g], str(g)))
        shown.discard(smallest)
        hidden += counts[smallest]
    return shown


def view_allowed(rows: Sequence[Row], conditions: Mapping[str, str], k: int) -> bool:
    """Rules 1–3 of the module docstring for the view ``conditions`` over ``rows``."""
    k = effective_k(k)
    conds = dict(conditions)
    if len(select(rows, conds)) < k:
        return False
    names = sorted(conds)
    for r in range(len(names) + 1):  # rule 2: atoms of the views of every subset
        for inside in combinations(names, r):
            outside = [d for d in names if d not in inside]
            n = sum(1 for row in rows if matches(row, {d: conds[d] for d in inside})
                    and not any(row.get(d, NO_ANSWER) == conds[d] for d in outside))
            if not _ok(n, k):
                return False
    for d in names:  # rule 3: the value is shown when the parent is split along d
        parent = select(rows, {x: v for x, v in conds.items() if x != d})
        counts = Counter(row.get(d, NO_ANSWER) for row in parent)
        if conds[d] not in shown_groups(counts, k):
            return False
    return True


def segments(rows: Sequence[Row], conditions: Mapping[str, str], dimension: str, k: int) -> list[str]:
    """Values of ``dimension`` whose segment of the view may be shown: each segment passes view_allowed,
    and what the hidden segments hold together is 0 or ≥ k (secondary suppression)."""
    k = effective_k(k)
    if dimension in conditions:  # already narrowed to one value: nothing to split
        return []
    view = select(rows, conditions)
    counts = Counter(row.get(dimension, NO_ANSWER) for row in view)
    shown = {v for v in counts if view_allowed(rows, {**conditions, dimension: v}, k)}
    hidden = sum(n for v, n in counts.items() if v not in shown)
    while 0 < hidden < k and shown:
        smallest = min(shown, key=lambda v: (counts[v], str(v)))
        shown.discard(smallest)
        hidden += counts[smallest]
    return sorted(shown, key=lambda v: (-counts[v], str(v)))
