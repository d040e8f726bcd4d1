"""The manifest is valid for Slack and matches what the code listens to and asks for."""

import json
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
    result = subprocess.run([sys.executable, str(CHECKER), str(MANIFEST)], check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# HTTP mode: `coach slack manifest --http BASE_URL` ----------------------------------------------------------------

BASE = "https://coach.example.com"


def _http_manifest(capsys, monkeypatch, *extra: str) -> tuple[str, dict]:
    from tests.conftest import run_coach

    code, out, err = run_coach(["slack", "manifest", "--http", BASE, *extra], capsys, monkeypatch)
    assert code == 0, err
    return out, yaml.safe_load(out)


def _request_urls(manifest: dict) -> list[str]:
    """Every URL Slack sends a request to (POST), as the manifest names them."""
    settings = manifest["settings"]
    return [settings["event_subscriptions"]["request_url"], settings["interactivity"]["request_url"],
            settings["interactivity"]["message_menu_options_url"],
            *(c["url"] for c in manifest["features"]["slash_commands"])]


def test_every_request_url_of_the_http_manifest_is_served_by_the_app(slack, capsys, monkeypatch):
    from urllib.parse import urlsplit

    _, http = _http_manifest(capsys, monkeypatch)
    urls = _request_urls(http)
    assert len(urls) == 3 + len(http["features"]["slash_commands"]) and all(u.startswith(BASE + "/") for u in urls)
    for path in sorted({urlsplit(u).path for u in urls}):  # Slack's check of a request URL, signed, on its path
        body = json.dumps({"token": "legacy", "challenge": f"c-{path}", "type": "url_verification"})
        resp = slack.sender.post(body, "application/json", path=path)
        assert resp.status == 200 and f"c-{path}" in resp.body, (path, resp.status, resp.body)
    not_served = slack.sender.post(json.dumps({"type": "url_verification", "challenge": "c"}), "application/json",
                                   path="/slack/commands")
    assert not_served.status == 404  # a URL the app does not serve fails this check


def test_the_oauth_redirect_url_is_served_when_the_app_installs_through_oauth(oauth_slack, capsys, monkeypatch):
    from urllib.parse import urlsplit

    _, http = _http_manifest(capsys, monkeypatch, "--oauth")
    [redirect] = http["oauth_config"]["redirect_urls"]
    assert redirect.startswith(BASE + "/")
    served = oauth_slack.sender.request("GET", f"{urlsplit(redirect).path}?code=abc&state=forged")
    assert served.status == 400 and "oauth flow" in served.body.lower()  # Bolt's OAuth flow refused the state
    assert oauth_slack.sender.request("GET", "/slack/oauth").status == 404
    assert oauth_slack.fake.calls_to("oauth.v2.access") == []


@pytest.mark.skipif(not CHECKER.exists(), reason="shared/tools/check_manifest.py is not beside this checkout")
@pytest.mark.parametrize("extra", [(), ("--oauth",), ("--json",), ("--dashboard", BASE),
                                   ("--oauth", "--dashboard", "https://dash.example.com")])
def test_the_http_manifest_validates_against_slacks_schema(tmp_path, capsys, monkeypatch, extra):
    out, _ = _http_manifest(capsys, monkeypatch, *extra)
    path = tmp_path / ("manifest.json" if "--json" in extra else "manifest.yaml")
    path.write_text(out)
    result = subprocess.run([sys.executable, str(CHECKER), str(path)], check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# The web dashboard: `coach slack manifest [--http BASE_URL] --dashboard BASE_URL` ----------------------------------

def test_the_dashboard_adds_its_sign_in_redirect_and_the_openid_scopes(capsys, monkeypatch):
    from bot.web.signin import CALLBACK_PATH
    from tests.conftest import run_coach

    code, out, err = run_coach(["slack", "manifest", "--dashboard", "https://dash.example.com/", "--json"], capsys,
                               monkeypatch)
    assert code == 0, err
    manifest = json.loads(out)
    assert manifest["settings"]["socket_mode_enabled"] is True  # Socket Mode stays as it was
    assert manifest["oauth_config"]["redirect_urls"] == ["https://dash.example.com" + CALLBACK_PATH]
    assert manifest["oauth_config"]["scopes"]["user"] == ["openid", "profile", "email"]
    assert manifest["oauth_config"]["scopes"]["bot"] == yaml.safe_load(MANIFEST.read_text())["oauth_config"]["scopes"]["bot"]

    _, both = _http_manifest(capsys, monkeypatch, "--oauth", "--dashboard", BASE)
    assert len(both["oauth_config"]["redirect_urls"]) == 2 and BASE + CALLBACK_PATH in both["oauth_config"]["redirect_urls"]


def test_a_dashboard_address_that_is_not_https_is_refused_in_one_line(capsys, monkeypatch):
    from tests.conftest import run_coach

    code, out, err = run_coach(["slack", "manifest", "--dashboard", "http://dash.example.com"], capsys, monkeypatch)
    assert code == 2 and out == "" and err.strip().count("\n") == 0 and "--dashboard needs an https://" in err
