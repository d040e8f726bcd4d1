"""Queries for feedback and role grants."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.models import Feedback, RoleGrant


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


class RoleRepository:
    def __init__(self, session: Session):
        self.session = session

    def all(self) -> list[RoleGrant]:
        return list(self.session.scalars(select(RoleGrant).order_by(RoleGrant.user_id, RoleGrant.role)))

    def of_user(self, user_id: str) -> set[str]:
        return set(self.session.scalars(select(RoleGrant.role).where(RoleGrant.user_id == user_id)))

    def get(self, user_id: str, role: str) -> RoleGrant | None:
        return self.session.get(RoleGrant, (user_id, role))

    def add(self, grant: RoleGrant) -> None:
        self.session.add(grant)

    def remove(self, grant: RoleGrant) -> None:
        self.session.delete(grant)
