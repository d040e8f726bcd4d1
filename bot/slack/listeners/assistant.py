"""The Slack Assistant pane (Bolt's Assistant): suggested prompts, a status while working, answers in the
assistant thread. Bolt's Assistant also takes the user's replies in any DM thread, so DM follow-ups in a
thread are answered here with that thread's history. It is a middleware: registered before the other
listeners, it sees DM thread messages before answers.py's message listener does. Like
answers.py it only claims the message and queues the work (the status, then the answer) on the answer queue."""

from __future__ import annotations

import logging
from functools import partial

from slack_bolt import (
    App,
    Assistant,
    BoltContext,
    BoltRequest,
    Say,
    SetStatus,
    SetSuggestedPrompts,
)
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.answer_queue import AnswerQueue
from bot.slack.answering import answer_in_conversation, claim_message, queue_answer
from bot.slack.blocks.help import SUGGESTED_QUESTIONS
from bot.slack.client import error_code
from bot.slack.deps import SlackDeps
from bot.slack.text import question_text

GREETING = ("Hi! I'm the adoption coach. Ask me about rolling out AI at work — phases, KPIs and OKRs, "
            "incentives, surveys — and I'll answer from the company's adoption guides, with sources.")
STATUS = "is looking in the adoption guides…"
log = logging.getLogger(__name__)


def start_thread(say: Say, set_suggested_prompts: SetSuggestedPrompts) -> None:
    say(GREETING)
    set_suggested_prompts(prompts=[{"title": q, "message": q} for q in SUGGESTED_QUESTIONS], title="Try asking")


def answer_with_status(deps: SlackDeps, client: WebClient, set_status: SetStatus, payload: dict,
                       team: str | None, bot_user_id: str | None) -> None:
    try:
        set_status(STATUS)
    except SlackApiError as exc:  # e.g. a DM thread that is not an assistant thread: answer without a status
        log.warning("assistant.threads.setStatus failed: %s", error_code(exc))
    answer_in_conversation(deps, client, user=payload["user"], surface="assistant", team=team,
                           text=question_text(payload.get("text") or "", bot_user_id),
                           channel=payload["channel"], thread_ts=payload["thread_ts"])


def answer_user(payload: dict, body: dict, request: BoltRequest, client: WebClient, context: BoltContext,
                set_status: SetStatus, deps: SlackDeps, answer_queue: AnswerQueue) -> None:
    if not claim_message(deps, payload, request):
        return
    work = partial(answer_with_status, deps, client, set_status, payload, context.team_id, context.bot_user_id)
    queue_answer(answer_queue, deps, client, body, work, channel=payload["channel"], thread_ts=payload["thread_ts"])


def register(app: App) -> None:
    assistant = Assistant()
    assistant.thread_started(start_thread)
    assistant.user_message(answer_user)
    app.use(assistant)
