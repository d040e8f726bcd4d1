"""Retention of raw question text (COACH_QUESTION_RETENTION_DAYS; 0 keeps it forever).

Past the retention period the words people typed to the bot, and the text tied to them, are blanked; the
rows stay, so adoption KPIs, usage counts and the knowledge-gap statistics still add up. Blanked (set to "",
as these columns are NOT NULL):

- usage_events.question and .answer, conversation_turns.question and .answer;
- feedback.question, .answer and .comment.

The answer goes with its question: an LLM answer restates the question, a declined one names the topics
closest to it, and feedback given with the message shortcut on another tool's message keeps that message's
text in ``answer``. Comments are free text people typed, too. Kept: who, when, where, outcome, kind, topic,
sources (titles of knowledge files), confidence, latency, rating and reason. processed_events hold Slack
event ids only; surveys, audits and KPI notes are records people file on purpose, not questions.

What reads the text copes with a blank: the gap report and the tool-feedback comments skip empty text, App
Home lists a blanked question as REMOVED_QUESTION, and thread follow-ups ignore blanked turns.

Blanking is idempotent (a blanked row no longer matches), so the daily job may run on every replica.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update

from bot.clock import utcnow
from bot.scheduler import Every, Job
from bot.store.tables.conversations import ConversationTurn
from bot.store.tables.feedback import Feedback
from bot.store.tables.usage import UsageEvent

log = logging.getLogger(__name__)

BLANKED = {UsageEvent: ("question", "answer"), ConversationTurn: ("question", "answer"),
           Feedback: ("question", "answer", "comment")}
REMOVED_QUESTION = "(question removed after the retention period)"
JOB_ID = "retention:questions"
JOB_SECONDS = 86_400


class QuestionRetention:
    def __init__(self, uow_factory: Callable, days: int):
        self._uow = uow_factory
        self.days = days

    @property
    def enabled(self) -> bool:
        return self.days > 0

    def cutoff(self, now: datetime | None = None) -> datetime:
        return (now or utcnow()) - timedelta(days=self.days)

    def run(self, dry_run: bool = False, now: datetime | None = None) -> dict[str, int]:
        """Blank the text of rows older than the cutoff, in one transaction; rows blanked (or, with
        ``dry_run``, that would be) per table. Nothing happens when retention is off."""
        if not self.enabled:
            return {}
        cutoff = self.cutoff(now)
        counts: dict[str, int] = {}
        with self._uow() as uow:
            for model, columns in BLANKED.items():
                stale = (model.created_at < cutoff, or_(*(getattr(model, c) != "" for c in columns)))
                if dry_run:
                    counts[model.__tablename__] = uow.session.scalar(select(func.count()).select_from(model)
                                                                     .where(*stale))
                else:
                    result = uow.session.execute(update(model).where(*stale).values({c: "" for c in columns})
                                                 .execution_options(synchronize_session=False))
                    counts[model.__tablename__] = result.rowcount
            if not dry_run:
                uow.commit()
        return counts

    def run_job(self) -> None:
        counts = self.run()
        if any(counts.values()):
            log.info("question retention (%d days): blanked text in %s", self.days,
                     ", ".join(f"{table} {n}" for table, n in counts.items()))


def job(retention: QuestionRetention) -> Job | None:
    """The daily run (and one at start) for the bot's scheduler; None when retention is off."""
    if not retention.enabled:
        return None
    return Job(JOB_ID, retention.run_job, Every(JOB_SECONDS, run_now=True))
