"""Modal submissions: the 👎 reason, feedback from the message shortcut, feedback on an AI tool.

Input is checked before the modal closes: a problem is shown next to the field and nothing is stored."""

from __future__ import annotations

import json

from slack_bolt import Ack, App, BoltContext

from bot.feedback.service import FeedbackError, MessageRef
from bot.slack.blocks.feedback import MESSAGE_MODAL, REASON_MODAL, TOOL_MODAL, submitted, thanks_view
from bot.slack.deps import SlackDeps

THANKS = "Thanks — your feedback is recorded and goes to the team that maintains the coach."


def _fail(ack: Ack, block_id: str, message: str) -> None:
    ack(response_action="errors", errors={block_id: message[:150]})


def register(app: App, deps: SlackDeps) -> None:
    @app.view(REASON_MODAL)
    def on_reason(ack: Ack, body: dict, view: dict) -> None:
        values = view["state"]["values"]
        metadata = view.get("private_metadata") or ""
        if not metadata.isdigit():
            _fail(ack, "reason", "This form is out of date; please click 👎 on the answer again.")
            return
        try:
            deps.feedback.explain(int(metadata), body["user"]["id"], submitted(values, "reason"),
                                  submitted(values, "comment") or "")
        except FeedbackError as exc:
            _fail(ack, "comment", str(exc))
            return
        ack(response_action="update", view=thanks_view(THANKS))

    @app.view(MESSAGE_MODAL)
    def on_message_feedback(ack: Ack, body: dict, view: dict, context: BoltContext) -> None:
        values = view["state"]["values"]
        try:
            meta = json.loads(view.get("private_metadata") or "{}")
            message = MessageRef(text=str(meta.get("text", "")), usage_id=meta.get("usage_id"),
                                 author=meta.get("author"))
        except (ValueError, TypeError, AttributeError):
            _fail(ack, "comment", "This form is out of date; please use the shortcut on the message again.")
            return
        try:
            deps.feedback.on_message(body["user"]["id"], message, submitted(values, "rating"),
                                     submitted(values, "reason"), submitted(values, "comment") or "",
                                     tool=submitted(values, "tool"), team_id=context.team_id)
        except FeedbackError as exc:
            _fail(ack, "comment", str(exc))
            return
        ack(response_action="update", view=thanks_view(THANKS))

    @app.view(TOOL_MODAL)
    def on_tool_feedback(ack: Ack, body: dict, view: dict, context: BoltContext) -> None:
        values = view["state"]["values"]
        try:
            deps.feedback.about_tool(body["user"]["id"], submitted(values, "tool") or "",
                                     submitted(values, "rating"), submitted(values, "comment") or "",
                                     team_id=context.team_id)
        except FeedbackError as exc:
            _fail(ack, "tool" if "tool" in str(exc).lower() else "comment", str(exc))
            return
        ack(response_action="update", view=thanks_view(THANKS))
