"""Answering a question where it was asked: in a thread, in a DM, in the Assistant pane."""

from __future__ import annotations

import math

from slack_sdk import WebClient

from bot.conversations.service import Asked, Reply
from bot.slack.blocks.answer import answer_messages
from bot.slack.blocks.kit import notice
from bot.slack.deps import SlackDeps

DM_CONVERSATION = "dm"  # thread key for top-level DM messages: the DM itself is the conversation


def rate_limited(reply: Reply) -> dict:
    seconds = max(1, math.ceil(reply.retry_after or 1))
    return notice(f":hourglass: You've asked a lot of questions in a short time. Please try again in "
                  f"{seconds} second{'s' if seconds != 1 else ''}.")


def ask(deps: SlackDeps, client: WebClient, *, user: str, text: str, surface: str, team: str | None,
        channel: str | None, thread_key: str | None) -> Reply:
    department = deps.profiles.department(client, user)
    return deps.conversations.ask(Asked(user_id=user, text=text, surface=surface, team_id=team, channel=channel,
                                        thread_ts=thread_key, department=department))


def post_reply(client: WebClient, reply: Reply, channel: str, thread_ts: str | None) -> None:
    messages = [rate_limited(reply)] if reply.answer is None else answer_messages(reply.answer, reply.usage_id)
    for message in messages:
        client.chat_postMessage(channel=channel, thread_ts=thread_ts, unfurl_links=False, unfurl_media=False,
                                **message)


def answer_in_conversation(deps: SlackDeps, client: WebClient, *, user: str, text: str, surface: str,
                           team: str | None, channel: str, thread_ts: str | None) -> Reply:
    """Answer and post the reply: in ``thread_ts`` when given, else at the top of the (DM) conversation."""
    reply = ask(deps, client, user=user, text=text, surface=surface, team=team, channel=channel,
                thread_key=thread_ts or DM_CONVERSATION)
    post_reply(client, reply, channel, thread_ts)
    return reply
