"""Property tests: whatever the responses and the filters, no output rests on fewer than k responses, and no
difference between a shown view and a wider one (or between a view and its shown segments) isolates fewer
than k people. Checked by brute force, independently of bot.surveys.anonymity."""

from itertools import combinations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.surveys.analytics import Analyzer, Answered, rows_of
from bot.surveys.definition import Definition, Question
from bot.surveys.export import export_rows

DEFINITION = Definition([
    Question("use", "single", "How often?", options=("daily", "weekly", "never")),
    Question("u1", "likert", "Useful 1", construct="useful"),
    Question("u2", "likert", "Useful 2", construct="useful", reverse=True),
    Question("rec", "nps", "Recommend?", required=False),
    Question("tools", "multi", "Tools", options=("a", "b", "c"), required=False),
    Question("why", "text", "Why?", required=False),
])
DEPARTMENTS = ["Sales", "Ops", "Legal", None]

response = st.builds(
    lambda dept, use, u1, u2, rec, tools, why: Answered(dept, {k: v for k, v in {
        "use": use, "u1": u1, "u2": u2, "rec": rec, "tools": tools or None, "why": why}.items() if v is not None}),
    st.sampled_from(DEPARTMENTS), st.sampled_from(["daily", "weekly", "never"]), st.integers(1, 3),
    st.integers(1, 3), st.one_of(st.none(), st.integers(0, 10)),
    st.lists(st.sampled_from(["a", "b", "c"]), unique=True, max_size=3), st.one_of(st.none(), st.just("note")))

filters = st.fixed_dictionaries({}, optional={
    "department": st.sampled_from(["Sales", "Ops", "Legal", "(department not known)"]),
    "use": st.sampled_from(["daily", "weekly", "never"]),
    "u1": st.sampled_from(["1", "2", "3"]),
    "rec": st.sampled_from(["0", "9", "10", "(no answer)"]),
})


def _match(row, conds):
    return all(row.get(d) == v for d, v in conds.items())


def _subsets(conds):
    names = sorted(conds)
    for r in range(len(names) + 1):
        for inside in combinations(names, r):
            yield {d: conds[d] for d in inside}


def _assert_view_is_safe(rows, conds, k):
    """The view rests on ≥ k; every wider view differs from it by 0 or ≥ k; every atom of the views of
    the filter subsets is empty or ≥ k (so inclusion–exclusion between them cannot isolate < k people)."""
    view = [r for r in rows if _match(r, conds)]
    assert len(view) >= k
    for sub in _subsets(conds):
        wider = [r for r in rows if _match(r, sub)]
        diff = len(wider) - len(view)
        assert diff == 0 or diff >= k, (sub, conds, diff)
    names = sorted(conds)
    for sub in _subsets(conds):
        outside = [d for d in names if d not in sub]
        atom = [r for r in rows if _match(r, sub) and not any(r.get(d) == conds[d] for d in outside)]
        assert len(atom) == 0 or len(atom) >= k, (sub, conds, len(atom))


def _answering(responses, qids):
    return [i for i, r in enumerate(responses) if all(r.answers.get(q) is not None for q in qids)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(response, max_size=40), filters, st.integers(0, 7))
def test_no_output_rests_on_fewer_than_k_responses(responses, conds, k_setting):
    analyzer = Analyzer(DEFINITION, responses, k_setting)
    k = analyzer.k
    assert k >= 3  # the floor holds whatever is configured
    rows = rows_of(DEFINITION, responses)
    r = analyzer.results(1, "t", 1, len(responses), len(responses), conds)
    if r.n is None:
        assert not (r.constructs or r.items or r.enps or r.comments or r.segments)
        return
    _assert_view_is_safe(rows, conds, k)
    assert r.n == sum(1 for row in rows if _match(row, conds))

    def part_safe(qids, n):
        among = [rows[i] for i in _answering(responses, qids)]
        assert n >= k
        _assert_view_is_safe(among, conds, k)
        assert n == sum(1 for row in among if _match(row, conds))

    for c in r.constructs:
        part_safe(["u1", "u2"], c.n)
        assert sum(c.distribution.values()) == c.n
    for item in r.items:
        part_safe([item.id], item.n)
        if item.kind != "multi":
            assert sum(item.distribution.values()) == item.n
    for e in r.enps:
        part_safe([e.id], e.n)
        assert e.promoters + e.passives + e.detractors == e.n
    for qid, comments in r.comments.items():
        part_safe([qid], len(_answering(responses, [qid])) and sum(
            1 for i in _answering(responses, [qid]) if _match(rows[i], conds)))
        assert comments == sorted(comments)  # no submission order
    shown = 0
    for seg in r.segments:
        assert seg.n >= k
        _assert_view_is_safe(rows, {**conds, "department": seg.value}, k)
        shown += seg.n
    if r.segments:  # what the hidden departments hold together cannot be worked out below k either
        rest = r.n - shown
        assert rest == 0 or rest >= k
    for row in export_rows(r):
        assert row["n"] == "" or int(row["n"]) >= k


@settings(max_examples=150, deadline=None)
@given(st.lists(response, min_size=0, max_size=30), st.integers(3, 6))
def test_department_filters_cannot_be_subtracted_from_the_total(responses, k):
    """Asking for every department one by one never lets 'total minus the shown departments' fall in 1..k-1."""
    analyzer = Analyzer(DEFINITION, responses, k)
    total = analyzer.results(1, "t", 1, 0, 0, {})
    if total.n is None:
        return
    shown = [analyzer.results(1, "t", 1, 0, 0, {"department": d}).n for d in
             ["Sales", "Ops", "Legal", "(department not known)"]]
    rest = total.n - sum(n for n in shown if n is not None)
    assert rest == 0 or rest >= k
