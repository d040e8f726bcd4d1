"""The adoption ledger on a real database: the directory replaced all or nothing, reports imported once
however often they come, identities joined by email or GitHub login and never guessed, licences, and the
employee_adoption_rate KPI values written from the figures."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from bot.adoption.records import Licence, Person, Report
from bot.errors import UserError
from bot.kpis.periods import parse_period
from bot.kpis.scopes import ORGANISATION, make_scope
from bot.store.tables.adoption import AdoptionActivity, DirectoryPerson
from bot.tenancy import EVERY_ROW
from tests.adoption.conftest import GITHUB, emails, logins, people, report


def value(container, scope, label: str):
    """The stored employee_adoption_rate reading of ``scope`` for the period ``label`` (None if not stored)."""
    return next((r for r in _all(container, scope) if r.period.label == label), None)


def _all(container, scope):
    from bot.kpis.measurements import _reading

    with container.uow() as uow:
        return [_reading(row) for row in uow.kpis.measurements.series(EVERY_ROW, "employee_adoption_rate", scope.kind,
                                                                      scope.name)]


def count(container, table) -> int:
    with container.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(table))


def test_a_directory_import_replaces_the_last_one_and_leavers_stop_counting(container):
    ledger, figures = container.adoption.ledger, container.adoption.figures
    ledger.import_directory(people(Sales=6, Support=5), source="directory")
    ledger.import_report("m365-copilot", report({"Sales": emails("Sales", 6)}, days=3), how="import")
    assert figures.show("2026-11").rollup.by_department()[0].active == 6

    done = ledger.import_directory(people(Sales=3, Support=5), source="directory")  # three of Sales left

    assert (done.people, done.departments, done.replaced) == (8, 2, 11)
    rows = {f.department: (f.active, f.eligible) for f in figures.show("2026-11").rollup.by_department()}
    assert rows["All departments"] == (3, 8)
    assert count(container, DirectoryPerson) == 8


def test_an_empty_directory_changes_nothing(container):
    ledger = container.adoption.ledger
    ledger.import_directory(people(Sales=6), source="directory")
    with pytest.raises(UserError, match="holds nobody"):
        ledger.import_directory([], source="directory")
    with pytest.raises(UserError, match="cannot be called 'All departments'"):
        ledger.import_directory([Person("a@example.com", "All departments")], source="directory")
    assert count(container, DirectoryPerson) == 6


def test_importing_the_same_report_twice_changes_nothing(container):
    ledger = container.adoption.ledger
    ledger.import_directory(people(Sales=6, Support=5), source="directory")
    usage = report({"Sales": emails("Sales", 4), "Support": emails("Support", 5)}, days=7)
    first = ledger.import_report("m365-copilot", usage, how="import")
    values = container.kpis.measurements.overview()
    second = ledger.import_report("m365-copilot", usage, how="import")

    assert count(container, AdoptionActivity) == 63 == first.activities == second.activities
    assert [(r.kpi, str(r.scope), r.period.label, r.value) for r in container.kpis.measurements.overview()] == \
        [(r.kpi, str(r.scope), r.period.label, r.value) for r in values]


def test_a_bad_row_stores_nothing_and_names_the_row(container, tmp_path):
    ledger = container.adoption.ledger
    ledger.import_directory(people(Sales=6), source="directory")
    bad = tmp_path / "usage.csv"
    bad.write_text("email,tool,day,count\nsales0@example.com,claude,2026-11-03,2\n"
                   "sales1@example.com,claude,2026-13-03,1\n")
    with pytest.raises(UserError) as caught:
        ledger.import_file("csv", bad)
    message = str(caught.value)
    assert "\n" not in message and "usage.csv" in message and "2" in message and "day" in message
    assert "Nothing was imported" in message
    assert count(container, AdoptionActivity) == 0


def test_github_logins_join_by_the_directorys_github_login_and_strangers_are_counted_not_guessed(container):
    ledger, figures = container.adoption.ledger, container.adoption.figures
    ledger.import_directory(people(Engineering=8), source="directory")
    usage = report({"Engineering": logins("Engineering", 5) + ["someone-else", "engineering0"]},
                   tool="github-copilot", kind=GITHUB)

    done = ledger.import_report("github-copilot", usage, how="import")

    assert (done.people, done.unmatched) == (7, 2)
    snap = figures.show("2026-11")
    assert snap.unmatched == 2
    row = next(f for f in snap.rollup.by_tool() if f.tool == "github-copilot")
    assert (row.active, row.eligible) == (5, 8)
    status = {s.source: s for s in ledger.sources()}["github-copilot"]
    assert (status.unmatched, status.first_day, status.last_day) == (2, date(2026, 11, 2), date(2026, 11, 2))


def test_emails_join_whatever_their_case(container):
    ledger = container.adoption.ledger
    ledger.import_directory([Person(e, "Sales") for e in emails("Sales", 5)], source="directory")
    usage = report({"Sales": [e.upper() for e in emails("Sales", 5)]})
    # the parsers lower-case identities; the ledger joins what they hand over
    usage.activities[:] = [a._replace(identity=a.identity.lower()) for a in usage.activities]
    assert container.adoption.ledger.import_report("m365-copilot", usage, how="import").unmatched == 0


def test_a_report_with_seats_replaces_the_tools_seats_and_unused_ones_are_counted(container):
    ledger, figures = container.adoption.ledger, container.adoption.figures
    ledger.import_directory(people(Engineering=10), source="directory")
    seats = [Licence(login, GITHUB, "github-copilot") for login in logins("Engineering", 8)]
    usage = report({"Engineering": logins("Engineering", 3)}, tool="github-copilot", kind=GITHUB,
                   first=date(2026, 11, 25))
    ledger.import_report("github-copilot", Report(usage.activities, seats, 8), how="import")
    unused = figures.inactive()
    assert [(u.department, u.inactive, u.licensed) for u in unused.for_tool("github-copilot")
            if u.department == "All departments"] == [("All departments", 5, 8)]

    ledger.import_report("github-copilot", Report([], seats[:6], 6), how="import")  # two seats taken back
    unused = figures.inactive()
    assert [(u.inactive, u.licensed) for u in unused.for_tool("github-copilot")
            if u.department == "All departments"] == [(3, 6)]


def test_kpi_values_are_written_for_complete_weeks_and_months_with_the_source_recorded(container):
    ledger = container.adoption.ledger
    ledger.import_directory(people(Sales=6, Support=5, Legal=2), source="directory")
    ledger.import_report("m365-copilot", report({"Sales": emails("Sales", 3), "Support": emails("Support", 5)},
                                                first=date(2026, 11, 23), days=10), how="import")

    month = value(container, ORGANISATION, "2026-11")
    assert month.source == "tools"
    assert month.value == pytest.approx(100 * 8 / 13, abs=0.05)
    assert "8 of 13 people" in month.note
    assert value(container, make_scope("department", "Sales"), "2026-11").value == 50.0
    assert value(container, make_scope("tool", "m365-copilot"), "2026-11").value == pytest.approx(61.5)
    assert [r for r in container.kpis.measurements.overview() if r.scope.name == "Legal"] == []  # pooled
    labels = {r.period.label for r in _all(container, ORGANISATION)}
    assert labels == {"2026-11", "2026-W48"}  # 2026-W49 and December are not complete


def test_a_value_a_person_recorded_is_kept_and_the_coachs_own_count_steps_aside(container):
    m = container.kpis.measurements
    m.record("employee_adoption_rate", make_scope("department", "Sales"), "2026-11", 12.0, by="hr")
    ledger = container.adoption.ledger
    ledger.import_directory(people(Sales=6, Support=5), source="directory")
    ledger.import_report("m365-copilot", report({"Sales": emails("Sales", 3)}, first=date(2026, 11, 1), days=30),
                         how="import")

    assert value(container, make_scope("department", "Sales"), "2026-11").value == 12.0
    assert value(container, make_scope("department", "Sales"), "2026-W48").value == 50.0
    november = parse_period("2026-11")
    assert container.adoption.figures.has_data(november)
    measured = container.kpis.auto.measure(november, ORGANISATION, {"U1": "Sales"}, {"employee_adoption_rate"})
    assert measured == []  # the tools' reports measure adoption for November, not the coach's own questions


def test_unknown_source_and_empty_report_are_one_line_and_change_nothing(container):
    ledger = container.adoption.ledger
    with pytest.raises(UserError, match="Unknown source"):
        ledger.import_report("slack", Report(), how="import")
    with pytest.raises(UserError, match="no rows"):
        ledger.import_report("csv", Report(), how="import")
    assert ledger.sources() == []



def test_a_new_directory_fills_periods_without_values_and_keeps_those_already_written(container):
    ledger = container.adoption.ledger
    ledger.import_report("m365-copilot", report({"Sales": emails("Sales", 3)}, first=date(2026, 10, 5)),
                         how="import")
    assert value(container, ORGANISATION, "2026-10") is None  # no directory yet: nothing to write
    ledger.import_directory(people(Sales=6, Support=5), source="directory")
    assert value(container, ORGANISATION, "2026-10").value == pytest.approx(27.3)

    ledger.import_directory(people(Sales=6, Support=6), source="directory")  # one joiner
    assert value(container, ORGANISATION, "2026-10").value == pytest.approx(27.3)  # not recomputed


def test_the_ledgers_span_is_read_once_per_import_and_again_after_the_next(container, monkeypatch):
    ledger, figures = container.adoption.ledger, container.adoption.figures
    ledger.import_directory(people(Sales=6, Support=5), source="directory")
    ledger.import_report("m365-copilot", report({"Sales": emails("Sales", 3)}, first=date(2026, 11, 1), days=20),
                         how="import")
    from bot.store.adoption_repository import AdoptionRepository

    reads = []
    real = AdoptionRepository.span
    monkeypatch.setattr(AdoptionRepository, "span", lambda self, tenant: reads.append(1) or real(self, tenant))
    november = parse_period("2026-11")
    assert not figures.has_data(november) and not figures.has_data(november)  # reported up to 20 Nov only
    figures.trend(until=date(2026, 11, 30))
    assert len(reads) == 1
    ledger.import_report("m365-copilot", report({"Sales": emails("Sales", 3)}, first=date(2026, 11, 21), days=10),
                         how="import")
    assert figures.has_data(november) and len(reads) == 2  # the import changed the span: read again
