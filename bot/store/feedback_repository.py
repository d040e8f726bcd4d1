"""Queries for feedback. A record belongs to the Slack workspace it was given in: reads take the caller's
``Tenant`` (bot.tenancy), and a record of another workspace is not found."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.tables.feedback import Feedback
from bot.tenancy import EVERY_ROW, Tenant


class FeedbackRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, feedback: Feedback) -> None:
        self.session.add(feedback)
        self.session.flush()

    def get(self, feedback_id: int, tenant: Tenant = EVERY_ROW) -> Feedback | None:
        record = self.session.get(Feedback, feedback_id)
        return record if record is not None and tenant.owns(record.team_id) else None

    def for_answer(self, usage_event_id: int) -> list[Feedback]:
        return list(self.session.scalars(select(Feedback).where(Feedback.usage_event_id == usage_event_id)
                                         .order_by(Feedback.id)))

    def since(self, since: datetime, tenant: Tenant = EVERY_ROW) -> list[Feedback]:
        return list(self.session.scalars(select(Feedback).where(Feedback.created_at >= since,
                                                                tenant.where(Feedback.team_id))
                                         .order_by(Feedback.id)))
