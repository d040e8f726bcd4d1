"""The service layer between chat surfaces and the answer engine: rate limit, thread memory, usage records.

Every surface (mention, DM, thread, Assistant pane, slash command) asks through here, so the records and
the limits are the same wherever people ask."""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from bot.answers.models import Answer, Source, Turn
from bot.answers.service import AnswerService
from bot.clock import utcnow
from bot.conversations.topics import topic_of
from bot.store.tables.conversations import ConversationTurn
from bot.store.tables.usage import UsageEvent
from bot.tenancy import EVERY_ROW, Tenant
from bot.usage.rate_limit import RateLimiter

log = logging.getLogger(__name__)
SURFACES = ("mention", "dm", "thread", "assistant", "command")
HISTORY_TURNS = 6  # earlier exchanges in a thread handed to the engine for follow-ups
STORED_QUESTION_CHARS = 4000  # a 45,000-character message is kept by its beginning
# Slack retries an event for about an hour; keys older than this are forgotten every PRUNE_EVERY claims
KEEP_CLAIMS = timedelta(days=1)
PRUNE_EVERY = 1000


@dataclass(frozen=True)
class Asked:
    user_id: str
    text: str
    surface: str
    team_id: str | None = None
    channel: str | None = None
    thread_ts: str | None = None  # set when the exchange belongs to a thread the bot keeps answering in
    department: str | None = None
    tenant: Tenant = EVERY_ROW  # whose thread memory a follow-up reads (a shared channel has one id in two workspaces)


@dataclass(frozen=True)
class Reply:
    answer: Answer | None  # None when the user is over the rate limit
    usage_id: int | None = None
    retry_after: float | None = None


def sources_json(answer: Answer) -> str:
    return json.dumps([{"number": s.number, "title": s.title, "section": s.section, "path": s.path}
                       for s in answer.sources], ensure_ascii=False)


class ConversationService:
    def __init__(self, answers: AnswerService, uow_factory: Callable, limiter: RateLimiter,
                 on_answer: Callable[[Asked, Answer], None] | None = None,
                 claim_lease: timedelta = timedelta(seconds=45)):
        self.answers = answers
        self._uow = uow_factory
        self.limiter = limiter
        self.on_answer = on_answer  # told of every answered or declined question (the container counts them)
        self.claim_lease = claim_lease  # COACH_EVENT_LEASE_SECONDS
        self._claims = itertools.count(1)

    def claim(self, key: str, *, take_over: bool = False) -> bool:
        """Whether this request may handle ``key`` (a Slack event id, channel+ts of a message): True the first
        time it is seen. The claim is in progress until finish(); with ``take_over`` (Slack's retry of an
        event) also True for a claim never finished and older than the lease, whose handler died: it is
        claimed again in one UPDATE, so of two replicas only one gets it. False for a finished key, or one
        claimed within the lease (its first delivery is still being handled)."""
        with self._uow() as uow:
            if uow.events.claim(key):
                if next(self._claims) % PRUNE_EVERY == 0:
                    uow.events.forget_before(utcnow() - KEEP_CLAIMS)
                uow.commit()
                return True
        if not take_over:
            return False
        with self._uow() as uow:
            taken = uow.events.take_over(key, utcnow() - self.claim_lease)
            uow.commit()
        if taken:
            log.info("Claim %s taken over from a handler that never finished it", key,
                     extra={"event": "claim_taken_over"})
        return taken

    def finish(self, *keys: str) -> None:
        """The work for these claimed keys is done (the answer is posted): a retry of them stays a duplicate."""
        with self._uow() as uow:
            uow.events.finish(keys)
            uow.commit()

    def is_bot_thread(self, channel: str, thread_ts: str, tenant: Tenant = EVERY_ROW) -> bool:
        with self._uow() as uow:
            return uow.turns.thread_known(channel, thread_ts, tenant)

    def history(self, channel: str, thread_ts: str, tenant: Tenant = EVERY_ROW) -> list[Turn]:
        with self._uow() as uow:
            # turns blanked by the question retention (bot.store.retention) add nothing to a follow-up
            return [Turn(t.question, t.answer)
                    for t in uow.turns.in_thread(channel, thread_ts, HISTORY_TURNS, tenant) if t.question]

    def ask(self, asked: Asked) -> Reply:
        if asked.surface not in SURFACES:
            raise ValueError(f"unknown surface {asked.surface!r}")
        wait = self.limiter.acquire(asked.user_id)
        if wait is not None:
            return Reply(None, retry_after=wait)
        history = (self.history(asked.channel, asked.thread_ts, asked.tenant) if asked.channel and asked.thread_ts
                   else [])
        answer = self.answers.ask(asked.text, history, team_id=asked.tenant.team_id)
        team = asked.tenant.owner(asked.team_id)  # the workspace the tenant's reads look for
        with self._uow() as uow:
            event = UsageEvent(team_id=team, user_id=asked.user_id, surface=asked.surface,
                               outcome="answered" if answer.answered else "declined", kind=answer.kind,
                               question=asked.text[:STORED_QUESTION_CHARS], answer=answer.text,
                               sources=sources_json(answer), topic=topic_of(answer, uow.documents),
                               confidence=float(answer.confidence), latency_ms=float(answer.latency_ms),
                               department=asked.department)
            uow.usage.add(event)
            if asked.channel and asked.thread_ts:
                uow.turns.add(ConversationTurn(team_id=team, channel=asked.channel,
                                               thread_ts=asked.thread_ts, user_id=asked.user_id,
                                               question=asked.text[:STORED_QUESTION_CHARS], answer=answer.text))
            uow.commit()
            usage_id = event.id
        _log_answer(asked, answer, usage_id)
        if self.on_answer is not None:
            self.on_answer(asked, answer)
        return Reply(answer, usage_id)

    def recall(self, usage_id: int, tenant: Tenant = EVERY_ROW) -> tuple[str, Answer] | None:
        """Who asked, and the answer as it was given, for an earlier usage event of ``tenant``'s workspace."""
        with self._uow() as uow:
            event = uow.usage.get(usage_id, tenant)
            if event is None:
                return None
            sources = [Source(s["number"], s["title"], s["section"], s["path"], 0.0)
                       for s in json.loads(event.sources or "[]")]
            return event.user_id, Answer(event.question, event.outcome == "answered", event.kind, event.answer,
                                         event.confidence, sources, event.latency_ms)


def _log_answer(asked: Asked, answer: Answer, usage_id: int) -> None:
    """One INFO line per question with what it was and how it went, never what was said; the words
    themselves only at DEBUG (COACH_LOG_LEVEL=DEBUG)."""
    outcome = "answered" if answer.answered else "declined"
    log.info("Question %s on %s (confidence %.2f, %.0f ms, %d sources)", outcome, asked.surface,
             answer.confidence, answer.latency_ms, len(answer.sources),
             extra={"event": "question", "surface": asked.surface, "outcome": outcome, "kind": answer.kind,
                    "confidence": round(float(answer.confidence), 3), "latency_ms": round(answer.latency_ms, 1),
                    "chunks_cited": len(answer.sources), "usage_id": usage_id, "team_id": asked.team_id,
                    "channel_id": asked.channel})
    if log.isEnabledFor(logging.DEBUG):
        log.debug("Question text of usage %s", usage_id,
                  extra={"event": "question_text", "usage_id": usage_id, "question": asked.text,
                         "answer": answer.text})
