"""`coach survey create` checks the audience when the survey is created; `coach survey launch` without Slack
tokens refuses (nothing changes) unless --queue says the invitations are to wait for the bot with tokens."""

import json

import pytest

from bot.surveys.audience import parse_audience
from bot.surveys.definition import SurveyError
from tests.conftest import cli_env, run_coach

CREATE = ["survey", "create", "--title", "Pulse", "--closes", "2099-01-31", "--template", "pulse"]


def coach(args, capsys, monkeypatch, container):
    return run_coach(args, capsys, monkeypatch, cli_env(container))


def surveys(capsys, monkeypatch, container) -> list[dict]:
    code, out, _ = coach(["survey", "status", "--json"], capsys, monkeypatch, container)
    assert code == 0
    return json.loads(out)


@pytest.mark.parametrize("audience, message", [
    ("#general", "'#general' is a channel name; give the channel's id (C…"),
    ("U0A1,#ai-pilot", "'#ai-pilot' is a channel name"),
    ("@ann", "'@ann' is a name; give the member id (U…"),
    ("u0a1b2c3d", "Slack ids are written in capitals (U0A1B2C3D)"),
    ("GENERAL", "'GENERAL' is not a Slack user, channel or user group id"),
    ("ann@example.com", "is not a Slack user, channel or user group id"),
])
def test_a_malformed_audience_is_refused_when_the_survey_is_created(container, capsys, monkeypatch, audience,
                                                                    message):
    code, _, err = coach([*CREATE, "--audience", audience], capsys, monkeypatch, container)
    assert code == 2 and message in " ".join(err.split()) and len(err.strip().splitlines()) <= 2
    assert surveys(capsys, monkeypatch, container) == []


def test_slack_ids_and_mentions_still_parse():
    audience = parse_audience("U0A1B2C3D, #C0123ABCD <#C0456DEFG|general> <!subteam^S0TEAM1|@pilots> W0ENT1")
    assert audience.to_json() == {"users": ["U0A1B2C3D", "W0ENT1"], "channels": ["C0123ABCD", "C0456DEFG"],
                                  "groups": ["S0TEAM1"]}
    with pytest.raises(SurveyError, match="channel name"):
        parse_audience("#sales2025")  # lower case: a channel's name, even with digits in it


def test_launch_without_slack_tokens_refuses_and_changes_nothing(container, capsys, monkeypatch):
    code, out, _ = coach([*CREATE, "--audience", "U0CLI1,U0CLI2"], capsys, monkeypatch, container)
    assert code == 0 and "Created survey 1" in out and "launching needs SLACK_BOT_TOKEN" in " ".join(out.split())
    code, _, err = coach(["survey", "launch", "1"], capsys, monkeypatch, container)
    flat = " ".join(err.split())
    assert code == 2 and "sent only by the bot running with Slack tokens" in flat and "Nothing was changed" in flat
    [draft] = surveys(capsys, monkeypatch, container)
    assert (draft["status"], draft["invited"], draft["outbox"]) == ("draft", 0, {})
    code, _, err = coach(["survey", "launch", "1", "--send"], capsys, monkeypatch, container)
    assert code == 2 and "--send needs SLACK_BOT_TOKEN" in err
    assert surveys(capsys, monkeypatch, container)[0]["status"] == "draft"


def test_launch_with_queue_says_plainly_the_invitations_wait_for_the_bot_with_tokens(container, capsys, monkeypatch):
    coach([*CREATE, "--audience", "U0CLI1,U0CLI2"], capsys, monkeypatch, container)
    code, out, _ = coach(["survey", "launch", "1", "--queue"], capsys, monkeypatch, container)
    flat = " ".join(out.split())
    assert code == 0 and "Survey 1 is open: 2 people invited." in flat
    assert "no DM goes out until the bot runs with Slack tokens" in flat and "queued; the running bot" not in flat
    [opened] = surveys(capsys, monkeypatch, container)
    assert (opened["status"], opened["outbox"]) == ("open", {"pending": 2})
    coach([*CREATE, "--audience", "U0CLI1", "--opens", "2099-01-02"], capsys, monkeypatch, container)
    code, out, _ = coach(["survey", "launch", "2", "--queue"], capsys, monkeypatch, container)
    flat = " ".join(out.split())
    assert code == 0 and "is scheduled" in flat and "opens it on its first day and sends the invitations" in flat


def test_channel_audiences_without_slack_are_refused_at_launch_with_queue(container, capsys, monkeypatch):
    coach([*CREATE, "--audience", "C0123ABCD"], capsys, monkeypatch, container)
    code, _, err = coach(["survey", "launch", "1", "--queue"], capsys, monkeypatch, container)
    assert code == 2 and "looked up in Slack" in err
    assert surveys(capsys, monkeypatch, container)[0]["status"] == "draft"
