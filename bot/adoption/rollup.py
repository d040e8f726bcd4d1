"""Who was active, rolled up into figures per department and tool under the anonymity rule
(bot.adoption.pooling): adoption (active over eligible), licences unused for 30 days, and a weekly trend.

Every figure is about a group of the pooling of its own population: eligible people for adoption, licence
holders of the tool for unused licences. So no figure, nor any sum or difference of figures over the same
population, rests on 1..k-1 people (docs/decisions/0008-adoption-anonymity.md)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from bot.adoption.pooling import ALL, POOLED, Pooling, pool
from bot.surveys.anonymity import effective_k

ANY = "any"  # the tool value meaning "any AI tool"

def percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


@dataclass(frozen=True)
class Figure:
    """Adoption of one tool (or ANY) in one shown group: ``active`` of its ``eligible`` people."""

    department: str  # a department, ALL or POOLED
    tool: str
    active: int
    eligible: int

    @property
    def rate(self) -> float:
        """Percent active, one decimal."""
        return percent(self.active, self.eligible)


@dataclass(frozen=True)
class DepartmentView:
    """What may be said about one department: the figures of the group holding it, and why that group is not
    the department itself ("" when it is)."""

    department: str
    group: str | None  # the department, POOLED or ALL; None when nothing can be shown
    figures: list[Figure]
    reason: str = ""


@dataclass
class Rollup:
    figures: list[Figure]  # ALL, then the shown departments (largest first), then POOLED; ANY, then each tool
    pooled: list[str]  # the departments counted in POOLED (or, when no department is named, in ALL only)
    released: bool  # False: fewer than k eligible people, and no figure at all
    k: int
    unmatched: int = 0  # people active in the period who are not in the directory (not counted anywhere)
    tools: list[str] = field(default_factory=list)  # the tools figured, ANY excluded

    def by_department(self) -> list[Figure]:
        return [f for f in self.figures if f.tool == ANY]

    def by_tool(self) -> list[Figure]:
        return [f for f in self.figures if f.department == ALL]

    def for_department(self, name: str) -> DepartmentView:
        """The figures of the group holding department ``name`` (matched ignoring case), with the reason when
        that group is not the department alone."""
        if not self.released:
            return DepartmentView(name, None, [], self.reason)
        named = {f.department for f in self.figures} - {ALL, POOLED}
        wanted = " ".join(name.split()).casefold()
        found = next((d for d in [*named, *self.pooled] if d.casefold() == wanted), None)
        if found is None:
            return DepartmentView(name, None, [], f"No eligible people in a department called {name!r}.")
        if found in named:
            return DepartmentView(found, found, [f for f in self.figures if f.department == found])
        group = POOLED if any(f.department == POOLED for f in self.figures) else ALL
        return DepartmentView(found, group, [f for f in self.figures if f.department == group],
                              f"{found} is counted in {group!r}: a department is named only when it holds at least "
                              f"{self.k} eligible people and the departments not named hold at least {self.k} together.")

    @property
    def reason(self) -> str:
        return "" if self.released else f"Nothing is shown: fewer than {self.k} people are eligible."


def _groups_of(departments: Iterable[str], pooling: Pooling) -> dict[str, str]:
    """Each department's shown group (departments with nobody eligible have none)."""
    return {d: g for d in set(departments) if (g := pooling.group_of(d)) is not None}


