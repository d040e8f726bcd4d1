"""Feedback on answers and on AI tools, and the knowledge-gap report built from it.

A 👍/👎 on an answer is one rating per person and answer (clicking again changes it); the 👎 reason and
comment complete that same record. Feedback from the message shortcut and from `/coach feedback` is a
record of its own.

People rate their own answers only: an answer someone else asked for, or one of another Slack workspace
(the caller's ``Tenant``, bot.tenancy), is treated like an answer that is gone. Reports count one workspace."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from bot.clock import utcnow
from bot.errors import UserError
from bot.store.tables.feedback import Feedback
from bot.store.tables.usage import UsageEvent
from bot.tenancy import EVERY_ROW, Tenant

REASONS = {"wrong": "Wrong", "outdated": "Outdated", "incomplete": "Incomplete",
           "not_relevant": "Not relevant", "other": "Other"}
RATINGS = ("up", "down")
MAX_COMMENT = 3000
MAX_TOOL = 128
MAX_GAP_QUESTION = 500  # what the teach loop accepts (bot.answers.teaching.MAX_QUESTION)
EXAMPLE_CHARS = 200
MISSING_ANSWER = "I can't find that answer any more, so I couldn't record your feedback."


class FeedbackError(UserError, ValueError):
    """Feedback that cannot be stored as given; the message is meant for the person who gave it, ``field``
    (rating, reason, comment or tool) says which part of the form it is about."""


@dataclass(frozen=True)
class MessageRef:
    """A message feedback is about: its text, and the answer it is when it is one of the bot's."""

    text: str
    usage_id: int | None = None
    author: str | None = None


@dataclass(frozen=True)
class GapQuestion:
    """A question of a gap, as asked (up to MAX_GAP_QUESTION characters), and where it came from: "gap" (the
    coach declined it) or "feedback" (its answer got a 👎) — the ``source`` a lesson taught from it records."""

    question: str
    source: str


@dataclass
class Gap:
    topic: str
    declined: int = 0
    downvoted: int = 0
    examples: list[str] = field(default_factory=list)  # the questions' text, shortened for reports
    reasons: Counter = field(default_factory=Counter)
    questions: list[GapQuestion] = field(default_factory=list)  # the same questions, whole, for the teach loop
    taught: int = 0  # questions of this gap an admin has taught since (left out of ``questions``)

    @property
    def total(self) -> int:
        return self.declined + self.downvoted


@dataclass(frozen=True)
class ToolFeedback:
    tool: str
    up: int
    down: int
    comments: list[str]


def _check(rating: str | None, reason: str | None, comment: str) -> str:
    if rating is not None and rating not in RATINGS:
        raise FeedbackError(f"Unknown rating {rating!r}.", "rating")
    if reason is not None and reason not in REASONS:
        raise FeedbackError(f"Unknown reason {reason!r}: choose one of {', '.join(REASONS.values())}.", "reason")
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise FeedbackError(f"Your comment is {len(comment)} characters; please keep it under {MAX_COMMENT}.",
                            "comment")
    return comment


