"""Questions and answers: mentions, DMs, follow-ups in the bot's threads, `/coach` (a question answered
privately with "Share in channel", `help`, and the `feedback` and report words it hands on), the share button.

These listeners run on Bolt's threads and only ack, claim and queue: answers, reports and shares run on the
answer queue (bot.slack.answer_queue, the ``answer_queue`` argument), so Slack's next request is acked at once
whatever is being answered. When the queue is full a new question gets the busy reply; a command or a click
is never refused. Thread replies in DMs belong to the Assistant (assistant.py)."""

from __future__ import annotations

from functools import partial

from slack_bolt import Ack, App, BoltContext, BoltRequest, Respond
from slack_sdk import WebClient

from bot.errors import UserError
from bot.ids import parse_id
from bot.slack.answer_queue import AnswerQueue, Job
from bot.slack.answering import (
    answer_in_conversation,
    ask,
    busy,
    claim_message,
    queue_answer,
    rate_limited,
)
from bot.slack.blocks.answer import SHARE, answer_messages
from bot.slack.blocks.help import help_message
from bot.slack.blocks.kit import notice
from bot.slack.deps import SlackDeps
from bot.slack.errors import tell_user
from bot.slack.listeners.feedback import open_tool_feedback
from bot.slack.listeners.home import REPORTS, report_reply
from bot.slack.text import question_text
from bot.tenancy import Tenant


def on_mention(event: dict, body: dict, request: BoltRequest, client: WebClient, context: BoltContext,
               deps: SlackDeps, answer_queue: AnswerQueue) -> None:
    if event.get("bot_id") or not claim_message(deps, event, request):
        return
    thread_ts = event.get("thread_ts") or event["ts"]
    work = partial(answer_in_conversation, deps, client, user=event["user"], surface="mention", team=context.team_id,
                   text=question_text(event.get("text", ""), context.bot_user_id), channel=event["channel"],
                   thread_ts=thread_ts)
    queue_answer(answer_queue, deps, client, body, work, channel=event["channel"], thread_ts=thread_ts)


def on_message(event: dict, body: dict, request: BoltRequest, client: WebClient, context: BoltContext,
               deps: SlackDeps, answer_queue: AnswerQueue) -> None:
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
        if not deps.conversations.is_bot_thread(event["channel"], thread_ts, deps.tenant(context)):
            return  # a thread the bot has not answered in
        surface, reply_in = "thread", thread_ts
    if not claim_message(deps, event, request):
        return
    work = partial(answer_in_conversation, deps, client, user=event["user"], surface=surface, team=context.team_id,
                   text=question_text(text, context.bot_user_id), channel=event["channel"], thread_ts=reply_in)
    queue_answer(answer_queue, deps, client, body, work, channel=event["channel"], thread_ts=reply_in)


def answer_privately(deps: SlackDeps, client: WebClient, respond: Respond, user: str, text: str,
                     team: str | None) -> None:
    """`/coach <question>`: the answer only the asker sees, with "Share in channel"."""
    reply = ask(deps, client, user=user, text=question_text(text), surface="command", team=team, channel=None,
                thread_key=None)
    if reply.answer is None:
        respond(response_type="ephemeral", **rate_limited(reply))
        return
    for message in answer_messages(reply.answer, reply.usage_id, shareable=True, echo_question=True):
        respond(response_type="ephemeral", replace_original=False, **message)


def send_report(deps: SlackDeps, client: WebClient, respond: Respond, user: str, name: str,
                context: BoltContext) -> None:
    """`/coach <report>` over the request's workspace (deps.tenant)."""
    try:
        tenant = deps.tenant(context)
    except UserError as exc:  # a multi-workspace install, and the request names no workspace
        respond(response_type="ephemeral", **notice(str(exc)))
        return
    respond(response_type="ephemeral", **report_reply(deps, client, user, name, tenant))


def on_coach(ack: Ack, body: dict, command: dict, respond: Respond, client: WebClient, context: BoltContext,
             deps: SlackDeps, answer_queue: AnswerQueue) -> None:
    text = (command.get("text") or "").strip()
    word = text.lower()
    user = command["user_id"]
    if word in ("", "help"):
        ack(response_type="ephemeral", **help_message(deps.settings.human_contact))
    elif word == "feedback":
        ack()
        open_tool_feedback(client, command)  # at once: the modal needs the command's trigger_id within 3 s
    elif word in REPORTS:
        ack()
        answer_queue.put(Job(partial(send_report, deps, client, respond, user, word, context), body, client))
    elif answer_queue.offer(Job(partial(answer_privately, deps, client, respond, user, text, context.team_id),
                                body, client)):
        ack()
    else:
        ack(response_type="ephemeral", **busy())  # a new question the queue has no room for


SHARE_MISSING = "I can only share an answer you asked for, and I can't find this one."


def share(deps: SlackDeps, client: WebClient, respond: Respond, body: dict, value: str, tenant: Tenant) -> None:
    user = body["user"]["id"]
    try:
        recalled = deps.conversations.recall(parse_id(value, SHARE_MISSING), tenant)
    except UserError:
        recalled = None
    if recalled is None or recalled[0] != user:
        tell_user(client, body, notice(SHARE_MISSING))
        return
    for message in answer_messages(recalled[1], None, shared_by=user):
        respond(response_type="in_channel", replace_original=False, **message)
    respond(delete_original=True)


def on_share(ack: Ack, body: dict, action: dict, respond: Respond, client: WebClient, context: BoltContext,
             deps: SlackDeps, answer_queue: AnswerQueue) -> None:
    ack()
    answer_queue.put(Job(partial(share, deps, client, respond, body, action.get("value") or "", deps.tenant(context)),
                         body, client))


def register(app: App) -> None:
    app.event("app_mention")(on_mention)
    app.event("message")(on_message)
    app.command("/coach")(on_coach)
    app.action(SHARE)(on_share)
