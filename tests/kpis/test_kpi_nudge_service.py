"""What a nudge contains and when it is skipped: the coach's own measurements, targets and benchmarks,
threshold alerts, the weakest KPI with a tip, "skip when nothing changed"; previews change nothing."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from bot.kpis.auto_metrics import adoption_rollup
from bot.kpis.nudge_schedules import parse_threshold
from bot.kpis.okrs import parse_key_result
from bot.kpis.periods import parse_period
from bot.kpis.scopes import ORGANISATION, parse_scope
from bot.store.tables.feedback import Feedback
from bot.store.tables.usage import UsageEvent
from bot.tenancy import Tenant
from tests.kpis.conftest import Clock, Directory, RecordingPoster, services

SLOT = datetime(2026, 11, 2, 8, 0, tzinfo=timezone.utc)  # Monday 09:00 Berlin; last complete month: 2026-10
OCT = datetime(2026, 10, 15, 12, tzinfo=timezone.utc)
MEMBERS = {"U1": "Sales", "U2": "Sales", "U3": "Sales", "U4": "Finance", "U5": "Finance", "U6": None}


def _events(container, rows):
    """rows: (user, department, outcome, rating or None, when)"""
    with container.uow() as uow:
        for user, dept, outcome, rating, when in rows:
            event = UsageEvent(user_id=user, surface="mention", outcome=outcome,
                               kind="answer" if outcome == "answered" else "unknown", question="q", answer="a",
                               confidence=0.7, latency_ms=30.0, department=dept, created_at=when)
            uow.usage.add(event)
            if rating:
                uow.feedback.add(Feedback(user_id=user, usage_event_id=event.id, via="button", rating=rating,
                                          question="q", answer="a", created_at=when))
        uow.commit()


def _schedule(services_, **kw):
    args = dict(channel="C0SALES", cron="0 9 * * 1", tz="Europe/Berlin", kpis=["employee_adoption_rate"], okrs=[],
                scope=ORGANISATION, by="U0ADMIN")
    return services_.schedules.add(**{**args, **kw})


@pytest.fixture
def kpis(container):
    return services(container, Clock(SLOT))


def test_adoption_rollup_counts_eligible_members_per_department():
    rows = {str(r.scope): (r.active, r.eligible) for r in adoption_rollup({"U1", "U2", "U4", "U9"}, MEMBERS, ORGANISATION)}
    assert rows == {"organisation": (3, 6), "department:Finance": (1, 2), "department:Sales": (2, 3)}
    only = adoption_rollup({"U1"}, MEMBERS, parse_scope("department:Sales"))
    assert [(str(r.scope), r.rate) for r in only] == [("department:Sales", pytest.approx(100 / 3))]


def test_the_coach_measures_adoption_helpfulness_and_declines_for_the_period(kpis, container):
    _events(container, [("U1", "Sales", "answered", "up", OCT), ("U2", "Sales", "answered", "down", OCT),
                        ("U2", "Sales", "declined", None, OCT), ("U4", "Finance", "answered", "up", OCT),
                        ("U5", "Finance", "answered", None, datetime(2026, 9, 30, 23, tzinfo=timezone.utc)),
                        ("U9", "Legal", "answered", "up", datetime(2026, 11, 1, tzinfo=timezone.utc))])
    entries = kpis.auto.measure(parse_period("2026-10"), ORGANISATION, MEMBERS,
                                {"employee_adoption_rate", "answer_helpfulness", "decline_rate", "survey_enps"})
    got = {(e.kpi.key, str(e.scope)): round(e.value, 2) for e in entries}
    assert got == {("employee_adoption_rate", "organisation"): 50.0,  # U1, U2, U4 of six members
                   ("employee_adoption_rate", "department:Sales"): 66.67,
                   ("employee_adoption_rate", "department:Finance"): 50.0,
                   ("answer_helpfulness", "organisation"): 66.67,  # two 👍, one 👎 in October
                   ("decline_rate", "organisation"): 25.0}  # one of four October questions
    sales = kpis.auto.measure(parse_period("2026-10"), parse_scope("department:Sales"), MEMBERS,
                              {"answer_helpfulness", "decline_rate"})
    assert {e.kpi.key: round(e.value, 2) for e in sales} == {"answer_helpfulness": 50.0, "decline_rate": 33.33}


def test_survey_scores_come_from_the_surveys_port_when_there_is_one(container):
    class Scores:
        def kpi_scores(self, start, end, department, tenant):
            assert (start, end, department, tenant) == (date(2026, 10, 1), date(2026, 11, 1), None, Tenant("T0AAA"))
            return {"survey_enps": 12.0, "survey_tam": 5.4}

    from bot.kpis.services import build_kpi_services
    from tests.kpis.conftest import CATALOG

    kpis = build_kpi_services(container.uow, CATALOG, lambda q: [], surveys=Scores(), clock=Clock(SLOT))
    entries = kpis.auto.measure(parse_period("2026-10"), ORGANISATION, None, {"survey_enps", "survey_utaut"},
                                tenant=Tenant("T0AAA"))  # the workspace's own surveys
    assert [(e.kpi.key, e.value) for e in entries] == [("survey_enps", 12.0)]


def test_a_run_stores_what_the_coach_measured_and_a_preview_does_not(kpis, container):
    _events(container, [("U1", "Sales", "answered", None, OCT)])
    schedule = _schedule(kpis)
    nudge, chart = kpis.nudges.compose(schedule, Directory(MEMBERS), SLOT, store=False)
    assert nudge.kpis[0].current.value == pytest.approx(100 / 6) and chart is not None
    assert kpis.measurements.overview() == []
    poster = RecordingPoster()
    outcome = kpis.nudges.run_slot(schedule, SLOT, poster, Directory(MEMBERS))
    assert outcome.status == "posted" and len(poster.posts) == 1
    stored = {(r.kpi, str(r.scope)): r.source for r in kpis.measurements.overview()}
    assert stored == {("employee_adoption_rate", "organisation"): "auto",
                      ("employee_adoption_rate", "department:Sales"): "auto",
                      ("employee_adoption_rate", "department:Finance"): "auto"}


def test_eligible_members_come_from_the_chosen_channel_or_group(kpis):
    directory = Directory(MEMBERS)
    kpis.nudges.compose(_schedule(kpis, eligible="S0ANALYSTS"), directory, SLOT, store=False)
    kpis.nudges.compose(_schedule(kpis, channel="C0OTHER"), directory, SLOT, store=False)
    assert directory.asked == ["S0ANALYSTS", "C0OTHER"]


def test_value_target_benchmark_risk_and_the_weakest_kpi_with_its_tip(container):
    asked = []

    class Passage:
        def __init__(self, text):
            self.text, self.title, self.section, self.path = text, "Risks", "Low adoption", "knowledge/r.md"
            self.unit_similarity = {0: 0.2, 1: 0.6}

    def passages(query):
        asked.append(query)
        return [Passage("Short.\n\n- Co-design the workflow with the people who use it and train them by role.")]

    kpis = services(container, Clock(SLOT), passages)
    kpis.okrs.add("Everyone uses AI", ORGANISATION, date(2026, 7, 1),
                  [parse_key_result("employee_adoption_rate:30->70@2026-12-31")], by="U0ADMIN")
    for month, value in (("2026-08", 40), ("2026-09", 44), ("2026-10", 45)):
        kpis.measurements.record("employee_adoption_rate", ORGANISATION, month, value, by="U0ADMIN")
    kpis.measurements.record("productivity_uplift", ORGANISATION, "2026-Q3", 25, by="U0ADMIN")
    schedule = _schedule(kpis, kpis=["employee_adoption_rate", "productivity_uplift", "task_automation_rate"])
    nudge, chart = kpis.nudges.compose(schedule, None, SLOT, store=False)
    adoption, productivity, automation = nudge.kpis
    assert adoption.current.value == 45 and adoption.previous.value == 44
    assert adoption.target.target == 70 and adoption.at_risk  # 37.5 % done with 67 % of the time gone
    assert adoption.behind_benchmark and productivity.benchmark_position == "within"
    assert automation.current is None and automation.weakness() is None
    assert nudge.weakest.key == "employee_adoption_rate" and nudge.at_risk == ["Employee adoption rate"]
    assert asked == [kpis.catalog.get("employee_adoption_rate").tip_query]
    assert nudge.tip.text.startswith("Co-design the workflow") and nudge.tip.source == "Risks › Low adoption"
    assert chart.startswith(b"\x89PNG")


def test_threshold_alerts_fire_when_a_kpi_crosses_the_bound_and_when_it_comes_back(kpis):
    schedule = _schedule(kpis, thresholds=[parse_threshold("employee_adoption_rate<60")])
    record = kpis.measurements.record
    record("employee_adoption_rate", ORGANISATION, "2026-08", 62, by="U0ADMIN")
    assert [a.recovered for a in kpis.nudges.compose(schedule, None, SLOT, store=False)[0].alerts] == []
    record("employee_adoption_rate", ORGANISATION, "2026-09", 58, by="U0ADMIN")
    assert [a.recovered for a in kpis.nudges.compose(schedule, None, SLOT, store=False)[0].alerts] == [False]
    record("employee_adoption_rate", ORGANISATION, "2026-10", 55, by="U0ADMIN")
    assert kpis.nudges.compose(schedule, None, SLOT, store=False)[0].alerts == []  # still below: no new alert
    record("employee_adoption_rate", ORGANISATION, "2026-11", 63, by="U0ADMIN")
    assert [a.recovered for a in kpis.nudges.compose(schedule, None, SLOT, store=False)[0].alerts] == [True]


def test_skip_when_nothing_changed(kpis):
    schedule = _schedule(kpis, skip_unchanged=True)
    kpis.measurements.record("employee_adoption_rate", ORGANISATION, "2026-10", 50, by="U0ADMIN")
    poster = RecordingPoster()
    week = timedelta(days=7)
    assert kpis.nudges.run_slot(schedule, SLOT, poster, None).status == "posted"
    assert kpis.nudges.run_slot(schedule, SLOT + week, poster, None).status == "skipped"
    kpis.measurements.record("employee_adoption_rate", ORGANISATION, "2026-10", 52, by="U0ADMIN")
    assert kpis.nudges.run_slot(schedule, SLOT + 2 * week, poster, None).status == "posted"
    assert kpis.nudges.run_slot(schedule, SLOT + 2 * week, poster, None).status == "taken"
    assert len(poster.posts) == 2
    always = _schedule(kpis, channel="C0ALWAYS")
    assert kpis.nudges.run_slot(always, SLOT, poster, None).status == "posted"
    assert kpis.nudges.run_slot(always, SLOT + week, poster, None).status == "posted"
    states = {s.schedule.id: (s.last_status, s.last_slot) for s in kpis.schedules.states()}
    assert states[schedule.id] == ("posted", SLOT + 2 * week)
