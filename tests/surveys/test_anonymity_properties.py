"""Property tests: whatever the responses, k, and the filters asked for, nothing released by the survey
results — alone or added to and subtracted from everything else released — singles out 1..k-1 people.

The test asks ``ResultsAnalysis.results`` for every filter combination the survey offers (each dimension absent or
set to any value it can take), reads off every figure it shows (view sizes, constructs, items, eNPS,
comments, department segments), and works out from the raw responses, independently of
bot.surveys.anonymity, which people each figure rests on (checking the n shown against that set). Figures
on the same answers form a *family*: the views' sizes, then one family per question (a construct and its
items being one). Adding and subtracting the sets of one family gives vectors that are constant on the
family's *atoms* (the people who belong to exactly the same sets), so when every atom holds 0 or at least k
people no combination can isolate fewer than k. Figures of different families are computed from different
answers and cannot cancel one another out, so checking each family is enough."""

from collections import defaultdict
from itertools import product

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.surveys.analytics import Answered, ResultsAnalysis
from bot.surveys.definition import Definition, Question
from bot.surveys.export import export_rows

DEFINITION = Definition([
    Question("use", "single", "How often?", options=("daily", "weekly", "never")),
    Question("u1", "likert", "Useful 1", construct="useful"),
    Question("u2", "likert", "Useful 2", construct="useful", reverse=True, required=False),
    Question("rec", "nps", "Recommend?", required=False),
    Question("tools", "multi", "Tools", options=("a", "b", "c"), required=False),
    Question("why", "text", "Why?", required=False),
])
UNKNOWN = "(department not known)"
NO = "(no answer)"
# every value each dimension can take in the responses below, so every view there is gets asked for
VALUES = {"department": ["Sales", "Ops", "Legal", UNKNOWN], "use": ["daily", "weekly", "never"], "u1": ["1", "2"],
          "u2": [NO, "1", "2"], "rec": [NO, "3", "9"]}
GROUPS = {"useful": ("u1", "u2"), "use": ("use",), "rec": ("rec",), "tools": ("tools",), "why": ("why",)}

response = st.builds(
    lambda dept, use, u1, u2, rec, tools, why: Answered(dept, {k: v for k, v in {
        "use": use, "u1": u1, "u2": u2, "rec": rec, "tools": tools or None, "why": why}.items() if v is not None}),
    st.sampled_from(["Sales", "Sales", "Ops", "Ops", "Legal", None]), st.sampled_from(["daily", "daily", "weekly",
                                                                                       "never"]),
    st.integers(1, 2), st.one_of(st.none(), st.integers(1, 2), st.integers(1, 2)),
    st.one_of(st.none(), st.sampled_from([3, 9, 9])), st.lists(st.sampled_from(["a", "b", "c"]), unique=True,
                                                               max_size=2),
    st.one_of(st.none(), st.sampled_from(["note", "other note"])))


def _value(r: Answered, d: str) -> str:
    if d == "department":
        return r.department or UNKNOWN
    v = r.answers.get(d)
    return NO if v is None else str(v)


def _members(responses, conditions, answered=()):
    return frozenset(i for i, r in enumerate(responses)
                     if all(_value(r, d) == v for d, v in conditions.items())
                     and all(r.answers.get(q) is not None for q in answered))


def _views():
    dims = list(VALUES)
    for choice in product(*[[None, *VALUES[d]] for d in dims]):
        yield {d: v for d, v in zip(dims, choice) if v is not None}


