"""The minimum group size k, and the release partition that decides which views of a survey may be shown.

Per survey, the responses are split once into blocks of at least k (by department, then by the filterable
answers, greedily: ``build``); only views made of whole blocks are shown, and each question's results only
down to the stage where its blocks hold 0 or at least k answers (``level_of``). So any sum or difference of
what is shown rests on 0 or at least k people. The threat, the proof and what is not hidden:
docs/decisions/0006-survey-anonymity-release-partition.md."""

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
