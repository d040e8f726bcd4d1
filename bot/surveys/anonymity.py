"""The minimum group size k, and the release partition that decides which views of a survey may be shown.

Threat: someone who may ask for any results (every filter combination, segment and export) adds and
subtracts what they see to single out fewer than k people. Two defences, both needed:

1. Over time. An anonymous survey's results are released only once it is closed (bot.surveys.service), and a
   closed survey takes no more answers, so no "before and after one more answer" difference exists.
2. Across filters. Per survey, one *partition* of its responses into blocks is computed, every non-empty
   block holding at least k responses. Only views that are unions of blocks are shown. Any sum or
   difference of shown views is then constant on each block, so it is a union of whole blocks too: it
   holds 0 or at least k responses, never 1..k-1.

The partition is built greedily and deterministically (``build``). It starts as one block, everyone (fewer
than k responses: nothing is shown). Then each dimension is tried in a fixed order (department, then the
filterable questions in survey order). For a dimension, the values that may be named, V, start as those
with at least k responses; each block is split into one part per value in V plus one "rest" part (all
other values together). While some non-empty part holds fewer than k, values are dropped from V (a value
whose part is too small anywhere; otherwise the smallest value found in a block whose rest is too small).
If V ends empty, the dimension cannot be filtered on and the blocks stay as they were; otherwise the split
is kept. A view ``{d1: v1, ...}`` is allowed when every di was kept and every vi is in its V: it is then a
union of blocks, and so are its segments by a kept dimension (one per value in V, the rest implied).

Per question, only the people who answered it count, and they differ per question (optional questions).
A question's results are therefore shown only for views that are unions of the blocks of one *stage* of
the partition (the blocks after the first j kept dimensions): the deepest stage at which every block holds
0 or at least k of its answers (``level_of``); none at all when even the whole survey has 1..k-1. Any sum
or difference of that question's results is then made of whole stage blocks' answers: 0 or at least k
answers. Results of different questions are computed from different answers, so they cannot be combined to
narrow one another down; for that to hold, a construct's item results are counted over the same people
as the construct itself (those who answered all its items).

Everything said about a view besides its figures (notes, the segments listed, the values filters may name,
the responses of departments not named) is worded from the partition and from counts of unions of blocks only,
never from who is in a group under k: not, for one, how many departments a filtered view holds, which would
change with the answer of the one person in a small department.

Not hidden by these rules: how many people of a shown group answered an optional question, and an answer
that everyone in a shown group gave (if all 6 people of a group chose "never", the result says so)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

FLOOR = 3  # k can never be set below this
NO_ANSWER = "(no answer)"
_REST = object()  # the part of a block holding every value that may not be named

Row = Mapping[str, str]  # a response's filterable attributes: dimension -> value (as text)


def effective_k(k: int) -> int:
    return max(int(k), FLOOR)


def matches(row: Row, conditions: Mapping[str, str]) -> bool:
    return all(row.get(d, NO_ANSWER) == v for d, v in conditions.items())


@dataclass
class Partition:
    """The release partition of one survey's responses (see the module docstring)."""

    k: int
    size: int  # responses
    stages: list[list[int]]  # block id of each response after 0, 1, 2 ... kept dimensions
    kept: list[str] = field(default_factory=list)  # dimensions kept, in the order they split the blocks
    shown: dict[str, list[str]] = field(default_factory=dict)  # kept dimension -> V, the largest first
    refused: list[str] = field(default_factory=list)  # dimensions that could not be kept

    @property
    def released(self) -> bool:
        return self.size >= self.k

    def allows(self, conditions: Mapping[str, str]) -> bool:
        """The view is a union of blocks: every dimension was kept and every value may be named."""
        return self.released and all(v in self.shown.get(d, ()) for d, v in conditions.items())

    def depth(self, conditions: Mapping[str, str]) -> int:
        """The stage whose blocks the (allowed) view is a union of: the last of its dimensions' stages."""
        return max((self.kept.index(d) + 1 for d in conditions), default=0)

    def level_of(self, members: Collection[int]) -> int | None:
        """The deepest stage at which every block holds 0 or at least k of ``members``; None when not even
        the whole survey does (1..k-1 members)."""
        for stage in range(len(self.stages) - 1, -1, -1):
            blocks = self.stages[stage]
            if all(n >= self.k for n in Counter(blocks[i] for i in members).values()):
                return stage
        return None

    def reason(self, conditions: Mapping[str, str]) -> str:
        """Why a view is not allowed, in words ("" when it is)."""
        if not self.released:
            return f"Nothing is shown: the survey has fewer than {self.k} responses."
        for d, v in conditions.items():
            if d not in self.shown:
                return (f"Nothing is shown for these filters: {d} cannot be used as a filter in this survey, as "
                        f"some of its groups would hold fewer than {self.k} responses or could be worked out by "
                        "subtracting other results.")
            if v not in self.shown[d]:
                return (f"Nothing is shown for {d} = {v}: on its own it would rest on fewer than {self.k} "
                        f"responses or could be worked out by subtraction. Values {d} can be filtered on: "
                        f"{', '.join(self.shown[d])}.")
        return ""


def _split(blocks: Sequence[int], values: Sequence[str], k: int) -> tuple[list[str], list[int]]:
    """V and the refined block ids for one dimension; V is empty when the dimension cannot be kept."""
    counts = Counter(values)
    named = {v for v, n in counts.items() if n >= k}
    while named:
        parts = Counter((b, v if v in named else _REST) for b, v in zip(blocks, values))
        small = [part for part, n in parts.items() if n < k]
        if not small:
            ids: dict[tuple, int] = {}
            refined = [ids.setdefault((b, v if v in named else _REST), len(ids)) for b, v in zip(blocks, values)]
            return sorted(named, key=lambda v: (-counts[v], v)), refined
        forced = {v for _, v in small if v is not _REST}  # a named value too small somewhere is never kept
        if forced:
            named -= forced
            continue
        crowded = {b for b, _ in small}  # a rest part too small: fold in the smallest value next to it
        candidates = {v for b, v in zip(blocks, values) if b in crowded and v in named}
        named.discard(min(candidates, key=lambda v: (counts[v], v)))
    return [], list(blocks)


def build(rows: Sequence[Row], dimensions: Sequence[str], k: int) -> Partition:
    """The release partition of ``rows``, trying ``dimensions`` in this order."""
    k = effective_k(k)
    partition = Partition(k, len(rows), [[0] * len(rows)])
    if not partition.released:
        return partition
    for d in dimensions:
        values = [row.get(d, NO_ANSWER) for row in rows]
        named, refined = _split(partition.stages[-1], values, k)
        if not named:
            partition.refused.append(d)
            continue
        partition.kept.append(d)
        partition.shown[d] = named
        partition.stages.append(refined)
    return partition


def view_allowed(rows: Sequence[Row], conditions: Mapping[str, str], k: int) -> bool:
    """Whether the view may be shown under the release partition of ``rows`` by all their dimensions, in the
    order they first appear (the same partition whichever view is asked, as the guarantee needs). The KPI
    scores use it with rows that hold one dimension, department, as the survey results try first."""
    dimensions = list(dict.fromkeys(d for row in rows for d in row))
    return build(rows, dimensions, k).allows(conditions)
