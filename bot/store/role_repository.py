"""Queries for role grants."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.tables.roles import RoleGrant


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
