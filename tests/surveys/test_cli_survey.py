"""`coach survey …`: the JSON contract, the whole life of a survey, and one-line errors."""

import json

from tests.conftest import cli_env, run_coach


def run(args, capsys, monkeypatch, env):
    return run_coach(["survey", *args], capsys, monkeypatch, env)


def test_survey_commands_from_templates_to_export(container, capsys, monkeypatch, tmp_path):
    env = cli_env(container)
    code, out, _ = run(["templates", "--json"], capsys, monkeypatch, env)
    assert code == 0 and [t["id"] for t in json.loads(out)] == ["enps", "pulse", "tam", "utaut"]
    code, _, err = run(["create", "--title", "x", "--audience", "bob", "--closes", "2099-01-01", "--template", "tam"],
                       capsys, monkeypatch, env)
    assert code == 2 and "not a Slack user" in err and len(err.strip().splitlines()) <= 2
    code, _, err = run(["create", "--title", "x", "--audience", "U0A1,U0A2", "--closes", "2099-01-01"],
                       capsys, monkeypatch, env)
    assert code == 2 and "--template or --questions" in err
    users = ",".join(f"U0CLI{i}" for i in range(6))
    code, out, _ = run(["create", "--title", "Pulse", "--audience", users, "--closes", "2099-01-01",
                        "--template", "enps"], capsys, monkeypatch, env)
    assert code == 0 and "Created survey 1" in out
    code, out, _ = run(["launch", "1", "--queue"], capsys, monkeypatch, env)
    assert code == 0 and "6 people invited" in out
    for i in range(5):
        container.surveys.submit(1, f"U0CLI{i}", {"recommend": 10 - i}, None)
    code, out, _ = run(["status", "--json"], capsys, monkeypatch, env)
    [status] = json.loads(out)
    assert (status["invited"], status["responded"], status["outbox"]) == (6, 5, {"pending": 6})
    code, out, _ = run(["results", "1", "--json", "--charts", str(tmp_path / "charts")], capsys, monkeypatch, env)
    result = json.loads(out)
    assert result["n"] == 5 and result["enps"][0]["score"] == 20.0 and result["k"] == 5
    assert (tmp_path / "charts" / "survey-1-enps.png").read_bytes().startswith(b"\x89PNG")
    code, out, _ = run(["results", "1", "--json", "--filter", "recommend=10"], capsys, monkeypatch, env)
    assert json.loads(out)["n"] is None  # one person: nothing shown
    code, out, _ = run(["export", "1", "--out", "-"], capsys, monkeypatch, env)
    assert code == 0 and out.splitlines()[0].startswith("survey_id,wave") and ",enps,recommend," in out
    code, out, _ = run(["close", "1"], capsys, monkeypatch, env)
    assert code == 0 and "5/6 answered" in out
    code, _, err = run(["close", "1"], capsys, monkeypatch, env)
    assert code == 2 and "already closed" in err