def released(analyzer: ResultsAnalysis, responses) -> dict[str, set[frozenset[int]]]:
    """Every set of people a figure of the results rests on, by family, checked against the n shown."""
    families: dict[str, set[frozenset[int]]] = defaultdict(set)
    k = analyzer.k
    for conditions in _views():
        r = analyzer.results(1, "t", 1, len(responses), len(responses), conditions)
        if r.n is None:
            assert not (r.constructs or r.items or r.enps or r.comments or r.segments), conditions
            continue
        views = [(conditions, r.n, r.constructs and {"useful"}, r.enps and {"rec"})]
        for seg in r.segments:
            views.append(({**conditions, "department": seg.value}, seg.n, set(seg.constructs),
                          {"rec"} if seg.enps is not None else set()))
        for conds, n, constructs, enps in views:
            view = _members(responses, conds)
            assert len(view) == n >= k, (conds, n)
            families["views"].add(view)
            for name in set(constructs or ()) | set(enps or ()):
                families[name].add(_members(responses, conds, GROUPS[name]))
        for c in r.constructs:
            part = _members(responses, conditions, GROUPS["useful"])
            assert c.n == len(part) and sum(c.distribution.values()) == c.n
        for item in r.items:
            group = next(name for name, qids in GROUPS.items() if item.id in qids)
            part = _members(responses, conditions, GROUPS[group])
            assert item.n == len(part), (conditions, item.id)
            families[group].add(part)
        for e in r.enps:
            assert e.n == len(_members(responses, conditions, ["rec"])) == e.promoters + e.passives + e.detractors
        for qid, comments in r.comments.items():
            part = _members(responses, conditions, [qid])
            assert len(comments) == len(part) and comments == sorted(comments)  # no submission order
            families[qid].add(part)
        for row in export_rows(r):
            assert row["n"] == "" or int(row["n"]) >= k
    return families


def small_atoms(sets: set[frozenset[int]], k: int) -> list[frozenset[int]]:
    """Atoms of the sets (people in exactly the same sets) holding 1..k-1 people."""
    signature: dict[int, list[int]] = defaultdict(list)
    for number, members in enumerate(sorted(sets, key=sorted)):
        for person in members:
            signature[person].append(number)
    atoms: dict[tuple[int, ...], set[int]] = defaultdict(set)
    for person, where in signature.items():
        atoms[tuple(where)].add(person)
    return [frozenset(a) for a in atoms.values() if len(a) < k]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(response, max_size=45), st.integers(0, 6))
def test_no_combination_of_released_results_isolates_fewer_than_k(responses, k_setting):
    analyzer = ResultsAnalysis(DEFINITION, responses, k_setting)
    assert analyzer.k >= 3  # the floor holds whatever is configured
    for family, sets in released(analyzer, responses).items():
        assert not small_atoms(sets, analyzer.k), family


@settings(max_examples=150, deadline=None)
@given(st.lists(response, max_size=45), st.integers(3, 6))
def test_every_allowed_view_is_a_union_of_blocks_of_at_least_k(responses, k):
    """The partition's own invariants: blocks hold 0 or ≥ k responses, and each allowed view, each
    department segment and the rest of a split take whole blocks (membership worked out from the raw
    answers, not from the rows the partition was built on)."""
    analyzer = ResultsAnalysis(DEFINITION, responses, k)
    partition = analyzer.partition
    blocks: dict[int, set[int]] = defaultdict(set)
    for i, block in enumerate(partition.stages[-1]):
        blocks[block].add(i)
    if not partition.released:
        assert analyzer.results(1, "t", 1, 0, 0, {}).n is None
        return
    assert all(len(b) >= k for b in blocks.values())
    for conditions in _views():
        if not partition.allows(conditions):
            continue
        view = _members(responses, conditions)
        assert all(b <= view or not b & view for b in blocks.values()), conditions
        for value in partition.shown.get("department", []):
            seg = _members(responses, {**conditions, "department": value})
            assert all(b <= seg or not b & seg for b in blocks.values()), (conditions, value)


def test_the_atoms_check_finds_a_difference_of_two_views():
    """The check itself can fail: {Sales} and {Sales, use=daily} differ by one person."""
    assert small_atoms({frozenset(range(6)), frozenset(range(5))}, 3) == [frozenset({5})]
    assert small_atoms({frozenset(range(6)), frozenset(range(3))}, 3) == []
