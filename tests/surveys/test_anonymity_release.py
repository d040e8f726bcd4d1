"""The release partition worked by hand, the review's two attacks (across filters and over time) as
regressions, and where each caller meets the "results once closed" rule."""

from __future__ import annotations

import random
from itertools import product

import pytest

from bot.surveys import anonymity
from bot.surveys.analytics import Answered, ResultsAnalysis
from bot.surveys.audience import users_only
from bot.surveys.definition import Definition, Question, SurveyError
from tests.conftest import cli_env, run_coach
from tests.surveys.conftest import new_survey, tam_answers
from tests.surveys.test_anonymity_properties import small_atoms

USERS = [f"U0PERSON{i:02d}" for i in range(12)]

# 20 people: Sales and Ops 10 each; tool A/B/C; with k = 5 (see test_partition_by_hand)
TOOLS = ["A"] * 5 + ["B"] * 5 + ["A"] * 5 + ["B"] * 3 + ["C"] * 2
ROWS = [{"department": "Sales" if i < 10 else "Ops", "tool": t} for i, t in enumerate(TOOLS)]


def test_partition_by_hand():
    p = anonymity.build(ROWS, ["department", "tool"], 5)
    # department: Sales 10 and Ops 10 are both named, nothing is left over.
    # tool: A 10, B 8 and C 2 overall, so V starts as {A, B}. Ops has only 3 Bs, so B is dropped. With V = {A}
    # every block splits into A (5, 5) and a rest (Sales 5 Bs; Ops 3 Bs + 2 Cs) of 5: kept, naming A only.
    assert (p.kept, p.shown, p.refused) == (["department", "tool"], {"department": ["Ops", "Sales"],
                                                                      "tool": ["A"]}, [])
    assert sorted(p.stages[-1].count(b) for b in set(p.stages[-1])) == [5, 5, 5, 5]
    assert p.allows({"department": "Ops", "tool": "A"}) and not p.allows({"tool": "B"})
    assert "Values tool can be filtered on: A." in p.reason({"tool": "B"})
    assert (p.depth({}), p.depth({"department": "Ops"}), p.depth({"tool": "A"})) == (0, 1, 2)
    # answers of the 10 with tool A: 5 per final block; 6 people, 3 per department: the whole survey only
    assert p.level_of([i for i, t in enumerate(TOOLS) if t == "A"]) == 2
    assert p.level_of([0, 1, 2, 10, 11, 12]) == 0
    assert p.level_of([0, 1]) is None


def test_a_dimension_is_refused_when_any_of_its_groups_would_stay_under_k():
    # Legal (2) and HR (2) together are 4: the smallest named value, Ops, joins them (rest 9)
    rows = [{"department": d} for d in ["Sales"] * 6 + ["Ops"] * 5 + ["Legal"] * 2 + ["HR"] * 2]
    # use: Sales has one "weekly", so weekly is dropped; then Sales' rest holds that one person: refused
    for row, use in zip(rows, ["daily"] * 5 + ["weekly"] + ["daily"] * 4 + ["weekly"] * 5):
        row["use"] = use
    p = anonymity.build(rows, ["department", "use"], 5)
    assert (p.shown, p.refused) == ({"department": ["Sales"]}, ["use"])
    assert "use cannot be used as a filter" in p.reason({"use": "daily"})
    assert anonymity.view_allowed(rows, {"department": "Sales"}, 5)
    assert not anonymity.view_allowed(rows, {"department": "Ops"}, 5)
    # one partition whatever the view: on its own, use splits 9/6, but next to the departments it cannot
    assert not anonymity.view_allowed(rows, {"use": "daily"}, 5)
    assert not anonymity.build(rows[:4], [], 5).released  # 4 responses: nothing at all


# the review's differencing attack (/tmp/audit/5/attack_e2e.py): 31 responses, k = 5
AUDIT_ROWS = [('B', 'x'), ('B', 'x'), ('B', 'x'), ('A', 'z'), ('A', 'x'), ('A', 'x'), ('B', 'x'), ('C', 'x'),
              ('C', 'x'), ('B', 'x'), ('C', 'x'), ('A', 'z'), ('A', 'x'), ('B', 'y'), ('B', 'x'), ('C', 'y'),
              ('B', 'x'), ('C', 'y'), ('A', 'y'), ('B', 'y'), ('B', 'y'), ('C', 'x'), ('A', 'x'), ('B', 'z'),
              ('A', 'y'), ('C', 'x'), ('A', 'z'), ('B', 'z'), ('A', 'x'), ('A', 'x'), ('A', 'y')]
AUDIT_SURVEY = Definition([Question("use", "single", "Use?", options=("x", "y", "z")),
                           Question("u1", "likert", "U1", construct="useful"),
                           Question("u2", "likert", "U2", construct="useful")])


