"""`coach survey …`: the JSON contract, the whole life of a survey, and one-line errors."""

import json
from datetime import timedelta

from bot.clock import utcnow
from bot.store.tables.feedback import Feedback
from tests.conftest import cli_env, run_coach
from tests.surveys.conftest import new_survey, tam_answers


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
    code, out, _ = run(["close", "1"], capsys, monkeypatch, env)  # anonymous: results once closed
    assert code == 0 and "5/6 answered" in out
    code, out, _ = run(["results", "1", "--json", "--charts", str(tmp_path / "charts")], capsys, monkeypatch, env)
    result = json.loads(out)
    assert result["n"] == 5 and result["enps"][0]["score"] == 20.0 and result["k"] == 5
    assert (tmp_path / "charts" / "survey-1-enps.png").read_bytes().startswith(b"\x89PNG")
    code, out, _ = run(["results", "1", "--json", "--filter", "recommend=10"], capsys, monkeypatch, env)
    assert json.loads(out)["n"] is None  # one person: nothing shown
    code, out, _ = run(["export", "1", "--out", "-"], capsys, monkeypatch, env)
    assert code == 0 and out.splitlines()[0].startswith("survey_id,wave") and ",enps,recommend," in out
    code, _, err = run(["close", "1"], capsys, monkeypatch, env)
    assert code == 2 and "already closed" in err


def _closed_tam_survey(container, clock, people=6):
    from bot.surveys.audience import users_only

    users = [f"U0CLI{i}" for i in range(people)]
    sid = container.surveys.create(new_survey(clock, users))
    container.surveys.launch(sid, lambda _team: users_only)
    for i, user in enumerate(users):
        container.surveys.submit(sid, user, tam_answers(2 + 4 * (i % 2)), None)  # every item 2, or every item 6
    container.surveys.close(sid)
    return sid


def test_files_that_cannot_be_written_give_one_line_not_a_traceback(container, clock, capsys, monkeypatch,
                                                                    tmp_path):
    env = cli_env(container)
    sid = _closed_tam_survey(container, clock)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)  # short relative paths: the one-line message fits the terminal
    (work / "notes.txt").write_text("keep me")
    cases = [(["export", str(sid), "--out", "/nonexistent/dir/x.csv"],
              "Cannot write /nonexistent/dir/x.csv: No such file or directory."),
             (["export", str(sid), "--out", "."], "--out takes a file name; . is a folder."),
             (["results", str(sid), "--charts", "notes.txt"], "--charts takes a folder; notes.txt is a file."),
             (["results", str(sid), "--charts", "notes.txt/charts"],
              "Cannot write notes.txt/charts: Not a directory.")]
    for args, message in cases:
        code, _, err = run(args, capsys, monkeypatch, env)
        assert code == 2 and err == f"error: {message}\n", (args, err)
    assert (work / "notes.txt").read_text() == "keep me" and [p.name for p in work.iterdir()] == ["notes.txt"]


def test_text_results_show_each_constructs_distribution_and_the_feedback_trend(container, clock, capsys,
                                                                              monkeypatch):
    env = cli_env(container) | {"COLUMNS": "200"}
    sid = _closed_tam_survey(container, clock)
    code, out, _ = run(["results", str(sid)], capsys, monkeypatch, env)
    assert code == 0 and "people scoring 1…7" in out
    assert "no ratings in the last 8 weeks" in out
    # each construct has a reverse-coded item among four: items all 2 score (2+2+2+6)/4 = 3, all 6 score 5
    assert out.count("0 0 3 0 3 0 0") == 2
    when = utcnow() - timedelta(hours=1)
    with container.uow() as uow:
        for rating, reason in (("up", None), ("down", "outdated"), ("down", "outdated"), ("down", "wrong")):
            uow.session.add(Feedback(user_id="U0RATER", via="button", rating=rating, reason=reason, created_at=when))
        uow.commit()
    code, out, _ = run(["results", str(sid)], capsys, monkeypatch, env)
    assert code == 0 and "1 👍 / 3 👎 (25% helpful) — outdated ×2, wrong ×1" in out
    code, out, _ = run(["results", str(sid), "--json"], capsys, monkeypatch, env)
    trend = json.loads(out)["feedback_trend"]
    assert len(trend) == 8 and sum(w["down"] for w in trend) == 3
    assert {"outdated": 2, "wrong": 1} in [w["reasons"] for w in trend]


def test_with_oauth_a_survey_is_created_for_a_named_workspace(container, capsys, monkeypatch):
    env = cli_env(container) | {"SLACK_CLIENT_ID": "111.222", "SLACK_CLIENT_SECRET": "c" * 32,
                                "SLACK_SIGNING_SECRET": "s" * 32}
    args = ["create", "--title", "Pulse", "--audience", "U0CLI1,U0CLI2", "--closes", "2099-01-01", "--template", "pulse"]
    code, _, err = run(args, capsys, monkeypatch, env)
    assert code == 2 and err == ("error: The app uses OAuth and serves several workspaces: give --team T… (the "
                                 "Slack workspace).\n")
    assert container.surveys.overview() == []
    code, out, _ = run([*args, "--team", "T0ONE"], capsys, monkeypatch, env)
    assert code == 0 and container.surveys.card(1).team_id == "T0ONE"
    code, _, err = run(["launch", "1", "--team", "T0ONE"], capsys, monkeypatch, env)  # no installation yet
    assert code == 2 and "Slack cannot be reached for this survey's workspace" in " ".join(err.split())
    assert container.surveys.status(1).status == "draft"
