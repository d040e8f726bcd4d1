"""Cron expressions with IANA timezones: validation, and slots across daylight-saving changes."""

from datetime import datetime, timedelta, timezone

import pytest

from bot.errors import UserError
from bot.kpis.nudge_schedules import (
    due_slot,
    make_trigger,
    next_slot,
    parse_threshold,
    slots_between,
)
from bot.kpis.scopes import ORGANISATION, parse_scope

UTC = timezone.utc


def _utc(*args):
    return datetime(*args, tzinfo=UTC)


def test_weekly_nine_oclock_stays_local_across_both_dst_changes():
    trigger = make_trigger("0 9 * * 1", "Europe/Berlin")
    spring = slots_between(trigger, _utc(2026, 3, 20), _utc(2026, 4, 7))
    assert spring == [_utc(2026, 3, 23, 8), _utc(2026, 3, 30, 7), _utc(2026, 4, 6, 7)]  # CET, then CEST
    autumn = slots_between(trigger, _utc(2026, 10, 19), _utc(2026, 11, 3))
    assert autumn == [_utc(2026, 10, 19, 7), _utc(2026, 10, 26, 8), _utc(2026, 11, 2, 8)]  # CEST, then CET
    new_york = slots_between(make_trigger("0 9 * * 1", "America/New_York"), _utc(2026, 3, 2), _utc(2026, 3, 17))
    assert new_york == [_utc(2026, 3, 2, 14), _utc(2026, 3, 9, 13), _utc(2026, 3, 16, 13)]  # US change on Mar 8


def test_a_local_time_that_happens_twice_is_one_slot():
    trigger = make_trigger("30 2 * * *", "Europe/Berlin")  # 02:30 occurs twice on 2026-10-25
    slots = slots_between(trigger, _utc(2026, 10, 24), _utc(2026, 10, 27))
    assert slots == [_utc(2026, 10, 24, 0, 30), _utc(2026, 10, 25, 0, 30), _utc(2026, 10, 26, 1, 30)]
    # when the second 02:30 (01:30 UTC) fires, no new slot is due: only the first one, already handled
    assert due_slot(trigger, _utc(2026, 10, 25, 1, 30, 5), timedelta(hours=2)) == _utc(2026, 10, 25, 0, 30)
    assert due_slot(trigger, _utc(2026, 10, 25, 1, 30, 5), timedelta(hours=1)) is None


def test_a_local_time_that_does_not_exist_fires_once():
    trigger = make_trigger("30 2 * * *", "Europe/Berlin")  # 02:30 does not exist on 2026-03-29
    slots = slots_between(trigger, _utc(2026, 3, 28), _utc(2026, 3, 31))
    assert slots == [_utc(2026, 3, 28, 1, 30), _utc(2026, 3, 29, 1, 30), _utc(2026, 3, 30, 0, 30)]


def test_due_slot_respects_the_grace_period_and_the_schedules_creation():
    trigger = make_trigger("0 9 * * 1", "Europe/Berlin")
    slot = _utc(2026, 11, 2, 8)
    grace = timedelta(hours=1)
    assert due_slot(trigger, slot, grace) == slot
    assert due_slot(trigger, slot + timedelta(minutes=59), grace) == slot
    assert due_slot(trigger, slot + timedelta(minutes=61), grace) is None
    assert due_slot(trigger, slot - timedelta(seconds=1), grace) is None
    assert due_slot(trigger, slot + timedelta(minutes=5), grace, not_before=slot + timedelta(minutes=1)) is None
    assert next_slot(trigger, slot) == _utc(2026, 11, 9, 8)


@pytest.mark.parametrize("cron,tz,message", [
    ("0 9 * * 1", "Mars/Olympus", "IANA timezone"), ("0 9 * * 1", "", "IANA timezone"),
    ("0 9 * * 1", "../etc/passwd", "IANA timezone"), ("0 9 * *", "UTC", "five fields"),
    ("61 9 * * 1", "UTC", "not a valid cron"), ("0 9 * * mon-xyz", "UTC", "not a valid cron"),
    ("*/5 * * * *", "UTC", "at most once an hour"), ("0 9 31 2 *", "UTC", "never fires")])
def test_bad_cron_or_timezone_is_refused(cron, tz, message):
    with pytest.raises(UserError, match=message):
        make_trigger(cron, tz)