def _audit_analyzer() -> tuple[ResultsAnalysis, list[Answered]]:
    rng = random.Random(1)
    responses = []
    for dept, use in AUDIT_ROWS:
        score = 1 if (dept, use) == ("C", "y") else rng.randint(4, 7)  # the two C/y people are unhappy
        responses.append(Answered(dept, {"use": use, "u1": score, "u2": score}))
    return ResultsAnalysis(AUDIT_SURVEY, responses, 5), responses


def test_the_reviews_differencing_attack_no_longer_adds_up():
    """{C} − {x} + {A, x} + {B, x} was the two C/y people's scores: now at least one of the four is refused,
    and no combination of everything shown for this survey isolates fewer than 5 people."""
    analyzer, responses = _audit_analyzer()
    attack = [{"department": "C"}, {"use": "x"}, {"department": "A", "use": "x"}, {"department": "B", "use": "x"}]
    shown = [analyzer.results(1, "t", 1, 31, 31, conditions) for conditions in attack]
    assert any(r.n is None or not r.constructs for r in shown)
    released: set[frozenset[int]] = set()
    for dept, use in product([None, "A", "B", "C"], [None, "x", "y", "z"]):
        conditions = {k: v for k, v in (("department", dept), ("use", use)) if v}
        r = analyzer.results(1, "t", 1, 31, 31, conditions)
        views = [conditions] + [{**conditions, "department": s.value} for s in r.segments] if r.n else []
        for view in views:
            released.add(frozenset(i for i, x in enumerate(responses)
                                   if anonymity.matches({"department": x.department, "use": x.answers["use"]}, view)))
    assert released and not small_atoms(released, 5)


def test_whole_survey_comments_stay_when_a_department_has_few_commenters():
    """8 comments: 6 from Sales, 2 from Ops. A question's answers are released at the deepest stage of the
    partition where no block holds 1..k-1 of them: here the whole survey. So the comments are shown for
    everyone but not per department (Ops' 2 would be the whole list minus Sales'), the reason is given, and
    the department split of the scores stays (comments do not cost the split)."""
    survey = Definition([Question("u1", "likert", "U1"), Question("why", "text", "Why?", required=False)])
    responses = [Answered("Sales" if i < 10 else "Ops",
                          {"u1": 4, **({"why": f"note {i}"} if i < 6 or 10 <= i < 12 else {})}) for i in range(20)]
    analyzer = ResultsAnalysis(survey, responses, 5)
    everyone = analyzer.results(1, "t", 1, 20, 20, {})
    assert len(everyone.comments["why"]) == 8 and {s.value for s in everyone.segments} == {"Sales", "Ops"}
    sales = analyzer.results(1, "t", 1, 20, 20, {"department": "Sales"})
    assert sales.n == 10 and "why" not in sales.comments
    assert any(note.startswith("why: not shown with these filters") for note in sales.suppressed)


def _survey(container, clock, answers: int, **kw) -> int:
    sid = container.surveys.create(new_survey(clock, USERS, **kw))
    container.surveys.launch(sid, lambda _team: users_only)
    for i in range(answers):
        container.surveys.submit(sid, USERS[i], tam_answers(6, comment=f"note {i}"), "Sales")
    return sid


def test_an_open_anonymous_survey_gives_no_results_until_it_closes(container, clock, capsys, monkeypatch):
    """The review's time attack: results at 5 answers, then at 6, gave the sixth person's score and comment.
    While the survey is open nothing is given (the response rate stays live); once closed it never changes."""
    sid = _survey(container, clock, 5)
    with pytest.raises(SurveyError, match=f"Survey {sid} is anonymous and still open: .* once it closes"):
        container.surveys.results(sid)
    assert container.surveys.status(sid).responded == 5
    for args in (["results", str(sid), "--json"], ["export", str(sid), "--out", "-"]):
        code, out, err = run_coach(["survey", *args], capsys, monkeypatch, cli_env(container))
        assert code == 2 and "still open" in err and "Traceback" not in err and not out, args
    container.surveys.submit(sid, USERS[5], tam_answers(1, comment="my manager forces this on me"), "Sales")
    container.surveys.close(sid)
    r = container.surveys.results(sid)
    assert r.n == 6 and "my manager forces this on me" in r.comments["comment"]
    draft = container.surveys.create(new_survey(clock, USERS))
    with pytest.raises(SurveyError, match="anonymous and not open yet"):
        container.surveys.results(draft)


def test_attributed_surveys_keep_live_results_under_k(container, clock):
    sid = _survey(container, clock, 5, anonymous=False)
    assert container.surveys.results(sid).n == 5
    assert _survey(container, clock, 4, anonymous=False, title="small") and \
        container.surveys.results(sid + 1).n is None


def test_an_open_earlier_wave_is_not_compared_until_it_closes(container, clock):
    first = _survey(container, clock, 5)
    second = _survey(container, clock, 5)
    container.surveys.close(second)
    r = container.surveys.results(second)
    assert r.previous_wave is None and all(c.change is None for c in r.constructs)
    container.surveys.close(first)
    assert container.surveys.results(second).previous_wave == 1
