"""What the results say besides their figures (notes, segment lists, filterable values, counts) cannot reveal
the answer of someone in a department under k.

The review's attack: Sales 10 and Engineering 10 (half "Daily", half "Weekly") and Legal 1. Results filtered on
q1=Daily said "2 department(s) are folded out" and q1=Weekly "1": the number of departments in a filtered view
told HR, who knows the org chart, what the one Legal person answered.

The property test swaps the answers of a person p in a department under k with those of a person q in a
department the results never name (the two are then in the same group of at least k for every figure: the
"other departments" at the first split). Every count of such a group stays the same, so if the whole output,
for every filter view, is not identical, something in it rests on p's own answer."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot.surveys.analytics import Answered, ResultsAnalysis
from bot.surveys.audience import users_only
from bot.surveys.quick import parse_questions
from tests.surveys.conftest import new_survey
from tests.surveys.test_anonymity_properties import (
    DEFINITION,
    UNKNOWN,
    _views,
    response,
)

USERS = [f"U0PERSON{i:02d}" for i in range(21)]
DEPARTMENTS = ["Sales"] * 10 + ["Engineering"] * 10 + ["Legal"]


def _closed_survey(container, clock, legal: str, engineer: str = "Weekly") -> int:
    """The review's survey: Sales and Engineering 10 each (5 Daily, 5 Weekly), Legal 1; the first engineer and
    the Legal person answer ``engineer`` and ``legal``, everybody else as above."""
    sid = container.surveys.create(new_survey(clock, USERS, template=None, series=f"{legal}-{engineer}",
                                              definition=parse_questions("single: How often do you use it? | "
                                                                         "Daily | Weekly\nlikert (fit): It fits")))
    container.surveys.launch(sid, lambda _team: users_only)
    for i, (user, department) in enumerate(zip(USERS, DEPARTMENTS)):
        use = legal if department == "Legal" else engineer if i == 10 else ("Daily" if i % 2 else "Weekly")
        container.surveys.submit(sid, user, {"q1": use, "q2": 5}, department)
    container.surveys.close(sid)
    return sid


def _said(container, sid) -> dict[str, dict]:
    """The results filtered on each answer to q1 (each survey its own series: wave 1, nothing to compare)."""
    return {use: container.surveys.results(sid, {"q1": use}).to_json() | {"survey_id": None}
            for use in ("Daily", "Weekly")}


def test_the_legal_persons_answer_does_not_change_the_notes(container, clock):
    daily = _said(container, _closed_survey(container, clock, "Daily"))
    weekly = _said(container, _closed_survey(container, clock, "Weekly"))
    for use in ("Daily", "Weekly"):
        assert [s["value"] for s in daily[use]["segments"]] == ["Sales"]  # Engineering is folded (Legal is 1)
        for key in ("suppressed", "segments", "filters"):
            assert daily[use][key] == weekly[use][key], (use, key)
        # values filters may name: the same (listed the most answered first, a count of a group of at least k)
        assert {d: set(v) for d, v in daily[use]["filterable"].items()} == \
            {d: set(v) for d, v in weekly[use]["filterable"].items()}
        assert not any("department(s)" in note for note in daily[use]["suppressed"])
        # what does change is the count of a whole group of at least k: the "other departments" who said it
        rest = daily[use]["n"] - sum(s["n"] for s in daily[use]["segments"])
        assert daily[use]["other_departments_n"] == rest >= 5


def test_swapping_the_legal_persons_answer_with_an_engineers_changes_nothing(container, clock):
    """The same counts for every group of at least k, only Legal's and one engineer's answers swapped: the
    results cannot tell the two apart."""
    assert _said(container, _closed_survey(container, clock, "Daily", "Weekly")) == \
        _said(container, _closed_survey(container, clock, "Weekly", "Daily"))


def _rounded(value):
    """JSON with floats rounded: the same people summed in another order may differ in the last bit."""
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def _everything(analyzer: ResultsAnalysis, size: int) -> dict[tuple, dict]:
    return {tuple(sorted(c.items())): _rounded(analyzer.results(1, "t", 1, size, size, c).to_json())
            for c in _views()}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(response, min_size=5, max_size=45), st.integers(3, 6), st.data())
def test_an_answer_from_a_department_under_k_shows_only_through_groups_of_k(responses, k, data):
    analyzer = ResultsAnalysis(DEFINITION, responses, k)
    sizes = Counter(r.department for r in responses)
    small = [i for i, r in enumerate(responses) if sizes[r.department] < analyzer.k]
    assume(small)
    p = data.draw(st.sampled_from(small), label="person in a department under k")
    named = set(analyzer.partition.shown.get("department", []))
    assert (responses[p].department or UNKNOWN) not in named
    others = [i for i, r in enumerate(responses) if i != p and (r.department or UNKNOWN) not in named]
    assume(others)
    q = data.draw(st.sampled_from(others), label="person in a department never named")
    swapped = list(responses)
    swapped[p] = Answered(responses[p].department, responses[q].answers)
    swapped[q] = Answered(responses[q].department, responses[p].answers)
    before, after = _everything(analyzer, len(responses)), _everything(ResultsAnalysis(DEFINITION, swapped, k),
                                                                        len(responses))
    for view, shown in before.items():
        assert shown == after[view], view
