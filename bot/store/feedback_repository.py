"""Queries for feedback."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.tables.feedback import Feedback


class FeedbackRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, feedback: Feedback) -> None:
        self.session.add(feedback)
        self.session.flush()

    def get(self, feedback_id: int) -> Feedback | None:
        return self.session.get(Feedback, feedback_id)

    def for_answer(self, usage_event_id: int) -> list[Feedback]:
        return list(self.session.scalars(select(Feedback).where(Feedback.usage_event_id == usage_event_id)
                                         .order_by(Feedback.id)))

    def since(self, since: datetime) -> list[Feedback]:
        return list(self.session.scalars(select(Feedback).where(Feedback.created_at >= since).order_by(Feedback.id)))