def test_thresholds():
    t = parse_threshold("employee_adoption_rate < 60%")
    assert (t.kpi, t.op, t.value) == ("employee_adoption_rate", "<", 60.0) and t.breached(59.9) and not t.breached(60)
    assert parse_threshold("decline_rate>20").breached(21)
    with pytest.raises(UserError):
        parse_threshold("adoption below 60")


def test_schedules_are_checked_before_they_are_stored(kpis):
    good = dict(channel="C0SALES", cron="0 9 * * 1", tz="Europe/Berlin", kpis=["employee_adoption_rate"], okrs=[],
                scope=ORGANISATION, by="U0ADMIN")
    bad = [({"channel": "#sales"}, "channel ID"), ({"tz": "CET+1"}, "IANA"), ({"kpis": [], "okrs": []}, "at least one"),
           ({"okrs": [42]}, "No objective with id 42"), ({"kpis": ["adoption_by_department"]}, "per department"),
           ({"granularity": "fortnight"}, "week, month or quarter"), ({"eligible": "U0SOMEONE"}, "user group"),
           ({"thresholds": [parse_threshold("decline_rate>20")]}, "needs that KPI"),
           ({"kpis": [k.key for k in kpis.catalog if not k.scope][:9]}, "At most")]
    for change, message in bad:
        with pytest.raises(UserError, match=message):
            kpis.schedules.add(**{**good, **change})
    assert kpis.schedules.all() == []
    s = kpis.schedules.add(**good, thresholds=[parse_threshold("employee-adoption-rate<60")], skip_unchanged=True)
    assert (s.channel, s.kpis, s.thresholds[0].kpi, s.skip_unchanged) == ("C0SALES", ["employee_adoption_rate"],
                                                                           "employee_adoption_rate", True)
    [state] = kpis.schedules.states()
    assert state.last_slot is None and state.next_run == _utc(2026, 11, 9, 8)
    assert kpis.schedules.remove(s.id) and not kpis.schedules.remove(s.id)


def test_an_identical_schedule_is_refused(kpis):
    good = dict(channel="C0SALES", cron="0 9 * * 1", tz="Europe/Berlin",
                kpis=["employee_adoption_rate", "decline_rate"], okrs=[], scope=ORGANISATION, by="U0ADMIN")
    first = kpis.schedules.add(**good)
    with pytest.raises(UserError, match=f"Nudge {first.id} already posts the same KPIs and OKRs to C0SALES"):
        kpis.schedules.add(**{**good, "cron": " 0  9 * * 1", "kpis": ["decline_rate", "employee_adoption_rate"],
                              "skip_unchanged": True})
    assert [s.id for s in kpis.schedules.all()] == [first.id]
    for change in ({"channel": "C0OPS"}, {"cron": "0 10 * * 1"}, {"tz": "Europe/London"}, {"kpis": ["decline_rate"]},
                   {"scope": parse_scope("department:Sales")}):
        kpis.schedules.add(**{**good, **change})
    assert len(kpis.schedules.all()) == 6


@pytest.mark.parametrize("weekday,expected", [
    ("1", {"Mon"}), ("0", {"Sun"}), ("7", {"Sun"}), ("1-5", {"Mon", "Tue", "Wed", "Thu", "Fri"}),
    ("5-7", {"Fri", "Sat", "Sun"}), ("*/2", {"Sun", "Tue", "Thu", "Sat"}), ("sat,sun", {"Sat", "Sun"}),
    ("mon-wed", {"Mon", "Tue", "Wed"})])
def test_weekdays_are_numbered_as_in_cron(weekday, expected):
    slots = slots_between(make_trigger(f"0 9 * * {weekday}", "UTC"), _utc(2026, 11, 2), _utc(2026, 11, 8, 23))
    assert {s.strftime("%a") for s in slots} == expected


def test_day_of_month_and_weekday_together_are_refused():
    with pytest.raises(UserError, match="one of them"):
        make_trigger("0 9 1 * 1", "UTC")
    assert slots_between(make_trigger("0 9 1 * *", "UTC"), _utc(2026, 11, 1), _utc(2027, 1, 2)) == [
        _utc(2026, 11, 1, 9), _utc(2026, 12, 1, 9), _utc(2027, 1, 1, 9)]
