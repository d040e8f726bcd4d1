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


def test_catalog_keys_are_never_cut(coach, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = coach("kpi", "catalog")
    keys = [k["key"] for k in json.loads(coach("kpi", "catalog", "--json")[1])]
    assert code == 0 and all(key in out for key in keys), [key for key in keys if key not in out]


def test_values_from_before_and_after(coach):
    code, out, _ = coach("kpi", "record", "productivity_uplift", "--period", "2026-Q3", "--baseline", "50",
                         "--after", "65", "--note", "cases a week")
    assert code == 0 and "Added: Productivity uplift for the organisation, 2026-Q3 = 30." in out
    [reading] = json.loads(coach("kpi", "show", "--json")[1])
    assert (reading["value"], reading["note"]) == (30.0, "computed from 50 before and 65 after; cases a week")
    for args, message in ((("--baseline", "50"), "Give both --baseline and --after"),
                          (("12", "--baseline", "50", "--after", "65"), "not both"),
                          ((), "Give the value"),
                          (("--baseline", "0", "--after", "65"), "baseline is 0")):
        code, _, err = coach("kpi", "record", "productivity_uplift", "--period", "2026-Q4", *args)
        assert code == 2 and message in err and err.count("error:") == 1, err
    code, _, err = coach("kpi", "record", "employee_adoption_rate", "--period", "2026-Q4", "--baseline", "50",
                         "--after", "65")
    assert code == 2 and "not computed from a before and an after value" in err
    assert len(json.loads(coach("kpi", "show", "--json")[1])) == 1


def test_show_latest_values_for_one_scope(coach):
    coach("kpi", "record", "employee_adoption_rate", "48", "--period", "2026-09")
    coach("kpi", "record", "employee_adoption_rate", "61.5", "--period", "2026-09", "--scope", "department:Sales")
    code, out, _ = coach("kpi", "show", "--scope", "department:Sales", "--json")
    assert code == 0 and [(r["scope"], r["value"]) for r in json.loads(out)] == [("department:Sales", 61.5)]
    code, out, _ = coach("kpi", "show", "--scope", "organisation", "--json")
    assert [(r["scope"], r["value"]) for r in json.loads(out)] == [("organisation", 48.0)]
    code, _, err = coach("kpi", "show", "--scope", "team:")
    assert code == 2 and "A team scope needs a name" in err and err.count("error:") == 1


def test_charts_to_an_unwritable_path_are_one_line_and_write_nothing(coach, tmp_path):
    coach("kpi", "record", "employee_adoption_rate", "50", "--period", "2026-09")
    coach("nudge", "add", "C0SALES", "--cron", "0 9 * * 1", "--tz", "Europe/Berlin", "--kpi", "employee_adoption_rate")
    missing = tmp_path / "missing" / "x.png"
    for args, message in ((("kpi", "chart", "employee_adoption_rate", "--out", str(missing)), "does not exist"),
                          (("kpi", "chart", "employee_adoption_rate", "--out", str(tmp_path)), "is a folder"),
                          (("nudge", "preview", "1", "--chart", str(missing)), "does not exist")):
        code, _, err = coach(*args)
        err = " ".join(err.split())  # rich wraps the one message at the console width
        assert code == 2 and message in err and err.count("error:") == 1 and "Traceback" not in err, err
    assert not missing.parent.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_a_chart_of_more_than_six_kpis_is_refused(coach, tmp_path):
    keys = ["productivity_uplift", "error_reduction", "time_to_decision", "employee_adoption_rate",
            "task_automation_rate", "csat_nps_delta", "model_performance"]
    for key in keys:
        coach("kpi", "record", key, "5", "--period", "2026-09")
    out = tmp_path / "seven.png"
    code, _, err = coach("kpi", "chart", *keys, "--out", str(out))
    assert code == 2 and "at most 6 KPIs and 7 were given" in err and not out.exists()
    assert coach("kpi", "chart", *keys[:6], "--out", str(out))[0] == 0 and out.exists()
