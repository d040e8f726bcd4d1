"""Buttons: 👍/👎 under answers, "Share in channel" under private answers, the admin's gap report."""

from __future__ import annotations

import logging

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.feedback.service import FeedbackError
from bot.roles.service import ADMIN
from bot.slack.blocks.answer import FEEDBACK_DOWN, FEEDBACK_UP, SHARE, answer_messages, notice, section
from bot.slack.blocks.feedback import notice_view, reason_modal
from bot.slack.blocks.home import GAP_REPORT
from bot.slack.blocks.reports import gap_blocks
from bot.slack.deps import SlackDeps
from bot.slack.errors import tell_user

log = logging.getLogger(__name__)
BROKEN = "That button doesn't point to an answer I know, so nothing was recorded."


def _usage_id(action: dict) -> int:
    value = action.get("value") or ""
    if not value.isdigit():
        raise FeedbackError(BROKEN)
    return int(value)


def register(app: App, deps: SlackDeps) -> None:
    @app.action(FEEDBACK_UP)
    def on_helpful(ack: Ack, body: dict, action: dict, client: WebClient, context: BoltContext) -> None:
        ack()
        try:
            deps.feedback.rate_answer(body["user"]["id"], _usage_id(action), "up", context.team_id)
        except FeedbackError as exc:
            tell_user(client, body, notice(str(exc)))
            return
        tell_user(client, body, notice("Thanks for the 👍 — it helps us see what works."))

    @app.action(FEEDBACK_DOWN)
    def on_not_helpful(ack: Ack, body: dict, action: dict, client: WebClient, context: BoltContext) -> None:
        ack()
        try:
            feedback_id = deps.feedback.rate_answer(body["user"]["id"], _usage_id(action), "down", context.team_id)
        except FeedbackError as exc:
            tell_user(client, body, notice(str(exc)))
            return
        client.views_open(trigger_id=body["trigger_id"], view=reason_modal(feedback_id))

    @app.action(SHARE)
    def on_share(ack: Ack, body: dict, action: dict, respond: Respond, client: WebClient) -> None:
        ack()
        user = body["user"]["id"]
        value = action.get("value") or ""
        recalled = deps.conversations.recall(int(value)) if value.isdigit() else None
        if recalled is None or recalled[0] != user:
            tell_user(client, body, notice("I can only share an answer you asked for, and I can't find this one."))
            return
        for message in answer_messages(recalled[1], None, shared_by=user):
            respond(response_type="in_channel", replace_original=False, **message)
        respond(delete_original=True)

    @app.action(GAP_REPORT)
    def on_gap_report(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        user = body["user"]["id"]
        if not deps.allowed(client, user, ADMIN):
            client.views_open(trigger_id=body["trigger_id"],
                              view=notice_view("Admins only", "Sorry, the gap report is only for admins."))
            return
        blocks = gap_blocks(deps.feedback.gaps(30), limit=40)
        client.chat_postMessage(channel=user, text="Knowledge gaps, last 30 days",
                                blocks=[section("*Knowledge gaps* — last 30 days")] + blocks[:49])
