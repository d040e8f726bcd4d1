"""Survey scores for the KPIs (SurveyService.kpi_scores): TAM / UTAUT person means with reverse-coded items,
eNPS, the k rule (default k = 5 here), departments, the answer's week as its date, pooling of surveys."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from bot.surveys.audience import users_only
from bot.surveys.definition import Definition, Question
from tests.surveys.conftest import new_survey

USERS = [f"U0PERSON{i:02d}" for i in range(20)]
WEEK = date(2026, 11, 2)  # the conftest clock's Monday
NEXT = WEEK + timedelta(days=7)


def tam(agree: int, reverse_items: int) -> dict:
    """pu1–pu3 and eou1–eou3 answered ``agree``; the reverse-coded pu4 and eou4 answered ``reverse_items``."""
    return {**{f"pu{i}": agree for i in (1, 2, 3)}, **{f"eou{i}": agree for i in (1, 2, 3)},
            "pu4": reverse_items, "eou4": reverse_items}


def utaut(agree: int, reverse_items: int) -> dict:
    items = [f"{c}{i}" for c in ("pe", "ee", "si", "fc", "bi") for i in (1, 2, 3)]
    return {q: reverse_items if q in ("ee3", "fc3") else agree for q in items}


def launch(container, clock, template="tam", users=USERS, **kw) -> int:
    sid = container.surveys.create(new_survey(clock, users, template=template, days=kw.pop("days", 30), **kw))
    container.surveys.launch(sid, users_only)
    return sid


def answer(container, sid, answers: list[dict], departments=None, first=0) -> None:
    departments = departments or [None] * len(answers)
    for i, (a, dept) in enumerate(zip(answers, departments)):
        container.surveys.submit(sid, USERS[first + i], a, dept)


def scores(container, start=WEEK, end=NEXT, department=None) -> dict:
    return container.surveys.kpi_scores(start, end, department)


def test_tam_is_the_mean_of_person_means_with_reverse_items_flipped(container, clock):
    sid = launch(container, clock)
    # person means: (6·agree + 2·(8 − reverse)) / 8 → 7.0, 6.0, 4.5, 4.0, 2.5; their mean is 4.8
    # (read without flipping pu4 and eou4 the same answers would give 4.7)
    answer(container, sid, [tam(7, 1), tam(6, 2), tam(5, 5), tam(4, 4), tam(3, 7)])
    assert scores(container) == {"survey_tam": pytest.approx(4.8)}


def test_utaut_uses_all_five_constructs_with_its_two_reverse_items(container, clock):
    sid = launch(container, clock, template="utaut")
    # 13 items as answered and ee3, fc3 flipped: (13·6 + 2·6) / 15 = 6.0 three times, (13·3 + 2·5) / 15 = 49/15
    # twice; mean (18 + 98/15) / 5 = 368/75
    answer(container, sid, [utaut(6, 2)] * 3 + [utaut(3, 3)] * 2)
    assert scores(container) == {"survey_utaut": pytest.approx(368 / 75)}


def test_enps_is_promoters_minus_detractors_in_percent(container, clock):
    sid = launch(container, clock, template="enps")
    answer(container, sid, [{"recommend": v} for v in (10, 9, 8, 6, 3, 10)])  # 3 promoters, 1 passive, 2 detractors
    assert scores(container) == {"survey_enps": pytest.approx(100 * (3 - 2) / 6)}


def test_a_score_needs_k_answers(container, clock):
    assert container.surveys.k == 5
    tam_id, enps_id = launch(container, clock), launch(container, clock, template="enps")
    answer(container, tam_id, [tam(5, 3)] * 4)
    answer(container, enps_id, [{"recommend": 9}] * 4)
    assert scores(container) == {}  # k − 1 answers: nothing
    answer(container, tam_id, [tam(5, 3)], first=4)
    assert scores(container) == {"survey_tam": pytest.approx(5.0)}  # k answers: shown
    answer(container, enps_id, [{"recommend": 9}], first=4)
    assert scores(container) == {"survey_tam": pytest.approx(5.0), "survey_enps": pytest.approx(100.0)}


def test_a_department_is_shown_only_when_it_and_the_rest_can_be(container, clock):
    sid = launch(container, clock)
    depts = ["Sales"] * 6 + ["Finance"] * 5 + ["Legal"] * 2
    answer(container, sid, [tam(6, 2)] * 6 + [tam(3, 5)] * 7, depts)
    assert scores(container) == {"survey_tam": pytest.approx((6 * 6.0 + 7 * 3.0) / 13)}
    assert scores(container, department="Sales") == {"survey_tam": pytest.approx(6.0)}
    assert scores(container, department="Legal") == {}  # 2 answers, under k
    # Finance has k answers, but showing it beside Sales would leave Legal's two as organisation − both:
    # the same secondary suppression the survey report applies to its department split
    assert scores(container, department="Finance") == {}
    assert scores(container, department="sales") == {}  # departments match exactly, as the KPI side's do
    assert scores(container, department="Marketing") == {}


def test_a_department_of_k_is_hidden_when_the_rest_is_under_k(container, clock):
    sid = launch(container, clock)
    answer(container, sid, [tam(6, 2)] * 5 + [tam(3, 5)] * 2, ["Sales"] * 5 + [None] * 2)
    assert scores(container, department="Sales") == {}  # organisation − Sales would show two people
    assert "survey_tam" in scores(container)


def test_answers_count_by_their_week_and_the_end_is_exclusive(container, clock):
    clock.now = datetime(2026, 10, 26, 9, tzinfo=timezone.utc)  # Monday
    sid = launch(container, clock, template="enps")
    clock.now = datetime(2026, 11, 1, 22, tzinfo=timezone.utc)  # Sunday: still the week of 26 October
    answer(container, sid, [{"recommend": 10}] * 5)
    clock.now = datetime(2026, 11, 2, 0, 30, tzinfo=timezone.utc)  # Monday: a new week
    answer(container, sid, [{"recommend": 0}] * 5, first=5)
    october, november = (date(2026, 10, 1), date(2026, 11, 1)), (date(2026, 11, 1), date(2026, 12, 1))
    assert scores(container, *october) == {"survey_enps": 100.0}
    assert scores(container, *november) == {"survey_enps": -100.0}
    assert scores(container, date(2026, 10, 26), date(2026, 11, 2)) == {"survey_enps": 100.0}
    assert scores(container, date(2026, 10, 19), date(2026, 10, 26)) == {}  # [start, end): 26 Oct is out
    assert scores(container, date(2026, 10, 26), date(2026, 11, 9)) == {"survey_enps": 0.0}


def test_surveys_of_one_template_in_the_period_are_pooled(container, clock):
    first, second = launch(container, clock, title="Sales, AI tool"), launch(container, clock, title="Finance")
    answer(container, first, [tam(7, 1)] * 3)
    answer(container, second, [tam(4, 4)] * 3, first=3)
    assert scores(container) == {"survey_tam": pytest.approx((3 * 7.0 + 3 * 4.0) / 6)}  # 3 + 3 ≥ k together
    clock.advance(days=7)
    answer(container, first, [tam(1, 7)] * 4, first=6)  # the next week: not in the first week's pool
    assert scores(container) == {"survey_tam": pytest.approx(5.5)}
    assert scores(container, NEXT, NEXT + timedelta(days=7)) == {}  # four answers that week
    assert scores(container, WEEK, NEXT + timedelta(days=7)) == {"survey_tam": pytest.approx((21 + 12 + 4) / 10)}


def test_only_tam_utaut_and_enps_surveys_and_only_the_templates_constructs_count(container, clock):
    pulse = launch(container, clock, template="pulse")
    answer(container, pulse, [{"frequency": "Every day", "time_saved": "No time", "trust1": 7, "trust2": 1}] * 5)
    template = container.surveys.templates.get("tam").definition
    extra = Question("trust1", "likert", "I trust what the AI tool writes.", construct="trust")
    changed = Definition(template.questions + [extra], dict(template.constructs))
    sid = launch(container, clock, template="TAM", definition=changed)  # spelled as on the command line
    answer(container, sid, [{**tam(5, 3), "trust1": 1}] * 5, first=5)
    assert scores(container) == {"survey_tam": pytest.approx(5.0)}  # trust is not a TAM construct


def test_no_surveys_no_scores(container):
    assert scores(container) == {}
    assert scores(container, department="Sales") == {}
