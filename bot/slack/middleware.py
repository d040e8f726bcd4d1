"""Global middleware: each Slack event is handled once, and other bots' events are not handled at all.

Slack retries an event (X-Slack-Retry-Num) when it did not get a 200 in time; its event_id is the same. The
gate claims ``event:<id>`` on arrival, and the claim stays "in progress" until the answer is posted
(bot.slack.answering). A retry is acknowledged here with a 200 and goes no further, unless its event was
claimed longer ago than the lease (COACH_EVENT_LEASE_SECONDS) and never finished: the process that took it
died before answering, so this retry takes the claim over and is handled (ConversationService.claim)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import BoltRequest, BoltResponse

from bot.slack.answering import event_key, is_retry
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
        if event_id and not deps.conversations.claim(event_key(event_id), take_over=is_retry(request)):
            number = request.headers.get("x-slack-retry-num", ["-"])[0]
            log.info("Duplicate event %s (retry %s) acknowledged without handling", event_id, number)
            return BoltResponse(status=200, body="")
        return next()
    return event_gate
