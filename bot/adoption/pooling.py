"""Which departments an adoption figure may name: small departments are pooled, so every group shown holds
at least k eligible people and any sum or difference of shown groups holds 0 or at least k.

``pool`` takes the eligible people per department and returns the groups: the departments shown under their
own name, and one pooled group of the rest. The groups partition the population and the organisation total
is their union. The threat, the proof and what is not hidden: docs/decisions/0008-adoption-anonymity.md."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.errors import UserError
from bot.surveys.anonymity import effective_k

ALL = "All departments"  # the organisation: every shown group together
POOLED = "Other departments (pooled)"  # the departments too small to be named, and any needed to fill them up


@dataclass(frozen=True)
class Pooling:
    """The groups of one population (see the module docstring).

    ``shown``: departments named on their own, the largest first (then by name); ``pooled``: the departments
    merged into one group, alphabetical (so their order says nothing about their sizes). When every
    department is pooled, the pooled group is the organisation itself and is shown once, as ``ALL``."""

    k: int
    released: bool  # False: the population holds fewer than k people and nothing is shown
    shown: list[str] = field(default_factory=list)
    pooled: list[str] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)  # eligible people of each group in ``groups``

    @property
    def groups(self) -> list[str]:
        """The groups to show, in order: ALL, the named departments, then POOLED when it is a group of its own."""
        return list(self.sizes)

    def group_of(self, department: str) -> str | None:
        """The smallest shown group holding ``department``'s people: itself, POOLED, or ALL (everyone pooled);
        None when nothing is shown or the department has nobody eligible."""
        if not self.released:
            return None
        if department in self.shown:
            return department
        if department in self.pooled:
            return POOLED if POOLED in self.sizes else ALL
        return None


def pool(sizes: Mapping[str, int], k: int) -> Pooling:
    """The groups for these department sizes (eligible people each) under the minimum group size ``k``
    (floored by bot.surveys.anonymity.effective_k). Departments with nobody eligible belong to no group."""
    k = effective_k(k)
    for name in sizes:
        if name in (ALL, POOLED):
            raise UserError(f"A department cannot be called {name!r}: that name is kept for the combined figures.")
    present = {d: int(n) for d, n in sizes.items() if n > 0}
    total = sum(present.values())
    if total < k:
        return Pooling(k, released=False)
    shown = sorted((d for d, n in present.items() if n >= k), key=lambda d: (-present[d], d))
    pooled = [d for d in present if present[d] < k]
    # The pooled group is ALL minus the named departments, so it must hold 0 or at least k people: the
    # smallest named departments join it until it does (it ends at ALL at worst, which holds k or more).
    while pooled and sum(present[d] for d in pooled) < k:
        pooled.append(shown.pop())
    groups = {ALL: total} | {d: present[d] for d in shown}
    if pooled and shown:
        groups[POOLED] = sum(present[d] for d in pooled)
    return Pooling(k, True, shown, sorted(pooled), groups)
