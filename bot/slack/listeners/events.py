"""Events: mentions, DMs, follow-ups in the bot's threads, App Home.

Events are acknowledged by Bolt before these run (process_before_response=False), so the answer is
posted after Slack already has its 200."""

from __future__ import annotations

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.slack.answering import answer_in_conversation
from bot.slack.deps import SlackDeps
from bot.slack.home import publish_home
from bot.slack.text import question_text


def message_key(event: dict) -> str:
    """The same message can arrive as app_mention and as message: both claim this key, one answers."""
    return f"msg:{event.get('channel')}:{event.get('ts')}"


def register(app: App, deps: SlackDeps) -> None:
    @app.event("app_mention")
    def on_mention(event: dict, client: WebClient, context: BoltContext) -> None:
        if event.get("bot_id") or not deps.conversations.claim(message_key(event)):
            return
        answer_in_conversation(deps, client, user=event["user"], surface="mention", team=context.team_id,
                               text=question_text(event.get("text", ""), context.bot_user_id),
                               channel=event["channel"], thread_ts=event.get("thread_ts") or event["ts"])

    @app.event("message")
    def on_message(event: dict, client: WebClient, context: BoltContext) -> None:
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

    @app.event("app_home_opened")
    def on_home_opened(event: dict, client: WebClient, context: BoltContext) -> None:
        if event.get("tab", "home") == "home":
            publish_home(deps, client, event["user"], workspace_id=context.team_id)
