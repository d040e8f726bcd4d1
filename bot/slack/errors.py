"""The global error handler: the person gets a short apology with a reference id; the log gets the
detail under the same id (tokens are redacted by bot.slack.redact)."""

from __future__ import annotations

import logging
import uuid

from slack_sdk import WebClient

from bot.slack.blocks.answer import notice
from bot.slack.blocks.text import escape
from bot.slack.client import webhook

log = logging.getLogger("bot.slack")


def apology(ref: str, human_contact: str) -> dict:
    return notice(f":warning: Sorry, something went wrong on my side (reference `{ref}`). Please try again; "
                  f"if it keeps happening, tell {escape(human_contact)} the reference.")


def where(body: dict) -> str:
    kind = body.get("type") or ("slash_command" if body.get("command") else "unknown")
    detail = (body.get("event") or {}).get("type") or body.get("command") or (body.get("view") or {}).get(
        "callback_id") or ",".join(a.get("action_id", "") for a in body.get("actions") or []) or body.get(
        "callback_id") or ""
    return f"{kind}:{detail}"


def _user(body: dict) -> str | None:
    return ((body.get("event") or {}).get("user") or (body.get("user") or {}).get("id") or body.get("user_id"))


def tell_user(client: WebClient, body: dict, message: dict) -> None:
    """Reach the person behind a request privately: response_url, thread of the event, else a DM."""
    event = body.get("event") or {}
    if body.get("response_url"):
        webhook(body["response_url"]).send(response_type="ephemeral", replace_original=False, **message)
    elif event.get("channel") and event.get("type") != "app_home_opened":
        client.chat_postMessage(channel=event["channel"], thread_ts=event.get("thread_ts") or event.get("ts"),
                                **message)
    elif _user(body):
        client.chat_postMessage(channel=_user(body), **message)


def make_error_handler(human_contact: str):
    def handle_error(error: Exception, body: dict, client: WebClient) -> None:
        ref = uuid.uuid4().hex[:8]
        log.error("Listener failed [ref %s] on %s: %s", ref, where(body), type(error).__name__, exc_info=error)
        try:
            tell_user(client, body, apology(ref, human_contact))
        except Exception as exc:  # Slack unreachable too: the log line above is all we can do
            log.error("Could not send the apology [ref %s]: %s", ref, type(exc).__name__)
    return handle_error
