"""The adoption figures' anonymity rule: every shown group holds at least k people, the groups partition the
population, and no sum or difference of shown figures rests on 1..k-1 people.

The property tests work out from the raw pairs, independently of bot.adoption.pooling, which people each
shown figure rests on, and check the *atoms* of those sets (the people who belong to exactly the same sets):
any sum or difference of the figures is constant on each atom, so when every atom holds 0 or at least k
people, no combination of figures isolates fewer than k."""

from __future__ import annotations

from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.adoption.pooling import ALL, POOLED, pool
from bot.adoption.rollup import ANY, inactive_licensed, rollup
from bot.errors import UserError

TOOLS = ["m365-copilot", "github-copilot", "claude"]


# examples ------------------------------------------------------------------------------------------------
def test_departments_of_k_or_more_are_named_largest_first_and_the_small_ones_pooled():
    p = pool({"Sales": 12, "Ops": 7, "Legal": 7, "HR": 3, "Board": 2}, 5)
    assert p.released and p.k == 5
    assert p.shown == ["Sales", "Legal", "Ops"]  # largest first, ties by name
    assert p.pooled == ["Board", "HR"]  # alphabetical, whatever their sizes
    assert p.groups == [ALL, "Sales", "Legal", "Ops", POOLED]
    assert p.sizes == {ALL: 31, "Sales": 12, "Legal": 7, "Ops": 7, POOLED: 5}
    assert [p.group_of(d) for d in ("Sales", "HR", "Board", "Nowhere")] == ["Sales", POOLED, POOLED, None]


def test_a_pooled_group_under_k_takes_in_the_smallest_named_departments_until_it_reaches_k():
    p = pool({"Sales": 10, "Ops": 6, "Legal": 5, "HR": 2, "Board": 1}, 5)
    # HR + Board = 3 < 5: Legal (the smallest named) joins, 8 >= 5
    assert p.shown == ["Sales", "Ops"]
    assert p.pooled == ["Board", "HR", "Legal"]
    assert p.sizes[POOLED] == 8
    assert p.group_of("Legal") == POOLED


def test_when_every_department_is_pooled_only_the_organisation_is_shown():
    p = pool({"Sales": 6, "HR": 2}, 5)
    assert p.released and p.shown == [] and p.pooled == ["HR", "Sales"]
    assert p.groups == [ALL] and p.sizes == {ALL: 8}
    assert p.group_of("Sales") == ALL


def test_fewer_than_k_people_in_all_shows_nothing():
    p = pool({"Sales": 2, "HR": 2}, 5)
    assert not p.released and p.groups == [] and p.shown == [] and p.pooled == []
    assert p.group_of("Sales") is None


def test_k_is_never_below_the_surveys_floor_and_empty_departments_belong_nowhere():
    p = pool({"Sales": 4, "HR": 3, "Empty": 0}, 1)
    assert p.k == 3
    assert p.shown == ["Sales", "HR"] and p.pooled == [] and p.sizes == {ALL: 7, "Sales": 4, "HR": 3}
    assert not pool({"HR": 2}, 0).released
    assert p.group_of("Empty") is None and "Empty" not in p.pooled


def test_reserved_group_names_cannot_be_departments():
    with pytest.raises(UserError, match="All departments"):
        pool({ALL: 10}, 5)
    with pytest.raises(UserError, match="pooled"):
        pool({POOLED: 10, "Sales": 5}, 5)


# properties ----------------------------------------------------------------------------------------------
@st.composite
def populations(draw):
    sizes = draw(st.lists(st.integers(0, 30), min_size=1, max_size=12))
    departments = {f"p{d}-{i}": f"Dept {d}" for d, n in enumerate(sizes) for i in range(n)}
    people = sorted(departments) + ["stranger-1", "stranger-2"]  # two not in the directory
    tools = TOOLS[:draw(st.integers(1, 3))]
    pair = st.tuples(st.sampled_from(people), st.sampled_from(tools))
    active = draw(st.lists(pair, max_size=200))
    licensed = draw(st.lists(pair, max_size=200))
    return departments, active, licensed, draw(st.integers(3, 10))


