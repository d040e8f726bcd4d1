"""`coach slack manifest`: Socket Mode prints deploy/slack/manifest.yaml as it is; HTTP mode is the same
manifest with every request URL filled in from one base URL; a bad base URL is one line and prints nothing."""

import copy
import json

import pytest
import yaml

from tests.conftest import ROOT, run_coach

MANIFEST = ROOT / "deploy" / "slack" / "manifest.yaml"
BASE = "https://coach.example.com"


def coach(capsys, monkeypatch, *args: str, env: dict | None = None) -> tuple[int, str, str]:
    return run_coach(["slack", "manifest", *args], capsys, monkeypatch, env)


def without_urls(manifest: dict) -> dict:
    """``manifest`` with the URLs HTTP mode adds taken out again, and Socket Mode back on."""
    m = copy.deepcopy(manifest)
    m["settings"]["event_subscriptions"].pop("request_url")
    m["settings"]["interactivity"].pop("request_url")
    m["settings"]["interactivity"].pop("message_menu_options_url")
    m["settings"]["socket_mode_enabled"] = True
    for command in m["features"]["slash_commands"]:
        command.pop("url")
    m["oauth_config"].pop("redirect_urls", None)
    return m


def test_socket_mode_prints_the_manifest_file_itself(capsys, monkeypatch):
    code, out, _ = coach(capsys, monkeypatch)
    assert code == 0 and out == MANIFEST.read_text()
    code, out, _ = coach(capsys, monkeypatch, "--json")
    assert code == 0 and json.loads(out) == yaml.safe_load(MANIFEST.read_text())


@pytest.mark.parametrize("base", [BASE, BASE + "/", "  https://coach.example.com  "])
def test_http_mode_fills_every_request_url_from_the_base_url(capsys, monkeypatch, base):
    code, out, err = coach(capsys, monkeypatch, "--http", base)
    assert code == 0, err
    http = yaml.safe_load(out)
    events = BASE + "/slack/events"
    settings = http["settings"]
    assert settings["socket_mode_enabled"] is False
    assert settings["event_subscriptions"]["request_url"] == events
    assert settings["interactivity"] == {"is_enabled": True, "request_url": events,
                                         "message_menu_options_url": events}
    assert [c["url"] for c in http["features"]["slash_commands"]] == [events] * 4
    assert "redirect_urls" not in http["oauth_config"]  # no OAuth set up, none asked for
    assert without_urls(http) == yaml.safe_load(MANIFEST.read_text())  # the rest is the file's, unchanged
    assert out.startswith("# Slack app manifest for adoption coach in HTTP mode at https://coach.example.com,")


def test_the_oauth_redirect_url_comes_with_oauth_settings_or_the_flag(capsys, monkeypatch):
    redirect = [BASE + "/slack/oauth_redirect"]
    code, out, _ = coach(capsys, monkeypatch, "--http", BASE, "--oauth", "--json")
    assert code == 0 and json.loads(out)["oauth_config"]["redirect_urls"] == redirect
    assert without_urls(json.loads(out)) == yaml.safe_load(MANIFEST.read_text())
    env = {"SLACK_CLIENT_ID": "111.222", "SLACK_CLIENT_SECRET": "client-secret-value-123"}
    code, out, _ = coach(capsys, monkeypatch, "--base-url", "https://coach.example.com:8443", env=env)
    assert code == 0 and yaml.safe_load(out)["oauth_config"]["redirect_urls"] == [
        "https://coach.example.com:8443/slack/oauth_redirect"]


@pytest.mark.parametrize("args, message", [
    (["--http", "http://coach.example.com"], "--http needs an https:// address"),
    (["--http", "coach.example.com"], "--http needs an https:// address"),
    (["--http", "https://coach.example.com/slack/events"], "leave out '/slack/events'"),
    (["--http", "https://coach.example.com/bot/"], "leave out '/bot/'"),
    (["--http", "https://coach.example.com?team=T1"], "without '?…' or '#…'"),
    (["--http", "https://coach.example.com/#top"], "without '?…' or '#…'"),
    (["--http", "https://coach.example.com?"], "without '?…' or '#…'"),
    (["--http", "https://"], "--http needs a host name"),
    (["--http", "https://admin:pw@coach.example.com"], "without a user name or password"),
    (["--http", "https://coach.example.com:99999"], "is not a number from 1 to 65535"),
    (["--http", "https://coach.example.com:0"], "is not a number from 1 to 65535"),
    (["--http", "https://coach example.com"], "without spaces"),
    (["--http", ""], "without spaces"),
    (["--oauth"], "--oauth needs --http BASE_URL"),
])
def test_a_bad_base_url_is_one_line_and_prints_no_manifest(capsys, monkeypatch, args, message):
    code, out, err = coach(capsys, monkeypatch, *args)
    assert code == 2 and out == ""
    assert message in " ".join(err.split()) and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_the_commands_in_the_slack_guide_run(capsys, monkeypatch):
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse((ROOT / "deploy" / "slack" / "README.md").read_text())
    code = [t.content for t in tokens if t.type == "fence"]
    code += [c.content for t in tokens for c in t.children or [] if c.type == "code_inline"]
    commands = {" ".join(line.split("#")[0].split()) for text in code for line in text.splitlines()
                if line.strip().startswith("coach slack manifest")}
    runnable = sorted(c for c in commands if "BASE_URL" not in c and "…" not in c)
    assert "coach slack manifest --http https://coach.example.com" in runnable
    for command in runnable:
        status, out, err = run_coach(command.split()[1:], capsys, monkeypatch)
        assert status == 0, (command, err)
        assert ("--http" in command) == ("/slack/events" in out), command
