"""The message shortcut "Give AI feedback": feedback on any message, linked to the answer when the message
is one of the bot's."""

from __future__ import annotations

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.slack.blocks.answer import FEEDBACK_UP
from bot.slack.blocks.feedback import message_modal
from bot.slack.deps import SlackDeps

CALLBACK_ID = "give_ai_feedback"
METADATA_TEXT_CHARS = 1500  # private_metadata holds 3000 characters; the JSON around the text needs some


def answer_id_in(message: dict) -> int | None:
    """The usage id on the 👍 button of one of our answers, if the message is one."""
    for block in message.get("blocks") or []:
        for element in block.get("elements") or []:
            if element.get("action_id") == FEEDBACK_UP and str(element.get("value", "")).isdigit():
                return int(element["value"])
    return None


def register(app: App, deps: SlackDeps) -> None:
    @app.shortcut(CALLBACK_ID)
    def on_give_feedback(ack: Ack, shortcut: dict, client: WebClient, context: BoltContext) -> None:
        ack()
        message = shortcut.get("message") or {}
        text = message.get("text") or ""
        ours = bool(context.bot_id) and message.get("bot_id") == context.bot_id
        usage_id = answer_id_in(message) if ours else None
        if usage_id is not None and deps.conversations.recall(usage_id) is None:
            usage_id = None
        metadata = {"usage_id": usage_id} if usage_id is not None else {
            "text": text[:METADATA_TEXT_CHARS], "author": message.get("user") or message.get("bot_id")}
        client.views_open(trigger_id=shortcut["trigger_id"], view=message_modal(text, metadata, ours))
