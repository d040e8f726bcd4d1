"""Periods (year, quarter, month, ISO week, day) and scopes (organisation, department, team)."""

from datetime import date

import pytest

from bot.errors import UserError
from bot.kpis.periods import last_complete, parse_period, period_of
from bot.kpis.scopes import ORGANISATION, make_scope, parse_scope


@pytest.mark.parametrize("text,start,end,label", [
    ("2026", date(2026, 1, 1), date(2027, 1, 1), "2026"),
    ("2026-Q2", date(2026, 4, 1), date(2026, 7, 1), "2026-Q2"),
    ("2026q4", date(2026, 10, 1), date(2027, 1, 1), "2026-Q4"),
    ("2026-05", date(2026, 5, 1), date(2026, 6, 1), "2026-05"),
    ("2026-12", date(2026, 12, 1), date(2027, 1, 1), "2026-12"),
    ("2026-W19", date(2026, 5, 4), date(2026, 5, 11), "2026-W19"),
    ("2026-W53", date(2026, 12, 28), date(2027, 1, 4), "2026-W53"),
    ("2026-05-04", date(2026, 5, 4), date(2026, 5, 5), "2026-05-04"),
])
def test_periods_parse_to_half_open_date_ranges(text, start, end, label):
    p = parse_period(text)
    assert (p.start, p.end, p.label) == (start, end, label)


@pytest.mark.parametrize("text", ["", "May 2026", "2026-13", "2026-Q5", "2026-W54", "2025-W53", "2026-02-30", "26-05"])
def test_bad_periods_are_refused_with_examples(text):
    with pytest.raises(UserError, match="2026-Q2"):
        parse_period(text)


def test_previous_and_last_complete_periods():
    assert parse_period("2026-Q1").previous().label == "2025-Q4"
    assert parse_period("2026-W01").previous().label == "2025-W52"
    assert last_complete(date(2026, 11, 2), "week").label == "2026-W44"  # a Monday: last week
    assert last_complete(date(2026, 11, 1), "month").label == "2026-10"
    assert last_complete(date(2026, 11, 30), "quarter").label == "2026-Q3"
    assert period_of(date(2026, 5, 6), "week").start == date(2026, 5, 4)
    assert parse_period("2026-Q2").fraction_elapsed(date(2026, 5, 16)) == pytest.approx(45 / 91)


def test_scopes():
    assert parse_scope(None) == ORGANISATION and parse_scope("organization") == ORGANISATION
    assert parse_scope("department:  Sales  Ops ") == make_scope("department", "Sales Ops")
    assert str(parse_scope("team:Platform")) == "team:Platform"
    assert parse_scope("team:Platform").label == "team Platform"
    for bad in ("department", "department:", "company:Sales", "region:EMEA", "team:" + "x" * 129):
        with pytest.raises(UserError):
            parse_scope(bad)
    with pytest.raises(UserError, match="takes no name"):
        make_scope("organisation", "Sales")
