"""Feedback: 👍/👎 under answers and the 👎 reason modal, the "Give AI feedback" message shortcut (on any
message, linked to the answer when the message is one of the bot's) and its modal, `/coach feedback` and
its AI-tool modal.

Input is checked before a modal closes: a problem is shown next to its field and nothing is stored. People rate
their own answers, in their own workspace (``deps.tenant``): a button or form naming anyone else's answer is
told the answer is gone, as for one that no longer exists."""

from __future__ import annotations

import json

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.errors import UserError
from bot.feedback.service import MISSING_ANSWER, FeedbackError, MessageRef
from bot.ids import parse_id
from bot.slack.blocks.answer import FEEDBACK_DOWN, FEEDBACK_UP
from bot.slack.blocks.feedback import (
    MESSAGE_MODAL,
    REASON_MODAL,
    TOOL_MODAL,
    message_modal,
    reason_modal,
    tool_modal,
)
from bot.slack.blocks.kit import notice, submitted, thanks_view
from bot.slack.deps import SlackDeps
from bot.slack.errors import tell_user
from bot.slack.forms import field_errors

BROKEN = "That button doesn't point to an answer I know, so nothing was recorded."
THANKS = "Thanks — your feedback is recorded and goes to the team that maintains the coach."
CALLBACK_ID = "give_ai_feedback"
METADATA_TEXT_CHARS = 1500  # private_metadata holds 3000 characters; the JSON around the text needs some
# each modal's blocks by the feedback service's field names; a problem about none of them goes under the comment
REASON_BLOCKS = {"reason": "reason", "comment": "comment"}
MESSAGE_BLOCKS = {"rating": "rating", "reason": "reason", "comment": "comment"}
TOOL_BLOCKS = {"tool": "tool", "rating": "rating", "comment": "comment"}


def _usage_id(action: dict) -> int:
    value = str(action.get("value") or "")
    if not value.isdigit():
        raise FeedbackError(BROKEN)
    return _answer_id(value)


def _answer_id(value: object) -> int:
    """A usage id from a payload; a number that can name no answer is a missing answer."""
    try:
        return parse_id(value, MISSING_ANSWER)
    except UserError:
        raise FeedbackError(MISSING_ANSWER) from None


def answer_id_in(message: dict) -> int | None:
    """The usage id on the 👍 button of one of our answers, if the message is one."""
    for block in message.get("blocks") or []:
        for element in block.get("elements") or []:
            if element.get("action_id") == FEEDBACK_UP:
                try:
                    return _answer_id(element.get("value"))
                except FeedbackError:
                    return None
    return None


def _refuse(ack: Ack, exc: UserError, blocks: dict[str, str]) -> None:
    ack(response_action="errors", errors=field_errors(exc, blocks, "comment"))


# 👍/👎 and the reason ------------------------------------------------------------------------------

def on_helpful(ack: Ack, body: dict, action: dict, client: WebClient, context: BoltContext, deps: SlackDeps) -> None:
    ack()
    try:
        deps.feedback.rate_answer(body["user"]["id"], _usage_id(action), "up", deps.tenant(context))
    except UserError as exc:
        tell_user(client, body, notice(str(exc)))
        return
    tell_user(client, body, notice("Thanks for the 👍 — it helps us see what works."))


def on_not_helpful(ack: Ack, body: dict, action: dict, client: WebClient, context: BoltContext,
                   deps: SlackDeps) -> None:
    ack()
    try:
        feedback_id = deps.feedback.rate_answer(body["user"]["id"], _usage_id(action), "down", deps.tenant(context))
    except UserError as exc:
        tell_user(client, body, notice(str(exc)))
        return
    client.views_open(trigger_id=body["trigger_id"], view=reason_modal(feedback_id))


