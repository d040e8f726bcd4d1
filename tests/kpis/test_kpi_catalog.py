"""The KPI catalog: the framework's eight KPIs and the magic three, complete and consistent with the
knowledge base; a broken catalog is refused with a clear message."""

import pytest

from bot.errors import UserError
from bot.kpis.catalog import fmt_value, load_catalog
from tests.kpis.conftest import CATALOG

FRAMEWORK = ["productivity_uplift", "error_reduction", "time_to_decision", "employee_adoption_rate",
             "task_automation_rate", "csat_nps_delta", "model_performance", "compliance_risk_score"]
MAGIC_THREE = ["productivity_by_department", "adoption_by_department", "revenue_contribution"]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(CATALOG)


def test_the_eight_framework_kpis_and_the_magic_three_are_there(catalog):
    assert [k.key for k in catalog if k.group == "framework"] == FRAMEWORK
    assert [k.key for k in catalog if k.group == "magic_three"] == MAGIC_THREE
    for kpi in catalog:
        assert kpi.name and kpi.definition and kpi.formula and kpi.unit and kpi.better in ("higher", "lower")


def test_benchmarks_are_the_published_ranges_and_only_those(catalog):
    published = {"productivity_uplift": (10, 40), "error_reduction": (20, 60), "employee_adoption_rate": (60, 80),
                 "productivity_by_department": (10, 40), "adoption_by_department": (60, 80)}
    for kpi in catalog:
        got = (kpi.benchmark.low, kpi.benchmark.high) if kpi.benchmark else None
        assert got == published.get(kpi.key), kpi.key
    assert catalog.get("time_to_decision").better == "lower" and catalog.get("decline_rate").better == "lower"


def test_magic_three_department_kpis_are_the_framework_kpis_per_department(catalog):
    assert catalog.stored("adoption_by_department").key == "employee_adoption_rate"
    assert catalog.get("adoption_by_department").scope == "department"
    assert catalog.stored("productivity_by_department").key == "productivity_uplift"
    assert catalog.stored("revenue_contribution").key == "revenue_contribution"
    assert catalog.get("Employee-Adoption-Rate").key == "employee_adoption_rate"


def test_values_outside_a_kpis_range_are_refused(catalog):
    adoption = catalog.get("employee_adoption_rate")
    assert adoption.check(62.5) == 62.5
    for bad in (-1, 100.5, float("nan"), float("inf")):
        with pytest.raises(UserError):
            adoption.check(bad)
    assert catalog.get("revenue_contribution").check(-5_000) == -5_000  # no bounds: a loss is a value too


def test_unknown_kpi_names_the_catalog_command(catalog):
    with pytest.raises(UserError, match="coach kpi catalog"):
        catalog.get("happiness")


def test_broken_catalogs_are_refused_with_the_reason(tmp_path):
    cases = {"missing.yaml": None, "bad.yaml": "kpis: [unclosed", "empty.yaml": "kpis: {}\n",
             "unit.yaml": "kpis:\n  x: {name: X, group: framework, definition: d, formula: f, unit: parsecs, better: higher}\n",
             "alias.yaml": "kpis:\n  x: {name: X, group: framework, definition: d, formula: f, unit: percent, "
                           "better: higher, alias_of: nothing}\n",
             "bench.yaml": "kpis:\n  x: {name: X, group: framework, definition: d, formula: f, unit: percent, "
                           "better: higher, benchmark: {low: 9, high: 3}}\n",
             "change.yaml": "kpis:\n  x: {name: X, group: framework, definition: d, formula: f, unit: percent, "
                            "better: higher, change: doubling}\n"}
    for name, text in cases.items():
        path = tmp_path / name
        if text is not None:
            path.write_text(text)
        with pytest.raises(UserError):
            load_catalog(path)


def test_values_are_formatted_in_their_unit():
    assert fmt_value(62.5, "percent") == "62.5%"
    assert fmt_value(60, "percent") == "60%"
    assert fmt_value(3.25, "hours") == "3.2 h"
    assert fmt_value(125000, "currency") == "125,000"
    assert fmt_value(-12, "points") == "-12 pts"