def atoms(sets: list[frozenset[str]]) -> list[int]:
    """Sizes of the classes of people who belong to exactly the same of ``sets`` (those in none left out)."""
    signature: dict[str, list[int]] = defaultdict(list)
    for i, members in enumerate(sets):
        for person in members:
            signature[person].append(i)
    classes: dict[tuple[int, ...], int] = defaultdict(int)
    for sig in signature.values():
        classes[tuple(sig)] += 1
    return list(classes.values())


def members_of(population: dict[str, str], pooled: list[str]):
    """The people of a shown group, from the raw data: everyone for ALL, the pooled departments' for POOLED."""
    def members(group: str) -> frozenset[str]:
        if group == ALL:
            return frozenset(population)
        wanted = set(pooled) if group == POOLED else {group}
        return frozenset(p for p, d in population.items() if d in wanted)
    return members


def check_groups(population: dict[str, str], label_members, rows, k: int, named: set[str], pooled: list[str]):
    """``population``: person -> department of the people the rows are about; ``rows``: (group, tool,
    count, size). Works out each group's people from the raw data and checks the rule."""
    groups = {r[0] for r in rows}
    members = {g: label_members(g) for g in groups}
    for group, _tool, count, size in rows:
        assert size == len(members[group]) >= k, (group, size)
        assert 0 <= count <= size
    if not rows:
        return
    assert set(members[ALL]) == set(population)
    parts = [members[g] for g in groups - {ALL}]
    if parts:  # the named groups (POOLED among them) are disjoint and cover everyone
        assert sum(len(m) for m in parts) == len(members[ALL])
        assert frozenset().union(*parts) == members[ALL]
    else:  # only the organisation is shown: every department was pooled into it
        assert {population[p] for p in population} == set(pooled)
    for g in groups - {ALL}:
        assert len(members[ALL]) - len(members[g]) == 0 or len(members[ALL]) - len(members[g]) >= k
    assert all(n >= k for n in atoms(list(members.values())))
    assert not (named & set(pooled))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(populations())
def test_no_adoption_figure_or_difference_of_figures_rests_on_fewer_than_k(case):
    departments, active, _, k = case
    r = rollup(active, departments, k)
    total = len(departments)
    assert r.released == (total >= k)
    if not r.released:
        assert r.figures == []
        return
    named = {f.department for f in r.figures} - {ALL, POOLED}
    members = members_of(departments, r.pooled)

    rows = [(f.department, f.tool, f.active, f.eligible) for f in r.figures]
    check_groups(departments, members, rows, r.k, named, r.pooled)
    present = {d for d in departments.values()}
    assert named | set(r.pooled) == present  # every department is named or pooled, none twice
    for f in r.figures:  # the counts themselves, from the raw pairs
        wanted = {p for p, t in active if p in members(f.department) and (f.tool == ANY or t == f.tool)}
        assert f.active == len(wanted), f
    assert r.unmatched == len({p for p, _ in active if p not in departments})
    for tool in {t for p, t in active if p in departments} | {ANY}:
        shown = [f for f in r.figures if f.tool == tool]
        whole = next(f for f in shown if f.department == ALL)
        assert sum(f.eligible for f in shown if f.department != ALL) in (0, whole.eligible)
        assert sum(f.active for f in shown if f.department != ALL) in (0, whole.active)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(populations())
def test_unused_licence_figures_follow_the_rule_over_each_tools_licence_holders(case):
    departments, active, licensed, k = case
    u = inactive_licensed(licensed, active, departments, k)
    used = set(active)
    held = defaultdict(set)
    for person, tool in licensed:
        if person in departments:
            held[tool].add(person)
    assert set(u.withheld) == {t for t, people in held.items() if len(people) < u.k}
    assert set(u.pooled) == {t for t, people in held.items() if len(people) >= u.k}
    assert u.unmatched == len({p for p, _ in licensed if p not in departments})
    for tool, people in held.items():
        rows = u.for_tool(tool)
        assert bool(rows) == (tool not in u.withheld)
        population = {p: departments[p] for p in people}
        pooled = u.pooled.get(tool, [])
        named = {r.department for r in rows} - {ALL, POOLED}
        members = members_of(population, pooled)

        check_groups(population, members, [(r.department, r.tool, r.inactive, r.licensed) for r in rows], u.k,
                     named, pooled)
        for r in rows:
            assert r.inactive == len({p for p in members(r.department) if (p, tool) not in used}), r
