"""Questions and answers: mentions, DMs, follow-ups in the bot's threads, `/coach` (a question answered
privately with "Share in channel", `help`, and the `feedback` and report words it hands on), the share button.

Events are acknowledged by Bolt before these run (process_before_response=False), so the answer is
posted after Slack already has its 200. Thread replies in DMs belong to the Assistant (assistant.py)."""

from __future__ import annotations

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.slack.answering import answer_in_conversation, ask, rate_limited
from bot.slack.blocks.answer import SHARE, answer_messages
from bot.slack.blocks.help import help_message
from bot.slack.blocks.kit import notice
from bot.slack.deps import SlackDeps
from bot.slack.errors import tell_user
from bot.slack.listeners.feedback import open_tool_feedback
from bot.slack.listeners.home import REPORTS, report_reply
from bot.slack.text import question_text


def message_key(event: dict) -> str:
    """The same message can arrive as app_mention and as message: both claim this key, one answers."""
    return f"msg:{event.get('channel')}:{event.get('ts')}"


def on_mention(event: dict, client: WebClient, context: BoltContext, deps: SlackDeps) -> None:
    if event.get("bot_id") or not deps.conversations.claim(message_key(event)):
        return
    answer_in_conversation(deps, client, user=event["user"], surface="mention", team=context.team_id,
                           text=question_text(event.get("text", ""), context.bot_user_id),
                           channel=event["channel"], thread_ts=event.get("thread_ts") or event["ts"])


def on_message(event: dict, client: WebClient, context: BoltContext, deps: SlackDeps) -> None:
    if event.get("subtype") or event.get("bot_id") or not event.get("user"):
        return  # edits, deletions, joins, other bots
    text = event.get("text") or ""
    thread_ts = event.get("thread_ts")
    if event.get("channel_type") == "im":
        if thread_ts:
            return  # DM threads belong to the Assistant listener
        surface, reply_in = "dm", None
    else:
        if context.bot_user_id and f"<@{context.bot_user_id}>" in text:
            return  # app_mention answers it
        if not thread_ts or thread_ts == event.get("ts"):
            return  # a channel message that is not in a thread
        if not deps.conversations.is_bot_thread(event["channel"], thread_ts):
            return  # a thread the bot has not answered in
        surface, reply_in = "thread", thread_ts
    if not deps.conversations.claim(message_key(event)):
        return
    answer_in_conversation(deps, client, user=event["user"], surface=surface, team=context.team_id,
                           text=question_text(text, context.bot_user_id), channel=event["channel"],
                           thread_ts=reply_in)


def on_coach(ack: Ack, command: dict, respond: Respond, client: WebClient, context: BoltContext,
             deps: SlackDeps) -> None:
    text = (command.get("text") or "").strip()
    word = text.lower()
    if word in ("", "help"):
        ack(response_type="ephemeral", **help_message(deps.settings.human_contact))
        return
    ack()
    user = command["user_id"]
    if word == "feedback":
        open_tool_feedback(client, command)
    elif word in REPORTS:
        respond(response_type="ephemeral", **report_reply(deps, client, user, word))
    else:
        reply = ask(deps, client, user=user, text=question_text(text), surface="command",
                    team=context.team_id, channel=None, thread_key=None)
        if reply.answer is None:
            respond(response_type="ephemeral", **rate_limited(reply))
            return
        for message in answer_messages(reply.answer, reply.usage_id, shareable=True, echo_question=True):
            respond(response_type="ephemeral", replace_original=False, **message)


def on_share(ack: Ack, body: dict, action: dict, respond: Respond, client: WebClient, deps: SlackDeps) -> None:
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


def register(app: App) -> None:
    app.event("app_mention")(on_mention)
    app.event("message")(on_message)
    app.command("/coach")(on_coach)
    app.action(SHARE)(on_share)