class FeedbackService:
    def __init__(self, uow_factory: Callable, on_feedback: Callable[[str | None, str], None] | None = None):
        self._uow = uow_factory
        self.on_feedback = on_feedback  # (rating or None, via) after each record is stored; the container counts

    def _recorded(self, rating: str | None, via: str) -> None:
        if self.on_feedback is not None:
            self.on_feedback(rating, via)

    def rate_answer(self, user_id: str, usage_id: int, rating: str, tenant: Tenant = EVERY_ROW) -> int:
        """Store (or change) this person's 👍/👎 on an answer of theirs; returns the feedback id."""
        _check(rating, None, "")
        with self._uow() as uow:
            event = _own_answer(uow, usage_id, user_id, tenant)
            existing = [f for f in uow.feedback.for_answer(usage_id) if f.user_id == user_id and f.via == "button"]
            record = existing[0] if existing else Feedback(
                team_id=event.team_id, user_id=user_id, usage_event_id=usage_id, via="button",
                question=event.question, answer=event.answer, sources=event.sources, topic=event.topic, comment="")
            record.rating = rating
            if rating == "up":
                record.reason = None
            if not existing:
                uow.feedback.add(record)
            uow.commit()
            feedback_id = record.id
        self._recorded(rating, "button")
        return feedback_id

    def explain(self, feedback_id: int, user_id: str, reason: str | None, comment: str,
                tenant: Tenant = EVERY_ROW) -> None:
        """Add the reason and comment of a 👎 to the rating it belongs to."""
        comment = _check(None, reason, comment)
        with self._uow() as uow:
            record = uow.feedback.get(feedback_id, tenant)
            if record is None or record.user_id != user_id:
                raise FeedbackError("That feedback form no longer matches a rating of yours; please click 👎 again.")
            record.reason, record.comment = reason, comment
            uow.commit()

    def on_message(self, user_id: str, message: MessageRef, rating: str | None, reason: str | None,
                   comment: str, tool: str | None = None, team_id: str | None = None,
                   tenant: Tenant = EVERY_ROW) -> int:
        """Feedback given with the message shortcut, on any message (an answer of the person's own, or another
        AI's output, whose tool the person may name). ``team_id``: the workspace it is given in (``tenant``'s in
        a multi-workspace install)."""
        comment = _check(rating, reason, comment)
        tool = " ".join((tool or "").split())[:MAX_TOOL] or None
        if rating is None and reason is None and not comment:
            raise FeedbackError("Pick a rating or a reason, or write a comment, so there is something to record.",
                                "comment")
        with self._uow() as uow:
            event = _own_answer(uow, message.usage_id, user_id, tenant) if message.usage_id is not None else None
            record = Feedback(team_id=event.team_id if event else tenant.owner(team_id), user_id=user_id,
                              usage_event_id=event.id if event else None, via="shortcut", rating=rating,
                              reason=reason, comment=comment,
                              tool=None if event else (tool or "unnamed AI tool"),
                              question=event.question if event else "",
                              answer=event.answer if event else message.text,
                              sources=event.sources if event else "[]", topic=event.topic if event else None)
            uow.feedback.add(record)
            uow.commit()
            feedback_id = record.id
        self._recorded(rating, "shortcut")
        return feedback_id

    def about_tool(self, user_id: str, tool: str, rating: str | None, comment: str,
                   team_id: str | None = None, tenant: Tenant = EVERY_ROW) -> int:
        """Feedback about any AI tool in use (`/coach feedback`), given in workspace ``team_id`` (``tenant``'s in a
        multi-workspace install)."""
        comment = _check(rating, None, comment)
        tool = " ".join((tool or "").split())
        if not tool:
            raise FeedbackError("Please name the AI tool your feedback is about.", "tool")
        if len(tool) > MAX_TOOL:
            raise FeedbackError(f"Please keep the tool name under {MAX_TOOL} characters.", "tool")
        if rating is None and not comment:
            raise FeedbackError("Pick a rating or write a comment, so there is something to record.", "comment")
        with self._uow() as uow:
            record = Feedback(team_id=tenant.owner(team_id), user_id=user_id, via="command", rating=rating,
                              comment=comment, tool=tool, question="", answer="", sources="[]")
            uow.feedback.add(record)
            uow.commit()
            feedback_id = record.id
        self._recorded(rating, "command")
        return feedback_id

    # reports ------------------------------------------------------------------------------------
    def gaps(self, days: int = 30, examples: int = 3, tenant: Tenant = EVERY_ROW) -> list[Gap]:
        """``tenant``'s declined questions and 👎 answers of the last ``days`` days grouped by topic, largest
        first, with up to ``examples`` questions each. A question an admin has taught since (the same words as
        a lesson of ``tenant``'s, bot.answers.teaching) is counted but not listed: it is answered now."""
        since = utcnow() - timedelta(days=days)
        groups: dict[str, Gap] = defaultdict(lambda: Gap(""))
        met: dict[str, set[str]] = defaultdict(set)  # topic -> the taught questions met in it
        with self._uow() as uow:
            # the taught_questions table, read here rather than through TeachService: bot.answers imports the
            # retrieval stack, and the gap report needs only the questions' words
            taught = {_same(text) for row in uow.questions.taught() if tenant.owns(row.team_id)
                      for text in (row.question, row.asked) if text}

            def add(topic: str | None, question: str, source: str) -> Gap:
                topic = topic or "not covered"
                gap, key = groups[topic], _same(question)
                if key in taught:
                    met[topic].add(key)
                elif key:
                    _example(gap, question, source, examples)
                return gap

            for event in uow.usage.declined_since(since, tenant):
                add(event.topic, event.question, "gap").declined += 1
            for record in uow.feedback.since(since, tenant):
                if record.rating != "down" or record.tool is not None:
                    continue
                gap = add(record.topic, record.question, "feedback")
                gap.downvoted += 1
                if record.reason:
                    gap.reasons[record.reason] += 1
        for topic, gap in groups.items():
            gap.topic, gap.taught = topic, len(met[topic])
        return sorted(groups.values(), key=lambda g: (-g.total, g.topic))

    def tools(self, days: int = 30, comments: int = 3, tenant: Tenant = EVERY_ROW) -> list[ToolFeedback]:
        """``tenant``'s feedback about AI tools (`/coach feedback`, the shortcut on other messages): ratings and
        the latest comments, without names."""
        since = utcnow() - timedelta(days=days)
        by_tool: dict[str, list[Feedback]] = defaultdict(list)
        with self._uow() as uow:
            for record in uow.feedback.since(since, tenant):
                if record.tool:
                    by_tool[record.tool.lower()].append(record)
        rows = [ToolFeedback(items[-1].tool, sum(f.rating == "up" for f in items),
                             sum(f.rating == "down" for f in items),
                             [f.comment for f in reversed(items) if f.comment][:comments])
                for items in by_tool.values()]
        return sorted(rows, key=lambda t: (-(t.up + t.down + len(t.comments)), t.tool.lower()))


def _own_answer(uow, usage_id: int, user_id: str, tenant: Tenant) -> UsageEvent:
    """The answer ``usage_id`` when ``user_id`` asked for it in ``tenant``'s workspace; anyone else's answer is
    missing, like one that never was."""
    event = uow.usage.get(usage_id, tenant)
    if event is None or event.user_id != user_id:
        raise FeedbackError(MISSING_ANSWER)
    return event


def _same(question: str) -> str:
    """A question's words as compared with a taught one: TeachService stores them with whitespace collapsed, and
    a gap lists (and so teaches) at most MAX_GAP_QUESTION characters of them."""
    return " ".join(question.split())[:MAX_GAP_QUESTION].casefold()


def _example(gap: Gap, question: str, source: str, limit: int) -> None:
    question = " ".join(question.split())[:MAX_GAP_QUESTION]
    if len(gap.questions) < limit and all(_same(q.question) != _same(question) for q in gap.questions):
        gap.questions.append(GapQuestion(question, source))
        gap.examples.append(question[:EXAMPLE_CHARS])
