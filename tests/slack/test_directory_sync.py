"""`coach directory sync --from slack`: the directory from the workspace's members (users.list, with email) and
the department profile field the coach already reads, through the fake Slack; a Slack error changes nothing."""

from __future__ import annotations

import json

from bot.tenancy import EVERY_ROW
from tests.conftest import WIDE, cli_env, make_container, run_coach
from tests.slack.conftest import BOT_TOKEN


def test_the_directory_comes_from_slack_members_and_their_department_field(tmp_path, fake_slack, capsys,
                                                                           monkeypatch):
    container = make_container(tmp_path / "data")
    fake_slack.channel_members["C0ALL"] = ["U0A", "U0B", "U0C", "U0BOT"]
    fake_slack.departments.update({"U0A": "Sales", "U0B": "Finance", "U0D": "Sales"})  # U0C has none
    env = {**cli_env(container), "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_API_URL": fake_slack.api_url, **WIDE}

    code, out, err = run_coach(["directory", "sync", "--from", "slack"], capsys, monkeypatch, env)

    assert code == 0, err
    assert "3 people in 2 departments" in out and "1 skipped" in out
    with container.uow() as uow:
        people = {p.email: (p.department, p.slack_id) for p in uow.adoption.people(EVERY_ROW)}
    assert people == {"u0a@example.com": ("Sales", "U0A"), "u0b@example.com": ("Finance", "U0B"),
                      "u0d@example.com": ("Sales", "U0D")}
    assert fake_slack.calls_to("users.list") and len(fake_slack.calls_to("users.profile.get")) == 4

    code, out, _ = run_coach(["adoption", "sources", "--json"], capsys, monkeypatch, env)
    assert next(s for s in json.loads(out) if s["source"] == "directory")["how"] == "sync"


def test_a_slack_error_leaves_the_directory_as_it_was(tmp_path, fake_slack, capsys, monkeypatch):
    from bot.adoption.records import Person

    container = make_container(tmp_path / "data")
    container.adoption.ledger.import_directory([Person("ana@example.com", "Sales")], source="directory")
    fake_slack.script("users.list", error="missing_scope")
    env = {**cli_env(container), "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_API_URL": fake_slack.api_url, **WIDE}

    code, _, err = run_coach(["directory", "sync", "--from", "slack"], capsys, monkeypatch, env)

    assert code == 2 and "users:read.email" in err and len(err.strip().splitlines()) == 1
    code, out, _ = run_coach(["adoption", "sources", "--json"], capsys, monkeypatch, env)
    assert next(s for s in json.loads(out) if s["source"] == "directory")["rows"] == 1
