"""The Bolt app: one place that wires settings, clients, middleware, listeners and the error handler.

It gets built objects (settings, the listeners' SlackDeps, the workspaces, the answer queue) from the
composition root (bot.container), never the container itself. Bolt's listener threads (COACH_SLACK_WORKERS)
only ack and queue; the answer queue's own threads answer (bot.slack.answer_queue), and its failures reach
the same error handler as the listeners'."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App

from bot.config import Settings
from bot.errors import UserError
from bot.slack.answer_queue import AnswerQueue
from bot.slack.client import web_client
from bot.slack.deps import SlackDeps
from bot.slack.errors import make_error_handler
from bot.slack.listeners import register_listeners
from bot.slack.middleware import make_event_gate
from bot.slack.oauth import oauth_settings
from bot.slack.workspaces import Workspaces

log = logging.getLogger(__name__)


def check_credentials(settings: Settings, *, verify_requests: bool, oauth: bool) -> None:
    """The Slack credentials the app cannot start without, each missing one a one-line UserError."""
    if verify_requests and not settings.slack_signing_secret:
        raise UserError("HTTP mode needs SLACK_SIGNING_SECRET (Slack app › Basic Information › Signing Secret).")
    if not oauth and settings.slack_bot_token is None:
        raise UserError("Set SLACK_BOT_TOKEN (xoxb-…), or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for "
                        "multi-workspace installs.")


def new_answer_queue(settings: Settings) -> AnswerQueue:
    """The answer queue sized by settings; what fails on it gets the listeners' error handling (an apology)."""
    return AnswerQueue(settings.answer_workers, settings.answer_queue_size,
                       on_error=make_error_handler(settings.human_contact))


def build_app(settings: Settings, deps: SlackDeps, workspaces: Workspaces, *, verify_requests: bool = True,
              answer_queue: AnswerQueue | None = None) -> App:
    """The app for Socket Mode (``verify_requests=False``: the socket is already authenticated) or HTTP;
    ``answer_queue`` is the process's (Container.answer_queue), else one of its own."""
    s = settings
    check_credentials(s, verify_requests=verify_requests, oauth=workspaces.oauth)
    secret = s.slack_signing_secret.get_secret_value() if s.slack_signing_secret else None
    common = dict(signing_secret=secret or "", request_verification_enabled=verify_requests,
                  process_before_response=False, raise_error_for_unhandled_request=False,
                  listener_executor=ThreadPoolExecutor(max_workers=s.slack_workers, thread_name_prefix="coach"))
    if workspaces.oauth:
        app = App(client=web_client(s), oauth_settings=oauth_settings(s, workspaces), **common)
        app.enable_token_revocation_listeners()
    else:
        token = s.slack_bot_token.get_secret_value()
        app = App(client=web_client(s, token), **common)  # Bolt takes the token from the client

        @app.event("tokens_revoked")
        @app.event("app_uninstalled")
        def on_uninstalled(event: dict) -> None:  # single-workspace: nothing stored to remove
            log.warning("Slack sent %s; the bot token will stop working.", event.get("type"))
    app.use(make_event_gate(deps))
    register_listeners(app, deps, answer_queue or new_answer_queue(s))
    app.error(make_error_handler(s.human_contact))
    return app
