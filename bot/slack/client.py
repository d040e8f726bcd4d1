"""Web API clients: Slack's base URL from settings, and slack_sdk's retry handlers for 429s, dropped
connections and 5xx answers."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (ConnectionErrorRetryHandler, RateLimitErrorRetryHandler,
                                                   ServerErrorRetryHandler)
from slack_sdk.webhook import WebhookClient

from bot.config import Settings

TIMEOUT_SECONDS = 10


def retry_handlers() -> list:
    return [ConnectionErrorRetryHandler(max_retry_count=2), RateLimitErrorRetryHandler(max_retry_count=2),
            ServerErrorRetryHandler(max_retry_count=2)]


def api_base_url(settings: Settings) -> str:
    url = settings.slack_api_url.strip()
    return url if url.endswith("/") else url + "/"


def web_client(settings: Settings, token: str | None = None) -> WebClient:
    return WebClient(token=token, base_url=api_base_url(settings), timeout=TIMEOUT_SECONDS,
                     retry_handlers=retry_handlers())


def webhook(url: str) -> WebhookClient:
    """For response_url replies (ephemeral answers, refusals) outside Bolt's respond()."""
    return WebhookClient(url, timeout=TIMEOUT_SECONDS, retry_handlers=retry_handlers())