def on_reason(ack: Ack, body: dict, view: dict, context: BoltContext, deps: SlackDeps) -> None:
    values = view["state"]["values"]
    metadata = view.get("private_metadata") or ""
    out_of_date = "This form is out of date; please click 👎 on the answer again."
    try:
        try:
            feedback_id = parse_id(metadata, out_of_date)
        except UserError:
            raise FeedbackError(out_of_date, "reason") from None
        deps.feedback.explain(feedback_id, body["user"]["id"], submitted(values, "reason"),
                              submitted(values, "comment") or "", deps.tenant(context))
    except UserError as exc:
        _refuse(ack, exc, REASON_BLOCKS)
        return
    ack(response_action="update", view=thanks_view(THANKS))


# the message shortcut ------------------------------------------------------------------------------

def on_give_feedback(ack: Ack, shortcut: dict, client: WebClient, context: BoltContext, deps: SlackDeps) -> None:
    ack()
    message = shortcut.get("message") or {}
    text = message.get("text") or ""
    ours = bool(context.bot_id) and message.get("bot_id") == context.bot_id
    usage_id = answer_id_in(message) if ours else None
    if usage_id is not None:  # linked only to an answer the person asked for, in this workspace
        recalled = deps.conversations.recall(usage_id, deps.tenant(context))
        if recalled is None or recalled[0] != (shortcut.get("user") or {}).get("id"):
            usage_id = None
    metadata = {"usage_id": usage_id} if usage_id is not None else {
        "text": text[:METADATA_TEXT_CHARS], "author": message.get("user") or message.get("bot_id")}
    client.views_open(trigger_id=shortcut["trigger_id"], view=message_modal(text, metadata, ours))


def _message_ref(view: dict) -> MessageRef:
    """The message the modal is about, from its private_metadata (see on_give_feedback)."""
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
        text, usage_id, author = str(meta.get("text", "")), meta.get("usage_id"), meta.get("author")
    except (ValueError, TypeError, AttributeError):
        raise FeedbackError("This form is out of date; please use the shortcut on the message again.") from None
    return MessageRef(text=text, usage_id=None if usage_id is None else _answer_id(usage_id), author=author)


def on_message_feedback(ack: Ack, body: dict, view: dict, context: BoltContext, deps: SlackDeps) -> None:
    values = view["state"]["values"]
    try:
        message = _message_ref(view)
        deps.feedback.on_message(body["user"]["id"], message, submitted(values, "rating"),
                                 submitted(values, "reason"), submitted(values, "comment") or "",
                                 tool=submitted(values, "tool"), team_id=context.team_id,
                                 tenant=deps.tenant(context))
    except UserError as exc:
        _refuse(ack, exc, MESSAGE_BLOCKS)
        return
    ack(response_action="update", view=thanks_view(THANKS))


# AI tools (`/coach feedback`) ----------------------------------------------------------------------

def open_tool_feedback(client: WebClient, command: dict) -> None:
    """`/coach feedback`: the AI-tool modal (the command itself is answers.py's)."""
    client.views_open(trigger_id=command["trigger_id"], view=tool_modal(command.get("channel_id")))


def on_tool_feedback(ack: Ack, body: dict, view: dict, context: BoltContext, deps: SlackDeps) -> None:
    values = view["state"]["values"]
    try:
        deps.feedback.about_tool(body["user"]["id"], submitted(values, "tool") or "",
                                 submitted(values, "rating"), submitted(values, "comment") or "",
                                 team_id=context.team_id, tenant=deps.tenant(context))
    except UserError as exc:
        _refuse(ack, exc, TOOL_BLOCKS)
        return
    ack(response_action="update", view=thanks_view(THANKS))


def register(app: App) -> None:
    app.action(FEEDBACK_UP)(on_helpful)
    app.action(FEEDBACK_DOWN)(on_not_helpful)
    app.view(REASON_MODAL)(on_reason)
    app.shortcut(CALLBACK_ID)(on_give_feedback)
    app.view(MESSAGE_MODAL)(on_message_feedback)
    app.view(TOOL_MODAL)(on_tool_feedback)
