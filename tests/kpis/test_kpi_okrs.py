"""OKRs: key results checked on the way in; progress from the latest value, pace from the time elapsed."""

from datetime import date, datetime, timezone

import pytest

from bot.errors import UserError
from bot.kpis import formulas
from bot.kpis.okrs import KeyResultSpec, parse_key_result
from bot.kpis.scopes import ORGANISATION, parse_scope


def test_key_results_parse_from_the_cli_form():
    assert parse_key_result("employee_adoption_rate:30->70@2026-09-30") == KeyResultSpec(
        "employee_adoption_rate", 30.0, 70.0, date(2026, 9, 30))
    assert parse_key_result(" time_to_decision : 9 -> 6 @ 2026-12-31 ").target == 6.0
    for bad in ("employee_adoption_rate 30 70", "x:30->70@2026-02-30", "x:a->70@2026-01-01"):
        with pytest.raises(UserError):
            parse_key_result(bad)


def test_progress_and_pace_from_the_latest_value(kpis, clock):
    clock.now = datetime(2026, 8, 16, tzinfo=timezone.utc)  # half-way through Jul 1 - Sep 30
    oid = kpis.okrs.add("Make AI part of daily work", ORGANISATION, date(2026, 7, 1),
                        [parse_key_result("employee_adoption_rate:30->70@2026-09-30"),
                         parse_key_result("time_to_decision:9->6@2026-09-30"),
                         parse_key_result("task_automation_rate:10->40@2026-09-30")], by="U1")
    kpis.measurements.record("employee_adoption_rate", ORGANISATION, "2026-07", 50, by="U1")
    kpis.measurements.record("time_to_decision", ORGANISATION, "2026-07", 8.7, by="U1")
    status = kpis.okrs.show(oid)
    adoption, speed, automation = status.key_results
    assert adoption.pace.progress == pytest.approx(0.5) and adoption.pace.status == formulas.ON_TRACK
    assert speed.pace.progress == pytest.approx(0.1) and speed.pace.status == formulas.AT_RISK
    assert automation.current is None and automation.pace.status == formulas.NO_DATA
    assert status.at_risk
    clock.now = datetime(2026, 9, 12, tzinfo=timezone.utc)  # 80 % of the time gone, still at 50 %
    assert kpis.okrs.show(oid).key_results[0].pace.status == formulas.AT_RISK
    clock.now = datetime(2026, 10, 2, tzinfo=timezone.utc)
    assert kpis.okrs.show(oid).key_results[0].pace.status == formulas.MISSED
    kpis.measurements.record("employee_adoption_rate", ORGANISATION, "2026-09", 72, by="U1")
    assert kpis.okrs.show(oid).key_results[0].pace.status == formulas.DONE


def test_the_target_shown_next_to_a_kpi_is_the_next_one_due(kpis, clock):
    clock.now = datetime(2026, 8, 1, tzinfo=timezone.utc)
    kpis.okrs.add("H2", ORGANISATION, date(2026, 7, 1), [parse_key_result("employee_adoption_rate:30->80@2026-12-31")],
                  by="U1")
    kpis.okrs.add("Q3", ORGANISATION, date(2026, 7, 1), [parse_key_result("employee_adoption_rate:30->60@2026-09-30")],
                  by="U1")
    assert kpis.okrs.target_for("employee_adoption_rate", ORGANISATION).target == 60
    assert kpis.okrs.target_for("employee_adoption_rate", parse_scope("department:Sales")) is None
    clock.now = datetime(2026, 10, 1, tzinfo=timezone.utc)
    assert kpis.okrs.target_for("employee_adoption_rate", ORGANISATION).target == 80


@pytest.mark.parametrize("kr,scope,message", [
    ("employee_adoption_rate:70->30@2026-12-31", "organisation", "target must be higher"),
    ("time_to_decision:6->9@2026-12-31", "organisation", "target must be lower"),
    ("employee_adoption_rate:30->30@2026-12-31", "organisation", "equals the baseline"),
    ("employee_adoption_rate:30->130@2026-12-31", "organisation", "highest possible"),
    ("employee_adoption_rate:30->70@2026-06-30", "organisation", "must come after the start"),
    ("adoption_by_department:30->70@2026-12-31", "organisation", "per department"),
    ("made_up:1->2@2026-12-31", "organisation", "Unknown KPI"),
])
def test_bad_key_results_are_refused_and_nothing_is_stored(kpis, kr, scope, message):
    with pytest.raises(UserError, match=message):
        kpis.okrs.add("Objective", parse_scope(scope), date(2026, 7, 1), [parse_key_result(kr)], by="U1")
    assert kpis.okrs.statuses() == []


def test_objectives_need_a_title_and_key_results(kpis):
    kr = [parse_key_result("employee_adoption_rate:30->70@2026-12-31")]
    with pytest.raises(UserError, match="title"):
        kpis.okrs.add("  ", ORGANISATION, date(2026, 7, 1), kr, by="U1")
    with pytest.raises(UserError, match="at least one key result"):
        kpis.okrs.add("Objective", ORGANISATION, date(2026, 7, 1), [], by="U1")
    with pytest.raises(UserError, match="no objective 99"):
        kpis.okrs.show(99)
    oid = kpis.okrs.add("Department adoption", parse_scope("department:Sales"), date(2026, 7, 1),
                        [parse_key_result("adoption_by_department:40->70@2026-12-31")], by="U1")
    assert kpis.okrs.show(oid).key_results[0].kpi.key == "employee_adoption_rate"
    assert kpis.okrs.remove(oid) and not kpis.okrs.remove(oid)
