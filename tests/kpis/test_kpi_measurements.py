"""Recording values and the CSV import: checked, all or nothing, with row-level errors."""

import pytest
from sqlalchemy import func, select

from bot.errors import UserError
from bot.kpis.csv_import import ImportRejected
from bot.kpis.measurements import Change, check_entry, parse_amount
from bot.kpis.scopes import ORGANISATION, parse_scope
from bot.store.tables.kpis import KpiMeasurement

SALES = parse_scope("department:Sales")


def _count(container) -> int:
    with container.uow() as uow:
        return uow.session.scalar(select(func.count(KpiMeasurement.id)))


def test_record_then_correct_the_same_value(kpis, container):
    entry, how = kpis.measurements.record("employee_adoption_rate", ORGANISATION, "2026-05", 55, by="U1")
    assert how == "added" and entry.period.label == "2026-05"
    _entry, how = kpis.measurements.record("employee_adoption_rate", ORGANISATION, "2026-05", 57.5, by="U2",
                                           note="recount")
    assert how == "updated" and _count(container) == 1
    [reading] = kpis.measurements.series("employee_adoption_rate", ORGANISATION)
    assert (reading.value, reading.note, reading.source) == (57.5, "recount", "manual")


def test_magic_three_aliases_store_the_framework_kpi_per_department(kpis):
    kpis.measurements.record("adoption_by_department", SALES, "2026-05", 66, by="U1")
    assert kpis.measurements.latest("employee_adoption_rate", SALES).value == 66
    with pytest.raises(UserError, match="per department"):
        kpis.measurements.record("adoption_by_department", ORGANISATION, "2026-05", 66, by="U1")


def test_kpis_with_a_change_formula_are_computed_from_before_and_after(kpis, container):
    entry, _ = kpis.measurements.record("productivity_uplift", ORGANISATION, "2026-Q3", Change(50, 65), by="U1")
    assert entry.value == pytest.approx(30.0)
    kpis.measurements.record("productivity_by_department", SALES, "2026-Q3", parse_amount("40->30"), by="U1",
                             note="team lead")
    kpis.measurements.record("error_reduction", ORGANISATION, "2026-Q3", parse_amount("40 → 24"), by="U1")
    kpis.measurements.record("csat_nps_delta", ORGANISATION, "2026-Q3", Change(31, 38), by="U1")
    found = {(r.kpi, str(r.scope)): (r.value, r.note) for r in kpis.measurements.overview()}
    assert found == {
        ("productivity_uplift", "organisation"): (pytest.approx(30.0), "computed from 50 before and 65 after"),
        ("productivity_uplift", "department:Sales"): (pytest.approx(-25.0),
                                                      "computed from 40 before and 30 after; team lead"),
        ("error_reduction", "organisation"): (pytest.approx(40.0), "computed from 40 before and 24 after"),
        ("csat_nps_delta", "organisation"): (7, "computed from 31 before and 38 after")}
    for key, change, message in (("employee_adoption_rate", Change(50, 65), "not computed from a before"),
                                 ("error_reduction", Change(0, 3), "baseline is 0"),
                                 ("productivity_uplift", Change(10, 500), "highest possible value")):
        with pytest.raises(UserError, match=message):
            kpis.measurements.record(key, ORGANISATION, "2026-Q4", change, by="U1")
    assert _count(container) == 4
    assert parse_amount("62.5%") == 62.5
    for bad in ("lots", "50->", "->65", "1,5"):
        with pytest.raises(UserError, match="not a number"):
            parse_amount(bad)


def test_bad_values_change_nothing(kpis, container):
    for args in (("employee_adoption_rate", ORGANISATION, "2026-05", 101), ("nope", ORGANISATION, "2026-05", 1),
                 ("employee_adoption_rate", ORGANISATION, "May", 50)):
        with pytest.raises(UserError):
            kpis.measurements.record(*args, by="U1")
    with pytest.raises(UserError, match="note"):
        kpis.measurements.record("employee_adoption_rate", ORGANISATION, "2026-05", 50, by="U1", note="x" * 501)
    assert _count(container) == 0


