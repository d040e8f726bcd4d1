"""What people read besides the tables: intent beside use from a real closed UTAUT survey next to the
ledger's figures, and the lines a KPI nudge shows for the organisation, a department and a tool."""

from __future__ import annotations

from datetime import date

import pytest

from bot.kpis.periods import parse_period
from bot.kpis.scopes import ORGANISATION, make_scope
from tests.adoption.conftest import emails, people, report
from tests.adoption.test_intent import Clock, run_survey

NOVEMBER = parse_period("2026-11")


@pytest.fixture
def container(container):
    container.surveys._clock = container.surveys.sender._clock = Clock()
    ledger = container.adoption.ledger
    ledger.import_directory(people(Sales=10, Ops=10), source="directory")
    ledger.import_report("m365-copilot", report({"Sales": emails("Sales", 2)}, first=date(2026, 11, 2), days=29),
                         how="import")
    ledger.import_report("claude", report({"Ops": emails("Ops", 7)}, tool="claude", first=date(2026, 11, 2), days=29),
                         how="import")
    return container


def test_intent_beside_use_flags_the_departments_where_they_disagree(container):
    run_survey(container, "utaut", {"Sales": (6, 6), "Ops": (5, 3)}, 7)
    survey, rows = container.adoption.summary.intent_beside_use(NOVEMBER)
    assert survey.title == "utaut pulse"
    flags = {r.department: (r.figure.rate, r.flag) for r in rows if r.flag}
    assert flags == {"Sales": (20.0, "high-intent-low-use"), "Ops": (70.0, "low-intent-high-use")}


def test_nudge_lines_for_the_organisation_a_department_and_a_tool(container):
    run_survey(container, "utaut", {"Sales": (6, 6), "Ops": (5, 3)}, 7)
    summary = container.adoption.summary

    org = summary.lines(NOVEMBER, ORGANISATION)
    assert org[0] == ("*AI tool adoption by department, 2026-11* (from the AI tools' usage reports): "
                      "Ops 70% · Sales 20%")
    assert org[1] == "*By tool:* Claude 35% · Microsoft 365 Copilot 10%"
    warnings = [line for line in org if line.startswith(":warning:")]
    assert len(warnings) == 2 and "*Sales*: intention 6.0/7 beside 20% use" in warnings[1]
    assert "knowledge/incentives/why-rollouts-fail.md#" in warnings[1]

    sales = summary.lines(NOVEMBER, make_scope("department", "sales"))
    assert sales[0].startswith("*AI tool adoption in Sales, 2026-11*") and "20% used any AI tool" in sales[0]
    assert [line for line in sales if line.startswith(":warning:")] == [warnings[1]]

    claude = summary.lines(NOVEMBER, make_scope("tool", "claude"))
    assert claude == [org[0].replace("Ops 70% · Sales 20%", "Ops 70% · Sales 0%"), *warnings]


def test_no_lines_when_the_reports_do_not_cover_the_period(container):
    assert container.adoption.summary.lines(parse_period("2026-09"), ORGANISATION) == []
    assert container.adoption.summary.intent_beside_use(NOVEMBER) == (None, [])
