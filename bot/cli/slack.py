"""`coach slack manifest`: the Slack app manifest to create or update the app from, for Socket Mode (the file
deploy/slack/manifest.yaml as it is) or for HTTP mode (the same, with every request URL filled in from one
public base URL, and the OAuth redirect URL when the app installs through OAuth)."""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import typer
import yaml

from bot.cli.common import container
from bot.errors import UserError

MANIFEST = Path(__file__).resolve().parents[2] / "deploy" / "slack" / "manifest.yaml"
EXAMPLE = "https://coach.example.com"

slack_app = typer.Typer(help="Setting up the Slack app: the manifest to create it from.", no_args_is_help=True)


def base_url(value: str, flag: str = "--http") -> str:
    """The public address Slack sends requests to: https, a host, nothing after it (a trailing / is dropped)."""
    text = value.strip()
    if not text or any(ch.isspace() for ch in text):
        raise UserError(f"{flag} takes one address without spaces, like {EXAMPLE}; got {value!r}.")
    parts = urlsplit(text)
    if parts.scheme.lower() != "https":
        raise UserError(f"{flag} needs an https:// address (Slack sends requests over HTTPS only), like {EXAMPLE}; "
                        f"got {value!r}.")
    try:
        if parts.port == 0:  # a ValueError already for one that is not a number from 0 to 65535
            raise ValueError
    except ValueError:
        raise UserError(f"{flag}: the port in {value!r} is not a number from 1 to 65535.") from None
    if not parts.hostname:
        raise UserError(f"{flag} needs a host name, like {EXAMPLE}; got {value!r}.")
    if parts.username is not None or parts.password is not None:
        raise UserError(f"{flag} takes the address without a user name or password; got {value!r}.")
    if parts.path not in ("", "/"):
        raise UserError(f"{flag} takes the base address only, like {EXAMPLE}: leave out {parts.path!r} "
                        "(the command adds the paths the bot serves).")
    if parts.query or parts.fragment or text.endswith(("?", "#")):
        raise UserError(f"{flag} takes the base address only, without '?…' or '#…'; got {value!r}.")
    return f"https://{parts.netloc}"


def manifest_text() -> str:
    """deploy/slack/manifest.yaml, the Socket Mode manifest: the one source of the app's scopes, events,
    commands and features."""
    try:
        return MANIFEST.read_text(encoding="utf-8")
    except OSError as exc:
        raise UserError(f"Cannot read the Slack manifest {MANIFEST}: {exc.strerror or exc}.") from None


def http_manifest(manifest: dict, base: str, *, oauth: bool) -> dict:
    """``manifest`` for HTTP mode: Socket Mode off, and Slack's requests sent to the bot at ``base`` (a checked
    base URL): events, interactivity, the select menus' options and every slash command to POST /slack/events
    (the one path Bolt's HTTP handler serves), and with ``oauth`` the redirect after an install."""
    from bot.slack.http import EVENTS_PATH
    from bot.slack.oauth import REDIRECT_PATH

    result = copy.deepcopy(manifest)
    requests = base + EVENTS_PATH
    settings = result["settings"]
    settings["event_subscriptions"] = {"request_url": requests, **settings["event_subscriptions"]}
    settings["interactivity"] = {**settings["interactivity"], "request_url": requests,
                                 "message_menu_options_url": requests}
    settings["socket_mode_enabled"] = False
    result["features"]["slash_commands"] = [{"command": c["command"], "url": requests, **c}
                                            for c in result["features"].get("slash_commands", [])]
    if oauth:
        result["oauth_config"] = {"redirect_urls": [base + REDIRECT_PATH], **result["oauth_config"]}
    return result


def dashboard_manifest(manifest: dict, base: str) -> dict:
    """``manifest`` with Sign in with Slack for the web dashboard at ``base`` (bot.web.signin): its redirect URL
    and the OpenID Connect user scopes."""
    from bot.web.signin import CALLBACK_PATH, SCOPES

    result = copy.deepcopy(manifest)
    oauth = result.setdefault("oauth_config", {})
    oauth["redirect_urls"] = [*oauth.get("redirect_urls", []), base + CALLBACK_PATH]
    scopes = oauth.setdefault("scopes", {})
    scopes["user"] = [*scopes.get("user", []), *(s for s in SCOPES if s not in scopes.get("user", []))]
    return result


def _header(base: str | None, oauth: bool, dashboard: str | None) -> str:
    made_by = "coach slack manifest" + (f" --http {base}" if base else "") + (" --oauth" if oauth else "") + (
        f" --dashboard {dashboard}" if dashboard else "")
    mode = f"HTTP mode at {base}" if base else "Socket Mode"
    lines = [f"# Slack app manifest for adoption coach in {mode},", f"# made from deploy/slack/manifest.yaml by `{made_by}`."]
    if base:
        lines += ["# Start `coach run --http` before saving it: Slack checks the events URL when the manifest is saved",
                  "# (deploy/slack/README.md, HTTP mode)."]
    if dashboard:
        lines.append(f"# People sign in to the dashboard at {dashboard}/app with Slack (docs/dashboard.md).")
    return "\n".join(lines) + "\n"


@slack_app.command("manifest")
def manifest_command(
        http: Annotated[str | None, typer.Option(
            "--http", "--base-url", metavar="BASE_URL",
            help=f"HTTP mode: the bot's public https address, e.g. {EXAMPLE}; every request URL is filled "
                 "in from it (default: Socket Mode, no URLs)")] = None,
        oauth: Annotated[bool, typer.Option(
            "--oauth", help="Add the OAuth redirect URL (installs in several workspaces); on by itself when "
                            "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set. Needs --http")] = False,
        dashboard: Annotated[str | None, typer.Option(
            "--dashboard", metavar="BASE_URL",
            help="Add Sign in with Slack for the web dashboard at this public https address (its redirect URL "
                 "and the openid, profile and email user scopes)")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="JSON instead of YAML")] = False) -> None:
    """Print the Slack app manifest to paste into api.slack.com › Create New App › From a manifest (or App
    Manifest, to update an app)."""
    if http is None and oauth:
        raise UserError("--oauth needs --http BASE_URL: after an install Slack redirects to the bot's public "
                        "address.")
    web = base_url(dashboard, "--dashboard") if dashboard is not None else None
    if http is None and web is None:
        text = manifest_text()
        sys.stdout.write(json.dumps(yaml.safe_load(text), indent=2, ensure_ascii=False) + "\n" if as_json
                         else text)  # YAML: the file itself, comments and all
        return
    manifest, base = yaml.safe_load(manifest_text()), None
    if http is not None:
        base = base_url(http)
        oauth = oauth or container().settings.multi_workspace
        manifest = http_manifest(manifest, base, oauth=oauth)
    if web is not None:
        manifest = dashboard_manifest(manifest, web)
    if as_json:
        sys.stdout.write(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(_header(base, oauth, web) + yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True,
                                                                     width=110))
