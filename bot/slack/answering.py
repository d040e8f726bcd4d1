"""Answering a question where it was asked: in a thread, in a DM, in the Assistant pane.

Listeners only claim a question and queue its answer (bot.slack.answer_queue), so Bolt's threads are free to
ack the next request. An event counts as handled once its answer (or the busy reply) is posted: the claims
of the event and of its message are finished then, and until then a retry of it after a crash can take them
over (bot.conversations.service.ConversationService.claim)."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

from slack_bolt import BoltRequest
from slack_sdk import WebClient

from bot.conversations.service import Asked, Reply
from bot.slack.answer_queue import AnswerQueue, Job
from bot.slack.blocks.answer import answer_messages
from bot.slack.blocks.kit import notice
from bot.slack.deps import SlackDeps
from bot.tenancy import EVERY_ROW, Tenant

DM_CONVERSATION = "dm"  # thread key for top-level DM messages: the DM itself is the conversation
log = logging.getLogger(__name__)


def busy() -> dict:
    return notice(":hourglass: I'm busy right now, please try again in a minute.")


def rate_limited(reply: Reply) -> dict:
    seconds = max(1, math.ceil(reply.retry_after or 1))
    return notice(f":hourglass: You've asked a lot of questions in a short time. Please try again in "
                  f"{seconds} second{'s' if seconds != 1 else ''}.")


def event_key(event_id: str) -> str:
    return f"event:{event_id}"


def message_key(event: dict) -> str:
    """The same message can arrive as app_mention and as message: both claim this key, one answers."""
    return f"msg:{event.get('channel')}:{event.get('ts')}"


def is_retry(request: BoltRequest) -> bool:
    """Slack's redelivery of an event it got no 200 for (HTTP header, or Socket Mode's retry_attempt)."""
    return "x-slack-retry-num" in request.headers


def claim_message(deps: SlackDeps, event: dict, request: BoltRequest) -> bool:
    return deps.conversations.claim(message_key(event), take_over=is_retry(request))


def ask(deps: SlackDeps, client: WebClient, *, user: str, text: str, surface: str, team: str | None,
        channel: str | None, thread_key: str | None) -> Reply:
    department = deps.profiles.department(client, user)
    # whose thread memory a follow-up reads: a channel shared between workspaces has one id in both
    tenant = Tenant(team) if deps.settings.multi_workspace and team else EVERY_ROW
    return deps.conversations.ask(Asked(user_id=user, text=text, surface=surface, team_id=team, channel=channel,
                                        thread_ts=thread_key, department=department, tenant=tenant))


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


def queue_answer(answers: AnswerQueue, deps: SlackDeps, client: WebClient, body: dict, work: Callable[[], None], *,
                 channel: str, thread_ts: str | None) -> bool:
    """Queue ``work`` (answering the event in ``body``), then finish the event's claims once it has posted.
    When the queue has no room, the busy reply goes to ``channel``/``thread_ts`` instead (and the claims are
    finished then: the person was told). False when the question was refused."""
    event = body.get("event") or {}
    keys = [message_key(event)] + ([event_key(body["event_id"])] if body.get("event_id") else [])

    def answer() -> None:
        work()
        deps.conversations.finish(*keys)

    if answers.offer(Job(answer, body, client)):
        return True

    def refuse() -> None:
        client.chat_postMessage(channel=channel, thread_ts=thread_ts, **busy())
        deps.conversations.finish(*keys)

    log.info("Answer queue full: question refused with the busy reply", extra={"event": "question_refused"})
    if not answers.notify(Job(refuse, body, client)):
        log.warning("Answer queue full, and so are its notices: a question got no reply")
    return False
