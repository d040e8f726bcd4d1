"""What a nudge says about thresholds and risk: an alert when a value crosses its line, a status line every time
it is still past it, each at-risk key result named once — in the message and in `coach nudge preview`."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from bot.kpis.nudge_schedules import parse_threshold
from bot.kpis.okrs import parse_key_result
from bot.kpis.periods import last_complete
from bot.kpis.scopes import ORGANISATION
from bot.slack.blocks.kpis import nudge_message
from tests.conftest import cli_env, run_coach
from tests.kpis.conftest import Clock, services

SLOT = datetime(2026, 11, 2, 8, 0, tzinfo=timezone.utc)  # Monday 09:00 Berlin; last complete month: 2026-10


@pytest.fixture
def kpis(container):
    return services(container, Clock(SLOT))


def _texts(nudge, preview=False) -> list[str]:
    blocks = nudge_message(nudge, preview=preview)["blocks"]
    return [(b.get("text") or {}).get("text") or " ".join(e.get("text", "") for e in b.get("elements", []))
            for b in blocks]


def test_a_value_past_its_threshold_gets_a_status_line_every_time_and_an_alert_when_it_crosses(kpis):
    schedule = kpis.schedules.add(channel="C0SALES", cron="0 9 * * 1", tz="Europe/Berlin",
                                  kpis=["employee_adoption_rate", "decline_rate"], okrs=[], scope=ORGANISATION,
                                  by="U0ADMIN", thresholds=[parse_threshold("employee_adoption_rate<60"),
                                                            parse_threshold("decline_rate>20")])
    record = kpis.measurements.record

    def lines():
        nudge = kpis.nudges.compose(schedule, None, SLOT, store=False)[0]
        return [t for t in _texts(nudge) if "threshold" in t or "went" in t or "is back" in t]

    record("employee_adoption_rate", ORGANISATION, "2026-08", 62, by="U0ADMIN")
    assert lines() == []
    record("employee_adoption_rate", ORGANISATION, "2026-09", 58, by="U0ADMIN")
    assert lines() == [":rotating_light: *Employee adoption rate* went below 60% (now 58%)"]  # no status line too
    record("employee_adoption_rate", ORGANISATION, "2026-10", 55, by="U0ADMIN")
    still = ":small_red_triangle_down: *Employee adoption rate* is below its alert threshold of 60% (now 55%)"
    assert lines() == [still]  # no new alert, but it says so
    record("decline_rate", ORGANISATION, "2026-09", 30, by="U0ADMIN")
    record("decline_rate", ORGANISATION, "2026-10", 25, by="U0ADMIN")
    assert lines() == [still, ":small_red_triangle_down: *Declined questions (coach)* is above its alert "
                              "threshold of 20% (now 25%)"]
    record("employee_adoption_rate", ORGANISATION, "2026-11", 63, by="U0ADMIN")
    assert lines()[0] == ":white_check_mark: *Employee adoption rate* is back above 60% (now 63%)"
    assert len(lines()) == 2


def test_the_preview_says_alerts_fire_on_crossing(kpis):
    with_alert = kpis.schedules.add(channel="C0SALES", cron="0 9 * * 1", tz="Europe/Berlin",
                                    kpis=["employee_adoption_rate"], okrs=[], scope=ORGANISATION, by="U0ADMIN",
                                    thresholds=[parse_threshold("employee_adoption_rate<60")])
    without = kpis.schedules.add(channel="C0OTHER", cron="0 9 * * 1", tz="Europe/Berlin",
                                 kpis=["employee_adoption_rate"], okrs=[], scope=ORGANISATION, by="U0ADMIN")
    note = "Alerts fire when a value crosses its threshold"
    assert note in _texts(kpis.nudges.compose(with_alert, None, SLOT, store=False)[0], preview=True)[1]
    assert note not in _texts(kpis.nudges.compose(with_alert, None, SLOT, store=False)[0])[1]  # not in the channel
    assert note not in _texts(kpis.nudges.compose(without, None, SLOT, store=False)[0], preview=True)[1]


def test_an_at_risk_kpi_of_one_of_the_nudge_s_okrs_is_named_once(kpis):
    kpis.okrs.add("Everyone uses AI", ORGANISATION, date(2026, 7, 1),
                  [parse_key_result("employee_adoption_rate:30->70@2026-12-31")], by="U0ADMIN")
    kpis.measurements.record("employee_adoption_rate", ORGANISATION, "2026-10", 45, by="U0ADMIN")
    both = kpis.schedules.add(channel="C0SALES", cron="0 9 * * 1", tz="Europe/Berlin",
                              kpis=["employee_adoption_rate"], okrs=[1], scope=ORGANISATION, by="U0ADMIN")
    nudge = kpis.nudges.compose(both, None, SLOT, store=False)[0]
    assert nudge.kpis[0].at_risk and nudge.at_risk == ["Employee adoption rate (Everyone uses AI)"]
    kpi_only = kpis.schedules.add(channel="C0OTHER", cron="0 9 * * 1", tz="Europe/Berlin",
                                  kpis=["employee_adoption_rate"], okrs=[], scope=ORGANISATION, by="U0ADMIN")
    assert kpis.nudges.compose(kpi_only, None, SLOT, store=False)[0].at_risk == ["Employee adoption rate"]


def test_coach_nudge_preview_names_a_risk_once_and_explains_alerts(container, capsys, monkeypatch):
    for key, value in cli_env(container).items():
        monkeypatch.setenv(key, value)

    def coach(*args):
        return run_coach(list(args), capsys, monkeypatch)

    month = last_complete(date.today(), "month")  # what the preview measures, as of the real clock
    coach("kpi", "record", "employee_adoption_rate", "45", "--period", month.previous().label)
    coach("kpi", "record", "employee_adoption_rate", "40", "--period", month.label)
    due = (date.today() + timedelta(days=30)).isoformat()
    coach("okr", "add", "Everyone uses AI", "--start", (date.today() - timedelta(days=120)).isoformat(),
          "--kr", f"employee_adoption_rate:30->90@{due}")
    code, out, _ = coach("nudge", "add", "C0SALES", "--cron", "0 9 * * 1", "--tz", "Europe/Berlin",
                         "--kpi", "employee_adoption_rate", "--okr", "1", "--alert", "employee_adoption_rate<60")
    assert code == 0 and "Alerts (employee_adoption_rate<60) fire when a value crosses its threshold" in out
    code, out, _ = coach("nudge", "list")
    assert code == 0 and "Alerts fire when a value crosses" in out
    code, out, _ = coach("nudge", "preview", "1")
    [risk] = [line for line in out.splitlines() if "At risk:" in line]
    assert code == 0 and risk.count("Employee adoption rate") == 1
    assert "is below its alert threshold of 60% (now 40%)" in out and "went below" not in out
    assert "Alerts fire when a value crosses its threshold" in out
