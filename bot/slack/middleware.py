"""Global middleware: each Slack event is handled once, and other bots' events are not handled at all.

Slack retries an event (X-Slack-Retry-Num) when it did not get a 200 in time; its event_id is the same, so
the retry is acknowledged here with a 200 and goes no further."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import BoltRequest, BoltResponse

from bot.slack.deps import SlackDeps

log = logging.getLogger(__name__)


def make_event_gate(deps: SlackDeps) -> Callable:
    def event_gate(body: dict, request: BoltRequest, next: Callable[[], BoltResponse]) -> BoltResponse | None:
        if body.get("type") != "event_callback":
            return next()
        event = body.get("event") or {}
        if event.get("bot_id") and event.get("type") in ("message", "app_mention"):
            return BoltResponse(status=200, body="")  # another bot (our own are dropped by Bolt already)
        event_id = body.get("event_id")
        if event_id and not deps.conversations.claim(f"event:{event_id}"):
            retry = request.headers.get("x-slack-retry-num", ["-"])[0]
            log.info("Duplicate event %s (retry %s) acknowledged without handling", event_id, retry)
            return BoltResponse(status=200, body="")
        return next()
    return event_gate
