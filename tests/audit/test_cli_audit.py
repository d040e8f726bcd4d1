"""`coach audit run|list|show`: the contract, and one-line errors that store nothing."""

import csv
import io
import json

import pytest

from bot.cli import audit as cli_audit
from tests.conftest import cli_env, run_coach


@pytest.fixture
def env(fresh):
    c = fresh()
    return c, cli_env(c)


coach = run_coach


def test_run_with_role_metric_pairs_prints_json_with_plain_word_metrics(env, capsys, monkeypatch):
    c, e = env
    code, out, err = coach(["audit", "run", "--role", "Sales Rep", "--metric", "Quota only", "--role",
                            "customer service rep", "--metric", "tickets closed per day", "--json"],
                           capsys, monkeypatch, e)
    assert code == 0, err
    data = json.loads(out)
    assert [r["recommended_metrics"][0] for r in data["roles"]] == ["Quota plus forecast accuracy",
                                                                     "First-contact resolution"]
    assert [r["incentive_shift"] for r in data["roles"]] == ["Bonus weighting adjusted",
                                                             "AI-assisted outcomes rewarded"]
    assert data["id"] == 1 and data["author"].startswith("cli:") and len(data["summary"]["top_actions"]) == 3
    assert c.audits.get(1).roles[1].match.id == "support_agent"


def test_run_from_a_yaml_file_then_list_and_show(env, capsys, monkeypatch, tmp_path):
    _c, e = env
    spec = tmp_path / "team.yaml"
    spec.write_text("team: Claims North\nroles:\n  - role: Claims handler\n    metrics: [Claims per week, "
                    "Average handling time]\n    rewards: Quarterly bonus on claims closed\n"
                    "    ai_workflows: AI pre-filled claim forms\n    displaced_work: Retyping claim details\n")
    code, out, err = coach(["audit", "run", "--from", str(spec)], capsys, monkeypatch, e)
    assert code == 0, err
    assert "Incentive audit: Claims North" in out and "Routing accuracy of AI-assisted triage" in out
    code, out, _ = coach(["audit", "list"], capsys, monkeypatch, e)
    assert code == 0 and "Claims" in out and "first" in out  # the table wraps to the terminal width
    code, out, _ = coach(["audit", "list", "--json"], capsys, monkeypatch, e)
    listed = json.loads(out)[0]
    assert listed["team"] == "Claims North" and listed["created_at"].endswith("+00:00")
    for fmt, check in (("md", lambda t: t.startswith("# Incentive audit: Claims North")),
                       ("csv", lambda t: list(csv.DictReader(io.StringIO(t)))[0]["role"] == "Claims handler"),
                       ("json", lambda t: json.loads(t)["team"] == "Claims North")):
        code, out, _ = coach(["audit", "show", "1", "--format", fmt], capsys, monkeypatch, e)
        assert code == 0 and check(out), fmt
    code, out, _ = coach(["audit", "show", "1", "--format", "json"], capsys, monkeypatch, e)
    assert json.loads(out)["created_at"] == listed["created_at"]  # one time, written the same way in both


def test_audits_without_a_team_say_they_are_not_compared(env, capsys, monkeypatch):
    _c, e = env
    for role, metric in (("Sales Rep", "Quota only"), ("Support agent", "Tickets closed")):
        code, _out, err = coach(["audit", "run", "--role", role, "--metric", metric, "--json"], capsys, monkeypatch, e)
        assert code == 0, err
    code, out, _ = coach(["audit", "list", "--json"], capsys, monkeypatch, e)
    assert [(a["team"], a["changes"]) for a in json.loads(out)] == [("", []), ("", [])]
    monkeypatch.setattr(cli_audit.console, "width", 250)  # one line per cell, so the phrase is not wrapped
    code, out, _ = coach(["audit", "list"], capsys, monkeypatch, e)
    assert "no team name: not compared" in out and "Since audit" not in out


@pytest.mark.parametrize("args, message", [
    (["audit", "run"], "Give --role"),
    (["audit", "run", "--role", "Analyst"], "one --metric for each --role"),
    (["audit", "run", "--role", "Analyst", "--metric", ""], "at least one metric"),
    (["audit", "run", "--role", "Analyst", "--metric", "x" * 5000], "5,000 characters"),
    ([*sum((["--role", f"Role {i}", "--metric", "Output"] for i in range(11)), ["audit", "run"])], "at most 10"),
    (["audit", "run", "--from", "missing.yaml"], "does not exist"),
    (["audit", "run", "--from", "x.yaml", "--role", "Analyst", "--metric", "Reports"], "not both"),
    (["audit", "show", "42"], "no audit #42"),
])
def test_mistakes_are_one_line_errors_and_store_nothing(env, capsys, monkeypatch, args, message):
    c, e = env
    code, _out, err = coach(args, capsys, monkeypatch, e)
    assert code == 2 and message in " ".join(err.split()) and "Traceback" not in err
    assert c.audits.history() == []


@pytest.mark.parametrize("content, message", [
    ("team: x\nroles:\n  - role: Analyst\n    metric: Reports\n    bonus: yes\n", "unknown key(s) bonus"),
    ("- just a list\n", "should look like"),
    ("team: [unclosed\n", "not valid YAML"),
    ("team: x\nroles: []\n", "at least one role"),
])
def test_bad_yaml_files_are_explained(env, capsys, monkeypatch, tmp_path, content, message):
    _c, e = env
    spec = tmp_path / "bad.yaml"
    spec.write_text(content)
    code, _out, err = coach(["audit", "run", "--from", str(spec)], capsys, monkeypatch, e)
    assert code == 2 and message in " ".join(err.split())
