"""The global error handler: the person gets a short apology with a reference id; the log gets the
detail under the same id (tokens are redacted by bot.slack.redact)."""

from __future__ import annotations

import logging
import uuid

from slack_sdk import WebClient

from bot.slack.blocks.kit import notice
from bot.slack.blocks.text import escape
from bot.slack.client import webhook

log = logging.getLogger("bot.slack")


def apology(ref: str, human_contact: str) -> dict:
    return notice(f":warning: Sorry, something went wrong on my side (reference `{ref}`). Please try again; "
                  f"if it keeps happening, tell {escape(human_contact)} the reference.")


def _dict(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def where(body: object) -> str:
    """``event_callback:app_mention``, ``slash_command:/coach``… for the log; any body, however malformed."""
    body = _dict(body)
    actions = body.get("actions") if isinstance(body.get("actions"), list) else []
    kind = _str(body.get("type")) or ("slash_command" if _str(body.get("command")) else "unknown")
    detail = (_str(_dict(body.get("event")).get("type")) or _str(body.get("command"))
              or _str(_dict(body.get("view")).get("callback_id"))
              or ",".join(a["action_id"] for a in actions if isinstance(a, dict) and _str(a.get("action_id")))
              or _str(body.get("callback_id")) or "")
    return f"{kind[:64]}:{detail[:128]}"


def _user(body: dict) -> str | None:
    return (_str(_dict(body.get("event")).get("user")) or _str(_dict(body.get("user")).get("id"))
            or _str(body.get("user_id")))


def tell_user(client: WebClient, body: object, message: dict) -> None:
    """Reach the person behind a request privately: response_url, thread of the event, else a DM."""
    body = _dict(body)
    event = _dict(body.get("event"))
    if _str(body.get("response_url")):
        webhook(body["response_url"]).send(response_type="ephemeral", replace_original=False, **message)
    elif _str(event.get("channel")) and event.get("type") != "app_home_opened":
        thread = _str(event.get("thread_ts")) or _str(event.get("ts"))
        client.chat_postMessage(channel=event["channel"], thread_ts=thread, **message)
    elif _user(body):
        client.chat_postMessage(channel=_user(body), **message)


def make_error_handler(human_contact: str):
    def handle_error(error: Exception, body: dict, client: WebClient) -> None:
        # never raises: an error in here would reach the HTTP client as a 500
        ref = uuid.uuid4().hex[:8]
        try:
            log.error("Listener failed [ref %s] on %s: %s", ref, where(body), type(error).__name__, exc_info=error)
            tell_user(client, body, apology(ref, human_contact))
        except Exception as exc:  # Slack unreachable too, or a body of an unknown shape: the log is all we have
            log.error("Could not send the apology [ref %s]: %s", ref, type(exc).__name__)
    return handle_error
