"""`coach directory import` and `coach adoption import|show|sources|sync|intent`: the documented JSON, one-line
errors (exit 2) that change nothing, and the source's failure recorded where people look."""

from __future__ import annotations

import json

import pytest

from tests.conftest import WIDE, cli_env, run_coach

DEPARTMENTS = {"Sales": 6, "Support": 5, "Legal": 2, "Finance": 4}


@pytest.fixture
def coach(container, capsys, monkeypatch):
    for key, value in {**cli_env(container), **WIDE}.items():
        monkeypatch.setenv(key, value)

    def run(*args):
        return run_coach([str(a) for a in args], capsys, monkeypatch)
    return run


@pytest.fixture
def files(tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("email,department,github_login\n" + "".join(
        f"{d.lower()}{i}@example.com,{d},{d.lower()}-gh{i}\n" for d, n in DEPARTMENTS.items() for i in range(n)))
    usage = tmp_path / "usage.csv"
    rows = [f"sales{i}@example.com,Microsoft 365 Copilot,2026-11-{3 + i:02d},2" for i in range(3)]
    rows += [f"support{i}@example.com,claude,2026-11-10," for i in range(5)]
    rows += ["legal0@example.com,claude,2026-11-11,1", "stranger@example.com,claude,2026-11-11,1"]
    usage.write_text("email,tool,day,count\n" + "\n".join(rows) + "\n")
    return people, usage


def test_import_then_show_as_documented_json(coach, files):
    people, usage = files
    code, out, _ = coach("directory", "import", people)
    assert code == 0 and "17 people in 4 departments" in out
    code, out, err = coach("adoption", "import", "--source", "csv", usage)
    assert code == 0 and "Imported 10 rows" in out
    assert "1 of 10 people in the report are not in the directory" in err

    code, out, _ = coach("adoption", "show", "--period", "2026-11", "--json")
    data = json.loads(out)
    assert set(data) == {"period", "rows", "pooled"} and data["period"] == "2026-11"
    assert all(set(r) == {"department", "tool", "active", "eligible", "rate"} for r in data["rows"])
    rows = {(r["department"], r["tool"]): r for r in data["rows"]}
    assert rows[("All departments", "any")] == {"department": "All departments", "tool": "any", "active": 9,
                                                "eligible": 17, "rate": 52.9}
    assert rows[("Sales", "m365-copilot")]["active"] == 3
    assert data["pooled"] == ["Finance", "Legal"] and not any(r["department"] == "Legal" for r in data["rows"])

    code, out, _ = coach("adoption", "show", "--period", "2026-11", "--by", "tool", "--json")
    assert {r["department"] for r in json.loads(out)["rows"]} == {"All departments"}
    code, out, _ = coach("adoption", "show", "--period", "2026-11", "--by", "department", "--json")
    assert {r["tool"] for r in json.loads(out)["rows"]} == {"any"}
    code, out, err = coach("adoption", "show", "--period", "2026-11", "--department", "legal")
    assert code == 0 and "pooled" in out.lower() + err.lower() and "Legal " not in out
    assert "Weekly active (Other departments (pooled), any AI tool):" in out

    code, out, _ = coach("kpi", "show", "employee_adoption_rate", "--json")
    values = json.loads(out)
    assert code == 0 and values and all(v["source"] == "tools" for v in values)


def test_a_bad_report_is_one_line_stores_nothing_and_the_source_shows_the_error(coach, files, tmp_path):
    people, _ = files
    coach("directory", "import", people)
    bad = tmp_path / "bad.csv"
    bad.write_text("email,tool,day\nsales0@example.com,claude,2026-11-03\nsales1@example.com,claude,yesterday\n")
    code, out, err = coach("adoption", "import", "--source", "csv", bad)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "bad.csv" in err and "day" in err

    code, out, _ = coach("adoption", "sources", "--json")
    csv_source = next(s for s in json.loads(out) if s["source"] == "csv")
    assert csv_source["last_success_at"] is None and "bad.csv" in csv_source["error"]
    code, out, _ = coach("adoption", "show", "--period", "2026-11", "--json")
    assert all(r["active"] == 0 for r in json.loads(out)["rows"])


def test_a_bad_directory_changes_nothing(coach, files, tmp_path):
    people, _ = files
    coach("directory", "import", people)
    bad = tmp_path / "people.csv"
    bad.write_text("email,department\nana@example.com,Sales\nnot-an-email,Sales\n")
    code, _, err = coach("directory", "import", bad)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "not changed" in err
    code, out, _ = coach("adoption", "show", "--period", "2026-11", "--json")
    assert next(r for r in json.loads(out)["rows"] if r["department"] == "All departments")["eligible"] == 17


def test_show_without_a_directory_says_what_to_do(coach):
    code, _, err = coach("adoption", "show")
    assert code == 2 and "coach directory import" in err


def test_unknown_source_bad_period_and_bad_by_are_one_line(coach, files):
    _, usage = files
    for args in (("adoption", "import", "--source", "slack", usage),
                 ("adoption", "show", "--period", "2026-13"),
                 ("adoption", "show", "--by", "team")):
        code, _, err = coach(*args)
        assert code == 2 and len(err.strip().splitlines()) == 1, args


def test_sync_without_credentials_names_the_settings(coach):
    code, _, err = coach("adoption", "sync")
    assert code == 2 and "COACH_GITHUB_TOKEN" in err and len(err.strip().splitlines()) == 1
    code, _, err = coach("adoption", "sync", "gemini")
    assert code == 2 and "imported from files" in err


def test_intent_without_a_survey_says_how_to_get_one(coach, files):
    people, usage = files
    coach("directory", "import", people)
    coach("adoption", "import", "--source", "csv", usage)
    code, out, _ = coach("adoption", "intent", "--period", "2026-11")
    assert code == 0 and "utaut" in out.lower()
    code, out, _ = coach("adoption", "intent", "--period", "2026-11", "--json")
    assert json.loads(out) == {"period": "2026-11", "survey": None, "rows": []}


def test_one_department_by_tool_shows_its_group_per_tool(coach, files):
    people, usage = files
    coach("directory", "import", people)
    coach("adoption", "import", "--source", "csv", usage)
    code, out, err = coach("adoption", "show", "--period", "2026-11", "--department", "Legal", "--by", "tool", "--json")
    rows = json.loads(out)["rows"]
    assert code == 0 and "pooled" in err.lower()
    assert {r["department"] for r in rows} == {"Other departments (pooled)"}
    assert {r["tool"] for r in rows} == {"any", "claude", "m365-copilot"}
