"""What people type for a KPI: a mistyped key gets the closest keys offered; a value may carry a percent sign,
on the command line as in Slack and CSV."""

from __future__ import annotations

import json

import pytest

from bot.errors import UserError
from bot.kpis.measurements import Change, parse_amount
from tests.conftest import cli_env, run_coach


@pytest.fixture
def catalog(container):
    return container.kpis.catalog


@pytest.mark.parametrize("typed, first", [
    ("adoption_rate", "employee_adoption_rate"),
    ("adoptoin-rate", "employee_adoption_rate"),
    ("nps", "csat_nps_delta"),
    ("time_to_resolution", "time_to_decision"),
    ("error_rate", "error_reduction"),
    ("enps", "survey_enps"),
])
def test_an_unknown_kpi_suggests_the_closest_keys_first(catalog, typed, first):
    assert catalog.closest(typed)[0] == first
    with pytest.raises(UserError, match=f"Unknown KPI '{typed}': did you mean {first}\\b"):
        catalog.get(typed)


def test_suggestions_are_few_and_nothing_far_is_offered(catalog):
    assert len(catalog.closest("adoption")) <= 3
    assert catalog.closest("made_up") == []
    with pytest.raises(UserError, match="'made_up': none is close to it; `coach kpi catalog` lists every key"):
        catalog.get("made_up")
    assert catalog.get("Employee adoption rate").key == "employee_adoption_rate"  # the name, typed as a key


@pytest.mark.parametrize("typed, value", [
    ("55%", 55.0), ("55 %", 55.0), (" 62.5 ", 62.5), ("\u22125", -5.0), ("50%->65%", Change(50.0, 65.0)),
    ("50 → 65", Change(50.0, 65.0)),
])
def test_amounts_accept_a_percent_sign(typed, value):
    assert parse_amount(typed) == value


@pytest.mark.parametrize("typed", ["55,5", "lots", "%", "5->"])
def test_what_is_not_a_number_is_refused(typed):
    with pytest.raises(UserError, match="is not a number"):
        parse_amount(typed)


@pytest.fixture
def coach(container, capsys, monkeypatch):
    def run(*args):
        return run_coach(list(args), capsys, monkeypatch, cli_env(container))
    return run


def test_cli_record_takes_a_percent_and_before_after_percentages(coach):
    code, out, err = coach("kpi", "record", "employee_adoption_rate", "55%", "--period", "2026-09")
    assert code == 0 and "= 55." in out, err
    code, out, err = coach("kpi", "record", "productivity_uplift", "--baseline", "40%", "--after", "50%",
                           "--period", "2026-09")
    assert code == 0 and "= 25." in out, err  # (50 - 40) / 40
    code, out, err = coach("kpi", "record", "productivity_uplift", "40->60", "--period", "2026-10")
    assert code == 0 and "= 50." in out, err
    code, out, _ = coach("kpi", "show", "--json")
    assert sorted((r["kpi"], r["period"], r["value"]) for r in json.loads(out)) == [
        ("employee_adoption_rate", "2026-09", 55.0), ("productivity_uplift", "2026-10", 50.0)]


@pytest.mark.parametrize("args, message", [
    (("adoption_rate", "55", "--period", "2026-09"), "did you mean employee_adoption_rate"),
    (("employee_adoption_rate", "fifty", "--period", "2026-09"), "'fifty' is not a number"),
    (("productivity_uplift", "--baseline", "1->2", "--after", "3", "--period", "2026-09"),
     "--baseline takes one number, e.g. 40 or 40%, not '1->2'"),
])
def test_cli_bad_kpi_or_value_is_one_line_and_stores_nothing(coach, args, message):
    code, _, err = coach("kpi", "record", *args)
    assert code == 2 and message in " ".join(err.split()) and err.count("error:") == 1
    assert json.loads(coach("kpi", "show", "--json")[1]) == []
