"""Survey scores for the KPIs (SurveyService.kpi_scores): TAM / UTAUT person means with reverse-coded items,
eNPS, the k rule (default k = 5 here) applied to each closed survey on its own, departments, a survey dated by
the day it closed, and why no two scores shown can be subtracted to single out fewer than k answers."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.surveys.audience import users_only
from bot.surveys.definition import Definition, Question
from tests.surveys.conftest import new_survey

USERS = [f"U0PERSON{i:02d}" for i in range(20)]
NOVEMBER = (date(2026, 11, 1), date(2026, 12, 1))  # the conftest clock starts on Monday 2 November 2026
DECEMBER = (date(2026, 12, 1), date(2027, 1, 1))


def tam(agree: int, reverse_items: int) -> dict:
    """pu1–pu3 and eou1–eou3 answered ``agree``; the reverse-coded pu4 and eou4 answered ``reverse_items``."""
    return {**{f"pu{i}": agree for i in (1, 2, 3)}, **{f"eou{i}": agree for i in (1, 2, 3)},
            "pu4": reverse_items, "eou4": reverse_items}


def utaut(agree: int, reverse_items: int) -> dict:
    items = [f"{c}{i}" for c in ("pe", "ee", "si", "fc", "bi") for i in (1, 2, 3)]
    return {q: reverse_items if q in ("ee3", "fc3") else agree for q in items}


def launch(container, clock, template="tam", users=USERS, **kw) -> int:
    sid = container.surveys.create(new_survey(clock, users, template=template, days=kw.pop("days", 30), **kw))
    container.surveys.launch(sid, lambda _team: users_only)
    return sid


def answer(container, sid, answers: list[dict], departments=None, first=0) -> None:
    departments = departments or [None] * len(answers)
    for i, (a, dept) in enumerate(zip(answers, departments)):
        container.surveys.submit(sid, USERS[first + i], a, dept)


def close(container, clock, *sids, at: datetime | None = None) -> None:
    if at is not None:
        clock.now = at
    for sid in sids:
        container.surveys.close(sid)


def scores(container, period=NOVEMBER, department=None) -> dict:
    return container.surveys.kpi_scores(*period, department)


def test_tam_is_the_mean_of_person_means_with_reverse_items_flipped(container, clock):
    sid = launch(container, clock)
    # person means: (6·agree + 2·(8 − reverse)) / 8 → 7.0, 6.0, 4.5, 4.0, 2.5; their mean is 4.8
    # (read without flipping pu4 and eou4 the same answers would give 4.7)
    answer(container, sid, [tam(7, 1), tam(6, 2), tam(5, 5), tam(4, 4), tam(3, 7)])
    close(container, clock, sid)
    assert scores(container) == {"survey_tam": pytest.approx(4.8)}


def test_utaut_uses_all_five_constructs_with_its_two_reverse_items(container, clock):
    sid = launch(container, clock, template="utaut")
    # 13 items as answered and ee3, fc3 flipped: (13·6 + 2·6) / 15 = 6.0 three times, (13·3 + 2·5) / 15 = 49/15
    # twice; mean (18 + 98/15) / 5 = 368/75
    answer(container, sid, [utaut(6, 2)] * 3 + [utaut(3, 3)] * 2)
    close(container, clock, sid)
    assert scores(container) == {"survey_utaut": pytest.approx(368 / 75)}


def test_enps_is_promoters_minus_detractors_in_percent(container, clock):
    sid = launch(container, clock, template="enps")
    answer(container, sid, [{"recommend": v} for v in (10, 9, 8, 6, 3, 10)])  # 3 promoters, 1 passive, 2 detractors
    close(container, clock, sid)
    assert scores(container) == {"survey_enps": pytest.approx(100 * (3 - 2) / 6)}


def test_a_closed_survey_needs_k_answers(container, clock):
    assert container.surveys.k == 5
    tam_id, enps_id = launch(container, clock), launch(container, clock, template="enps")
    answer(container, tam_id, [tam(5, 3)] * 5)  # k
    answer(container, enps_id, [{"recommend": 9}] * 4)  # k − 1
    close(container, clock, tam_id, enps_id)
    assert scores(container) == {"survey_tam": pytest.approx(5.0)}


def test_an_open_survey_never_counts(container, clock):
    sid = launch(container, clock, days=10)
    answer(container, sid, [tam(6, 2)] * 12)
    assert scores(container) == {}
    assert scores(container, (date(2000, 1, 1), date(2100, 1, 1))) == {}
    clock.advance(days=11)  # past its closing date, but the scheduler has not closed it yet: still not closed
    assert scores(container) == {}
    assert container.surveys.close_due(clock.now) == [sid]
    assert scores(container) == {"survey_tam": pytest.approx(6.0)}


def test_only_surveys_that_pass_on_their_own_are_pooled(container, clock):
    low, high = launch(container, clock, title="Finance"), launch(container, clock, title="Sales")
    answer(container, low, [tam(1, 7)] * 4)  # k − 1 answers, person means 1.0
    answer(container, high, [tam(7, 1)] * 5, first=4)  # k answers, person means 7.0
    close(container, clock, low, high)
    # 9 answers together, but the survey of four is left out: the value is the k-survey's alone
    assert scores(container) == {"survey_tam": pytest.approx(7.0)}


def test_surveys_that_each_pass_are_pooled_and_small_ones_never_add_up(container, clock):
    first, second = launch(container, clock, title="Sales"), launch(container, clock, title="Finance")
    answer(container, first, [tam(7, 1)] * 5)
    answer(container, second, [tam(4, 4)] * 6, first=5)
    small = [launch(container, clock, title=f"Team {i}", template="enps") for i in range(2)]
    for i, sid in enumerate(small):
        answer(container, sid, [{"recommend": 10}] * 3, first=3 * i)  # 3 + 3 ≥ k, but neither alone
    close(container, clock, first, second, *small)
    assert scores(container) == {"survey_tam": pytest.approx((5 * 7.0 + 6 * 4.0) / 11)}


def test_a_survey_belongs_to_the_period_it_closed_in_by_utc_date(container, clock):
    ends_november, starts_december = launch(container, clock, template="enps"), launch(container, clock)
    answer(container, ends_november, [{"recommend": 10}] * 5)
    answer(container, starts_december, [tam(6, 2)] * 5)
    close(container, clock, ends_november, at=datetime(2026, 11, 30, 23, 59, tzinfo=timezone.utc))
    close(container, clock, starts_december, at=datetime(2026, 12, 1, 0, 0, tzinfo=timezone.utc))
    assert scores(container, NOVEMBER) == {"survey_enps": 100.0}
    assert scores(container, DECEMBER) == {"survey_tam": pytest.approx(6.0)}
    assert scores(container, (date(2026, 11, 30), date(2026, 12, 1))) == {"survey_enps": 100.0}  # end exclusive
    assert scores(container, (date(2026, 11, 1), date(2026, 11, 30))) == {}
    assert scores(container, (date(2026, 11, 30), date(2026, 12, 2))) == {"survey_enps": 100.0,
                                                                         "survey_tam": pytest.approx(6.0)}


def test_a_clock_in_another_time_zone_still_dates_the_close_in_utc(container, clock):
    sid = launch(container, clock, template="enps")
    answer(container, sid, [{"recommend": 0}] * 5)
    # 00:30 on 1 December in Berlin is 23:30 on 30 November UTC: a November survey
    close(container, clock, sid, at=datetime(2026, 12, 1, 0, 30, tzinfo=ZoneInfo("Europe/Berlin")))
    assert scores(container, NOVEMBER) == {"survey_enps": -100.0}
    assert scores(container, DECEMBER) == {}


def test_a_department_is_shown_only_when_it_and_the_rest_can_be(container, clock):
    sid = launch(container, clock)
    depts = ["Sales"] * 6 + ["Finance"] * 5 + ["Legal"] * 2
    answer(container, sid, [tam(6, 2)] * 6 + [tam(3, 5)] * 7, depts)
    close(container, clock, sid)
    assert scores(container) == {"survey_tam": pytest.approx((6 * 6.0 + 7 * 3.0) / 13)}
    assert scores(container, department="Sales") == {"survey_tam": pytest.approx(6.0)}
    assert scores(container, department="Legal") == {}  # 2 answers, under k
    # Finance has k answers, but showing it beside Sales would leave Legal's two as organisation − both:
    # the same secondary suppression the survey report applies to its department split
    assert scores(container, department="Finance") == {}
    assert scores(container, department="sales") == {}  # departments match exactly, as the KPI side's do
    assert scores(container, department="Marketing") == {}


def test_a_department_counts_only_surveys_where_it_and_the_rest_pass(container, clock):
    mixed, other = launch(container, clock, title="Mixed"), launch(container, clock, title="Other")
    # "mixed": 5 from Sales and 2 others — organisation − Sales would show two people, so for Sales it is out
    answer(container, mixed, [tam(2, 6)] * 5 + [tam(3, 5)] * 2, ["Sales"] * 5 + [None] * 2)
    # "other": 5 from Sales and 5 from Finance: both sides pass
    answer(container, other, [tam(7, 1)] * 5 + [tam(4, 4)] * 5, ["Sales"] * 5 + ["Finance"] * 5, first=7)
    close(container, clock, mixed, other)
    # pooled, Sales would hold 10 and the rest 7 (both ≥ k), yet "mixed" does not pass on its own
    assert scores(container, department="Sales") == {"survey_tam": pytest.approx(7.0)}
    assert scores(container, department="Finance") == {"survey_tam": pytest.approx(4.0)}
    # the organisation takes both whole surveys: organisation − Sales is "mixed" whole (7) plus Finance (5)
    assert scores(container) == {"survey_tam": pytest.approx((5 * 2.0 + 2 * 3.0 + 5 * 7.0 + 5 * 4.0) / 17)}


def test_overlapping_periods_and_repeated_measurements_cannot_single_anyone_out(container, clock):
    """The old attacks. Under answer-week pooling, a week showing 5 answers beside a month showing 6 gave away
    the sixth answer, and so did one month measured on two Mondays (5 answers, then 6) while a survey was open."""
    week = (date(2026, 11, 2), date(2026, 11, 9))
    base = launch(container, clock, template="enps", title="Wave 1")
    answer(container, base, [{"recommend": 10}] * 5)
    close(container, clock, base, at=datetime(2026, 11, 3, 9, tzinfo=timezone.utc))
    lone = launch(container, clock, template="enps", title="Wave 1, late group", days=20)
    answer(container, lone, [{"recommend": 0}])  # one person: must never be recoverable
    close(container, clock, lone, at=datetime(2026, 11, 4, 9, tzinfo=timezone.utc))
    assert scores(container, week) == scores(container, NOVEMBER) == {"survey_enps": 100.0}
    assert scores(container, (date(2026, 11, 4), date(2026, 11, 5))) == {}  # the day the lone answer's survey closed

    running = launch(container, clock, template="enps", title="Wave 2", days=20)
    clock.now = datetime(2026, 11, 10, 9, tzinfo=timezone.utc)
    answer(container, running, [{"recommend": 0}] * 5)
    clock.now = datetime(2026, 11, 16, 8, tzinfo=timezone.utc)  # Monday's nudge: its 5 answers show nowhere
    assert scores(container, NOVEMBER) == {"survey_enps": 100.0}
    assert scores(container, (date(2026, 11, 9), date(2026, 11, 16))) == {}
    answer(container, running, [{"recommend": 0}], first=5)
    clock.now = datetime(2026, 11, 23, 8, tzinfo=timezone.utc)  # next Monday's: 6, still nowhere
    assert scores(container, NOVEMBER) == {"survey_enps": 100.0}
    assert scores(container, (date(2026, 11, 9), date(2026, 11, 23))) == {}
    close(container, clock, running, at=datetime(2026, 11, 23, 12, tzinfo=timezone.utc))
    # now all six answers of the closed survey join at once: November − the earlier value is that whole survey
    assert scores(container, NOVEMBER) == {"survey_enps": pytest.approx(100 * (5 - 6) / 11)}
    clock.advance(days=30)
    assert scores(container, NOVEMBER) == {"survey_enps": pytest.approx(100 * (5 - 6) / 11)}  # and stays


def test_only_tam_utaut_and_enps_surveys_and_only_the_templates_constructs_count(container, clock):
    pulse = launch(container, clock, template="pulse")
    answer(container, pulse, [{"frequency": "Every day", "time_saved": "No time", "trust1": 7, "trust2": 1}] * 5)
    template = container.surveys.templates.get("tam").definition
    extra = Question("trust1", "likert", "I trust what the AI tool writes.", construct="trust")
    changed = Definition(template.questions + [extra], dict(template.constructs))
    sid = launch(container, clock, template="TAM", definition=changed)  # spelled as on the command line
    answer(container, sid, [{**tam(5, 3), "trust1": 1}] * 5, first=5)
    close(container, clock, pulse, sid)
    assert scores(container) == {"survey_tam": pytest.approx(5.0)}  # trust is not a TAM construct


def test_no_surveys_no_scores(container):
    assert scores(container) == {}
    assert scores(container, department="Sales") == {}
