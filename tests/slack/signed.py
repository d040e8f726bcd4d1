"""Sending Slack-shaped, signed requests to the app over real HTTP (tests and benchmark).

Payload builders follow the shapes Slack documents for the Events API (event_callback), slash commands
(form-encoded), and interactivity (form field ``payload`` with block_actions, view_submission,
message_action)."""

from __future__ import annotations

import http.client
import itertools
import json
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from tests.slack.fake_slack import APP_ID, BOT_ID, BOT_USER_ID, TEAM_ID

_ids = itertools.count(1)


def new_ts() -> str:
    return f"{1710000000 + next(_ids)}.{next(_ids):06d}"


def new_event_id() -> str:
    return f"Ev{next(_ids):010d}"


@dataclass
class Response:
    status: int
    body: str
    elapsed_ms: float
    headers: dict | None = None

    def json(self):
        return json.loads(self.body)


class SlackSender:
    def __init__(self, app_url: str, signing_secret: str):
        self.app_url = app_url
        self.host, port = app_url.removeprefix("http://").split(":")
        self.port = int(port)
        self.secret = signing_secret
        self.verifier = SignatureVerifier(signing_secret)

    # transport ------------------------------------------------------------------------------------
    def post(self, body: str | bytes, content_type: str, *, path: str = "/slack/events",
             timestamp: int | None = None, signature: str | None = None, extra: dict | None = None) -> Response:
        raw = body.encode() if isinstance(body, str) else body
        ts = str(int(time.time()) if timestamp is None else timestamp)
        sig = signature or self.verifier.generate_signature(timestamp=ts, body=raw.decode("utf-8", "replace"))
        headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig,
                   **(extra or {})}
        return self.request("POST", path, raw, headers)

    def request(self, method: str, path: str, body: bytes = b"", headers: dict | None = None) -> Response:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
        started = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            data = resp.read().decode("utf-8", "replace")
            return Response(resp.status, data, (time.perf_counter() - started) * 1000, dict(resp.getheaders()))
        finally:
            conn.close()

    # Slack request kinds ---------------------------------------------------------------------------
    def event(self, event: dict, *, event_id: str | None = None, retry: int | None = None, **kw) -> Response:
        envelope = {"token": "legacy-verification-token", "team_id": TEAM_ID, "api_app_id": APP_ID,
                    "event": event, "type": "event_callback", "event_id": event_id or new_event_id(),
                    "event_time": int(time.time()), "authorizations": [
                        {"enterprise_id": None, "team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True,
                         "is_enterprise_install": False}],
                    "is_ext_shared_channel": False, "event_context": "4-eyJldCI6ImFwcF9tZW50aW9uIn0"}
        extra = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else None
        return self.post(json.dumps(envelope), "application/json", extra=extra, **kw)

    def command(self, text: str, *, user: str = "U0EMPLOYEE", channel: str = "C0GENERAL",
                response_url: str, name: str = "/coach", **kw) -> Response:
        form = {"token": "legacy", "team_id": TEAM_ID, "team_domain": "coach-test", "channel_id": channel,
                "channel_name": "general", "user_id": user, "user_name": user.lower(), "command": name,
                "text": text, "api_app_id": APP_ID, "is_enterprise_install": "false",
                "response_url": response_url, "trigger_id": f"{next(_ids)}.{next(_ids)}.trigger"}
        return self.post(urlencode(form), "application/x-www-form-urlencoded", **kw)

    def interaction(self, payload: dict, **kw) -> Response:
        return self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded", **kw)

    # payload builders ------------------------------------------------------------------------------
    @staticmethod
    def mention(text: str, *, user: str = "U0EMPLOYEE", channel: str = "C0GENERAL", ts: str | None = None,
                thread_ts: str | None = None) -> dict:
        ev = {"type": "app_mention", "user": user, "text": f"<@{BOT_USER_ID}> {text}", "ts": ts or new_ts(),
              "channel": channel, "event_ts": ts or new_ts(), "team": TEAM_ID}
        if thread_ts:
            ev["thread_ts"] = thread_ts
        return ev

    @staticmethod
    def message(text: str, *, user: str = "U0EMPLOYEE", channel: str = "C0GENERAL", channel_type: str = "channel",
                ts: str | None = None, thread_ts: str | None = None, **extra) -> dict:
        ts = ts or new_ts()
        ev = {"type": "message", "user": user, "text": text, "ts": ts, "channel": channel,
              "channel_type": channel_type, "event_ts": ts, "team": TEAM_ID, **extra}
        if thread_ts:
            ev["thread_ts"] = thread_ts
        return ev

    @staticmethod
    def block_action(action_id: str, value: str, *, user: str = "U0EMPLOYEE", channel: str = "C0GENERAL",
                     response_url: str | None = None, container: dict | None = None) -> dict:
        payload = {"type": "block_actions", "user": {"id": user, "username": user.lower(), "team_id": TEAM_ID},
                   "api_app_id": APP_ID, "token": "legacy", "team": {"id": TEAM_ID, "domain": "coach-test"},
                   "trigger_id": f"{next(_ids)}.{next(_ids)}.trigger",
                   "container": container or {"type": "message", "message_ts": new_ts(), "channel_id": channel,
                                              "is_ephemeral": False},
                   "channel": {"id": channel, "name": "general"},
                   "actions": [{"type": "button", "action_id": action_id, "block_id": "answer_actions",
                                "text": {"type": "plain_text", "text": "button", "emoji": True}, "value": value,
                                "action_ts": new_ts()}]}
        if response_url:
            payload["response_url"] = response_url
        return payload

    @staticmethod
    def view_submission(callback_id: str, values: dict, private_metadata: str = "", *,
                        user: str = "U0EMPLOYEE") -> dict:
        return {"type": "view_submission", "team": {"id": TEAM_ID, "domain": "coach-test"},
                "user": {"id": user, "username": user.lower(), "team_id": TEAM_ID}, "api_app_id": APP_ID,
                "token": "legacy", "trigger_id": f"{next(_ids)}.{next(_ids)}.trigger",
                "view": {"id": "V0VIEW", "team_id": TEAM_ID, "type": "modal", "callback_id": callback_id,
                         "private_metadata": private_metadata, "state": {"values": values}, "hash": "1.abc",
                         "title": {"type": "plain_text", "text": "Feedback"}, "blocks": [], "app_id": APP_ID,
                         "bot_id": BOT_ID},
                "response_urls": []}

    @staticmethod
    def message_shortcut(message: dict, *, user: str = "U0EMPLOYEE", channel: str = "C0GENERAL",
                         response_url: str = "") -> dict:
        return {"type": "message_action", "callback_id": "give_ai_feedback", "token": "legacy",
                "trigger_id": f"{next(_ids)}.{next(_ids)}.trigger", "action_ts": new_ts(),
                "team": {"id": TEAM_ID, "domain": "coach-test"}, "user": {"id": user, "name": user.lower()},
                "channel": {"id": channel, "name": "general"}, "message": message, "message_ts": message.get("ts"),
                "response_url": response_url, "is_enterprise_install": False}


def radio(value: str | None) -> dict:
    return {"choice": {"type": "radio_buttons", "selected_option": {"value": value} if value else None}}


def text_input(value: str | None) -> dict:
    return {"text": {"type": "plain_text_input", "value": value}}