def test_series_keeps_the_newest_periods_of_one_length(kpis):
    for month, value in (("2026-01", 40), ("2026-02", 44), ("2026-03", 47), ("2026-04", 52)):
        kpis.measurements.record("employee_adoption_rate", ORGANISATION, month, value, by="U1")
    kpis.measurements.record("employee_adoption_rate", ORGANISATION, "2025-Q4", 35, by="U1")
    series = kpis.measurements.series("employee_adoption_rate", ORGANISATION, limit=3)
    assert [r.period.label for r in series] == ["2026-02", "2026-03", "2026-04"]
    overview = kpis.measurements.overview()
    assert [(r.kpi, r.period.label) for r in overview] == [("employee_adoption_rate", "2026-04")]


def test_values_measured_by_the_coach_never_replace_a_persons(kpis):
    kpis.measurements.record("employee_adoption_rate", ORGANISATION, "2026-05", 61, by="U1")
    auto = check_entry(kpis.catalog, "employee_adoption_rate", ORGANISATION, "2026-05", 12)
    fresh = check_entry(kpis.catalog, "employee_adoption_rate", ORGANISATION, "2026-06", 14)
    assert kpis.measurements.store([auto, fresh], by="coach", source="auto", keep_people=True) == (1, 0)
    values = {r.period.label: (r.value, r.source) for r in kpis.measurements.series("employee_adoption_rate", ORGANISATION)}
    assert values == {"2026-05": (61, "manual"), "2026-06": (14, "auto")}


GOOD = """kpi,scope,scope_name,period,value,note
employee_adoption_rate,organisation,,2026-05,58,HR dashboard
productivity_uplift,department,Sales,2026-Q2,18%,pilot
adoption_by_department,department:Finance,,2026-05,71.5,
time_to_decision,team,Claims,2026-W19,6.5,P2 tickets
"""


def test_a_good_file_is_imported_whole(kpis):
    assert kpis.import_csv(GOOD, by="cli:test") == (4, 0)
    assert kpis.measurements.latest("employee_adoption_rate", parse_scope("department:Finance")).value == 71.5
    assert kpis.measurements.latest("time_to_decision", parse_scope("team:Claims")).source == "csv"
    assert kpis.import_csv(GOOD, by="cli:test") == (0, 4)  # the same file again corrects, adds nothing


def test_semicolons_and_a_byte_order_mark_are_fine(kpis):
    text = "\ufeffkpi;period;value\nemployee_adoption_rate;2026-06;60\n"
    assert kpis.import_csv(text, by="cli:test") == (1, 0)


def test_one_bad_row_and_nothing_is_imported_with_every_problem_listed(kpis, container):
    bad = GOOD + """employee_adoption_rate,organisation,,2026-06,abc,
employee_adoption_rate,organisation,,2026-13,50,
unknown_kpi,organisation,,2026-06,50,
employee_adoption_rate,organisation,,2026-07,140,
adoption_by_department,organisation,,2026-06,50,
employee_adoption_rate,department,,2026-06,50,
employee_adoption_rate,organisation,,2026-05,59,
employee_adoption_rate,organisation,,2026-08
"""
    with pytest.raises(ImportRejected) as caught:
        kpis.import_csv(bad, by="cli:test")
    problems = {e.line: e.message for e in caught.value.errors}
    assert sorted(problems) == [6, 7, 8, 9, 10, 11, 12, 13]
    assert "not a number" in problems[6] and "not a period" in problems[7] and "Unknown KPI" in problems[8]
    assert "highest possible" in problems[9] and "per department" in problems[10] and "needs a name" in problems[11]
    assert "same KPI, scope and period as line 2" in problems[12] and "fields" in problems[13]
    assert "Nothing imported" in str(caught.value)
    assert _count(container) == 0


@pytest.mark.parametrize("text,expected", [
    ("", "empty"), ("kpi,value\n", "missing column(s) period"), ("kpi,period,value,colour\n", "unknown column(s) colour"),
    ("kpi,period,value\n", "no data rows"), ("kpi,period,value,value\nx,2026,1,1\n", "appears twice")])
def test_files_with_a_bad_header_or_no_rows_are_refused(kpis, container, text, expected):
    with pytest.raises(ImportRejected) as caught:
        kpis.import_csv(text, by="cli:test")
    assert expected in str(caught.value.errors[0])
    assert _count(container) == 0
