"""The manifest is valid for Slack and matches what the code listens to and asks for."""

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.slack.oauth import BOT_SCOPES

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "deploy" / "slack" / "manifest.yaml"
CHECKER = ROOT.parent / "shared" / "tools" / "check_manifest.py"


@pytest.fixture(scope="module")
def manifest():
    return yaml.safe_load(MANIFEST.read_text())


def test_manifest_matches_the_code(manifest):
    from bot.slack.blocks.help import SUGGESTED_QUESTIONS
    from bot.slack.listeners.feedback import CALLBACK_ID

    features = manifest["features"]
    assert tuple(manifest["oauth_config"]["scopes"]["bot"]) == BOT_SCOPES
    assert {c["command"] for c in features["slash_commands"]} >= {"/coach", "/survey", "/kpi", "/incentive-audit"}
    assert [s["callback_id"] for s in features["shortcuts"]] == [CALLBACK_ID]
    assert [p["message"] for p in features["assistant_view"]["suggested_prompts"]] == list(SUGGESTED_QUESTIONS)
    assert features["app_home"]["home_tab_enabled"] and manifest["settings"]["interactivity"]["is_enabled"]
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert {"app_mention", "message.im", "message.channels", "app_home_opened", "assistant_thread_started"} <= events


def test_every_subscribed_event_has_a_listener(slack, manifest):
    for name in manifest["settings"]["event_subscriptions"]["bot_events"]:
        event_type = name.split(".")[0]
        event = {"type": event_type, "user": "U0EMPLOYEE", "channel": "D0X", "ts": "1.2", "event_ts": "1.2",
                 "tab": "messages", "channel_type": "im", "subtype": "message_changed",
                 "assistant_thread": {"user_id": "U0EMPLOYEE", "channel_id": "D0X", "thread_ts": "1.1",
                                      "context": {}}, "tokens": {"bot": []}}
        resp = slack.sender.event(event)
        assert resp.status == 200, (name, resp.status, resp.body)


@pytest.mark.skipif(not CHECKER.exists(), reason="shared/tools/check_manifest.py is not beside this checkout")
def test_manifest_validates_against_slacks_schema():
    result = subprocess.run([sys.executable, str(CHECKER), str(MANIFEST)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
