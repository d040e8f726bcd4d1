"""`coach kpi`, `coach okr` and `coach nudge`: JSON output, one-line errors (exit 2) and nothing changed on
bad input."""

from __future__ import annotations

import json

import pytest

from tests.conftest import cli_env, run_coach


@pytest.fixture
def coach(container, capsys, monkeypatch):
    for key, value in cli_env(container).items():
        monkeypatch.setenv(key, value)

    def run(*args):
        return run_coach(list(args), capsys, monkeypatch)
    return run


def test_catalog_as_json(coach):
    code, out, _ = coach("kpi", "catalog", "--json")
    catalog = {k["key"]: k for k in json.loads(out)}
    assert code == 0 and len([k for k in catalog.values() if k["group"] in ("framework", "magic_three")]) == 11
    adoption = catalog["employee_adoption_rate"]
    assert adoption["benchmark"] == {"low": 60.0, "high": 80.0, "note": adoption["benchmark"]["note"]}
    assert adoption["better"] == "higher" and adoption["unit"] == "percent" and adoption["formula"]
    code, out, _ = coach("kpi", "catalog")
    assert code == 0 and "The magic three" in out


def test_record_show_and_chart(coach, tmp_path):
    assert coach("kpi", "record", "employee_adoption_rate", "48", "--period", "2026-09")[0] == 0
    code, out, _ = coach("kpi", "record", "adoption_by_department", "61.5", "--period", "2026-09",
                         "--scope", "department:Sales", "--note", "HR dashboard")
    assert code == 0 and "Added: Employee adoption rate for department Sales, 2026-09 = 61.5." in out
    coach("kpi", "record", "employee_adoption_rate", "55", "--period", "2026-10")
    code, out, _ = coach("kpi", "show", "employee_adoption_rate", "--json")
    assert [(r["period"], r["value"]) for r in json.loads(out)] == [("2026-09", 48.0), ("2026-10", 55.0)]
    code, out, _ = coach("kpi", "show", "--json")
    assert {(r["scope"], r["value"]) for r in json.loads(out)} == {("organisation", 55.0), ("department:Sales", 61.5)}
    png = tmp_path / "trend.png"
    code, out, _ = coach("kpi", "chart", "employee_adoption_rate", "--out", str(png))
    assert code == 0 and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    code, _, err = coach("kpi", "chart", "revenue_contribution", "--out", str(tmp_path / "none.png"))
    assert code == 2 and "No values to chart" in err and not (tmp_path / "none.png").exists()


def test_bad_record_is_one_line_exit_two(coach):
    for args, message in ((("employee_adoption_rate", "120", "--period", "2026-09"), "highest possible"),
                          (("employee_adoption_rate", "20", "--period", "Sept"), "not a period"),
                          (("employee_adoption_rate", "20", "--period", "2026-09", "--scope", "region:EMEA"),
                           "Unknown scope")):
        code, _, err = coach("kpi", "record", *args)
        assert code == 2 and message in err and err.count("error:") == 1
    assert json.loads(coach("kpi", "show", "--json")[1]) == []


def test_import_is_all_or_nothing_with_the_bad_rows_listed(coach, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("kpi,period,value\nemployee_adoption_rate,2026-09,48\nemployee_adoption_rate,2026-10,lots\n"
                   "unknown,2026-10,3\n")
    code, _, err = coach("kpi", "import", str(bad))
    assert code == 2 and "line 3: value 'lots' is not a number" in err and "line 4: Unknown KPI 'unknown'" in err
    assert "Nothing imported: 2 problem(s) in bad.csv" in err
    assert json.loads(coach("kpi", "show", "--json")[1]) == []
    good = tmp_path / "good.csv"
    good.write_text("kpi,period,value\nemployee_adoption_rate,2026-09,48\n")
    code, out, _ = coach("kpi", "import", str(good))
    assert code == 0 and "1 added, 0 updated" in out
    code, _, err = coach("kpi", "import", str(tmp_path / "missing.csv"))
    assert code == 2 and "Cannot read" in err


def test_okrs(coach):
    coach("kpi", "record", "employee_adoption_rate", "50", "--period", "2026-09")
    code, out, _ = coach("okr", "add", "Make AI part of daily work", "--start", "2026-07-01",
                         "--kr", "employee_adoption_rate:30->70@2026-12-31", "--kr", "time_to_decision:9->6@2026-12-31")
    assert code == 0 and "Added OKR 1 with 2 key result(s)." in out
    code, out, _ = coach("okr", "show", "1", "--json")
    okr = json.loads(out)
    adoption, speed = okr["key_results"]
    assert adoption["current"] == 50 and adoption["progress"] == pytest.approx(0.5) and speed["status"] == "no data"
    assert [o["id"] for o in json.loads(coach("okr", "list", "--json")[1])] == [1]
    code, _, err = coach("okr", "add", "Backwards", "--kr", "employee_adoption_rate:70->30@2027-01-31")
    assert code == 2 and "target must be higher" in err
    code, _, err = coach("okr", "show", "9")
    assert code == 2 and "no objective 9" in err


def test_nudge_add_list_preview_remove(coach, tmp_path):
    coach("kpi", "record", "employee_adoption_rate", "50", "--period", "2026-09")
    code, out, _ = coach("nudge", "add", "C0SALES", "--cron", "0 9 * * 1", "--tz", "Europe/Berlin",
                         "--kpi", "employee_adoption_rate", "--alert", "employee_adoption_rate<60", "--skip-unchanged")
    assert code == 0 and "Nudge 1 scheduled for C0SALES" in out
    [listed] = json.loads(coach("nudge", "list", "--json")[1])
    assert (listed["cron"], listed["timezone"], listed["kpis"], listed["thresholds"], listed["last_status"]) == (
        "0 9 * * 1", "Europe/Berlin", ["employee_adoption_rate"], ["employee_adoption_rate<60"], None)
    assert listed["next_run"]
    chart = tmp_path / "preview.png"
    code, out, err = coach("nudge", "preview", "1", "--chart", str(chart))
    assert code == 0 and "KPI check-in" in out and "*Employee adoption rate*: *50%*" in out
    assert "No Slack token" in err and chart.read_bytes()[:4] == b"\x89PNG"
    code, _, err = coach("nudge", "run-now", "1")
    assert code == 2 and "Posting a nudge needs Slack" in err
    for args, message in ((("C0X", "--cron", "0 9 * *", "--tz", "UTC", "--kpi", "decline_rate"), "five fields"),
                          (("C0X", "--cron", "0 9 * * 1", "--tz", "Berlin", "--kpi", "decline_rate"), "IANA"),
                          (("C0X", "--cron", "0 9 * * 1", "--tz", "UTC"), "at least one KPI")):
        code, _, err = coach("nudge", "add", *args)
        assert code == 2 and message in err
    assert coach("nudge", "remove", "1")[0] == 0
    code, _, err = coach("nudge", "remove", "1")
    assert code == 2 and "There is no nudge 1" in err
    assert json.loads(coach("nudge", "list", "--json")[1]) == []