def rollup(active: Iterable[tuple[str, str]], departments: Mapping[str, str], k: int,
           *, tools: Iterable[str] = ()) -> Rollup:
    """Adoption figures for every shown group × (ANY, each tool seen among matched people, and each of
    ``tools`` even when nobody used it). ``active``: (person, tool) pairs of people active in the period,
    repeats allowed; a person not in ``departments`` (person -> department, everyone eligible) is counted in
    ``unmatched`` only."""
    pooling = pool(Counter(departments.values()), k)
    users: dict[str, set[str]] = defaultdict(set)  # tool -> people active with it
    unmatched: set[str] = set()
    for person, tool in active:
        if person in departments:
            users[tool].add(person)
        else:
            unmatched.add(person)
    anyone = set().union(*users.values()) if users else set()
    users.pop(ANY, None)  # a pair naming ANY itself counts towards "any tool" only
    names = sorted(set(users) | (set(tools) - {ANY}))
    if not pooling.released:
        return Rollup([], [], False, pooling.k, len(unmatched), names)
    group = _groups_of(departments.values(), pooling)
    figures = []
    counts = {ANY: Counter(group[departments[p]] for p in anyone)}
    counts |= {t: Counter(group[departments[p]] for p in users.get(t, ())) for t in names}
    for label in pooling.groups:
        for tool in (ANY, *names):
            by_group = counts[tool]
            n = sum(by_group.values()) if label == ALL else by_group.get(label, 0)
            figures.append(Figure(label, tool, n, pooling.sizes[label]))
    return Rollup(figures, pooling.pooled, True, pooling.k, len(unmatched), names)


@dataclass(frozen=True)
class Unused:
    """Licences of one tool in one shown group of its licence holders: ``inactive`` of ``licensed`` people
    with a seat were not active with the tool in the last 30 days."""

    department: str  # a department, ALL or POOLED (pooled on this tool's licence holders)
    tool: str
    inactive: int
    licensed: int

    @property
    def rate(self) -> float:
        """Percent of the licences unused, one decimal."""
        return percent(self.inactive, self.licensed)


@dataclass
class UnusedLicences:
    """``inactive_licensed``'s answer: rows per tool (ALL first, then the named departments, then POOLED),
    each tool pooled on its own licence holders (``pooled``: tool -> departments pooled). ``withheld``: tools
    held by fewer than k people in the directory, of which nothing is shown."""

    rows: list[Unused]
    pooled: dict[str, list[str]]
    withheld: list[str]
    k: int
    unmatched: int = 0  # licence holders not in the directory (not counted anywhere)

    def for_tool(self, tool: str) -> list[Unused]:
        return [r for r in self.rows if r.tool == tool]


def inactive_licensed(licensed: Iterable[tuple[str, str]], active_30d: Iterable[tuple[str, str]],
                      departments: Mapping[str, str], k: int) -> UnusedLicences:
    """Licences held but not used for 30 days, per tool and shown group. ``licensed``: (person, tool) seats;
    ``active_30d``: (person, tool) pairs active in the last 30 days. The groups pool each tool's licence holders
    per department, not the eligible people: 2 seats in a department of 40 are never shown on their own."""
    holders: dict[str, set[str]] = defaultdict(set)
    unmatched: set[str] = set()
    for person, tool in licensed:
        if person in departments:
            holders[tool].add(person)
        else:
            unmatched.add(person)
    used = set(active_30d)
    rows, pooled, withheld = [], {}, []
    for tool in sorted(holders):
        people = holders[tool]
        pooling = pool(Counter(departments[p] for p in people), k)
        if not pooling.released:
            withheld.append(tool)
            continue
        group = _groups_of((departments[p] for p in people), pooling)
        idle = Counter(group[departments[p]] for p in people if (p, tool) not in used)
        for label in pooling.groups:
            n = sum(idle.values()) if label == ALL else idle.get(label, 0)
            rows.append(Unused(label, tool, n, pooling.sizes[label]))
        pooled[tool] = pooling.pooled
    return UnusedLicences(rows, pooled, withheld, effective_k(k), len(unmatched))


def trend(weeks: list[tuple[str, Rollup]], department: str, tool: str = ANY) -> list[tuple[str, float | None]]:
    """(label, rate) per week for ``department`` (or ALL) and ``tool``; the rate is None in a week when the
    department was not shown under its own name (pooled that week, or nothing released), so no point of the
    line stands for a different group of people."""
    out: list[tuple[str, float | None]] = []
    for label, week in weeks:
        view = week.for_department(department) if department != ALL else None
        figures = week.by_tool() if view is None else (view.figures if view.group == view.department else [])
        rate = next((f.rate for f in figures if f.tool == tool), None)
        out.append((label, rate))
    return out
