"""Web API clients: Slack's base URL from settings, and slack_sdk's retry handlers.

Every call is retried on a 429 (Slack did nothing; it says when to come back). A 5xx answer or a dropped
connection is retried only for calls that are safe to repeat: reads, and writes whose repeat changes
nothing (the same DM opened, the same Home tab or view written again). A message post, an ephemeral, a file
shared into a channel may already have happened when the answer is lost, and a retry would post it twice;
those fail instead (a nudge slot is then marked failed, never posted twice)."""

from __future__ import annotations

from urllib.parse import urlparse

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.webhook import WebhookClient

from bot.config import Settings

TIMEOUT_SECONDS = 10
MAX_RETRIES = 2
# Web API methods whose name does not say "read" but that are safe to send twice
REPEATABLE = frozenset({"auth.test", "conversations.open", "views.publish", "views.update", "apps.connections.open"})
# ... and the read verbs: users.info, users.list, users.profile.get, conversations.history/replies/members,
# files.getUploadURLExternal (an unused upload URL is harmless), users.lookupByEmail
READ_VERBS = ("get", "list", "info", "history", "replies", "members", "lookup")


def error_code(exc: SlackApiError) -> str:
    """Slack's error code for a refused call ("not_in_channel"), for messages and logs."""
    return (exc.response.get("error") if exc.response is not None else None) or "unknown_error"


def api_method(request: HttpRequest) -> str:
    """The Web API method a request calls ("chat.postMessage"): the last part of its URL's path."""
    return urlparse(request.url).path.rsplit("/", 1)[-1]


def repeatable(method: str) -> bool:
    return method in REPEATABLE or method.rsplit(".", 1)[-1].startswith(READ_VERBS)


class _OnlyRepeatable:
    """Mixed into a slack_sdk retry handler: no retry for a call that may not be sent twice."""

    def _can_retry(self, *, state, request, response=None, error=None) -> bool:
        return repeatable(api_method(request)) and super()._can_retry(state=state, request=request,
                                                                       response=response, error=error)


class RepeatableServerErrorRetryHandler(_OnlyRepeatable, ServerErrorRetryHandler):
    """5xx answers, for calls that are safe to repeat."""


class RepeatableConnectionErrorRetryHandler(_OnlyRepeatable, ConnectionErrorRetryHandler):
    """Dropped connections, for calls that are safe to repeat."""


def retry_handlers() -> list:
    return [RepeatableConnectionErrorRetryHandler(max_retry_count=MAX_RETRIES),
            RateLimitErrorRetryHandler(max_retry_count=MAX_RETRIES),
            RepeatableServerErrorRetryHandler(max_retry_count=MAX_RETRIES)]


def api_base_url(settings: Settings) -> str:
    url = settings.slack_api_url.strip()
    return url if url.endswith("/") else url + "/"


def web_client(settings: Settings, token: str | None = None) -> WebClient:
    return WebClient(token=token, base_url=api_base_url(settings), timeout=TIMEOUT_SECONDS,
                     retry_handlers=retry_handlers())


def webhook(url: str) -> WebhookClient:
    """For response_url replies (ephemeral answers, refusals) outside Bolt's respond(). Each reply is a post
    that may not be sent twice: only 429s are retried."""
    return WebhookClient(url, timeout=TIMEOUT_SECONDS, retry_handlers=[RateLimitErrorRetryHandler(MAX_RETRIES)])
