"""Queries for usage events and the rate-limit window.

Usage events belong to the Slack workspace the question came from: reads take the caller's ``Tenant``
(bot.tenancy), and an event of another workspace is not found. The rate limit counts per person, wherever
they ask."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from bot.store.tables.usage import RateHit, UsageEvent
from bot.tenancy import EVERY_ROW, Tenant


class UsageRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, event: UsageEvent) -> None:
        self.session.add(event)
        self.session.flush()  # assigns the id the feedback buttons refer to

    def get(self, event_id: int, tenant: Tenant = EVERY_ROW) -> UsageEvent | None:
        event = self.session.get(UsageEvent, event_id)
        return event if event is not None and tenant.owns(event.team_id) else None

    def recent_for_user(self, user_id: str, limit: int, tenant: Tenant = EVERY_ROW) -> list[UsageEvent]:
        return list(self.session.scalars(select(UsageEvent).where(UsageEvent.user_id == user_id,
                                                                  tenant.where(UsageEvent.team_id))
                                         .order_by(UsageEvent.id.desc()).limit(limit)))

    def declined_since(self, since: datetime, tenant: Tenant = EVERY_ROW) -> list[UsageEvent]:
        return list(self.session.scalars(select(UsageEvent).where(UsageEvent.outcome == "declined",
                                                                  UsageEvent.kind != "empty",
                                                                  UsageEvent.created_at >= since,
                                                                  tenant.where(UsageEvent.team_id))
                                         .order_by(UsageEvent.id)))

    def counts_since(self, since: datetime, *group_by: str, tenant: Tenant = EVERY_ROW) -> list[tuple]:
        """Rows of (*group values, events, distinct users, mean latency) for ``tenant``'s events since ``since``."""
        columns = [getattr(UsageEvent, name) for name in group_by]
        query = (select(*columns, func.count(UsageEvent.id), func.count(func.distinct(UsageEvent.user_id)),
                        func.avg(UsageEvent.latency_ms))
                 .where(UsageEvent.created_at >= since, tenant.where(UsageEvent.team_id))
                 .group_by(*columns).order_by(*columns))
        return [tuple(row) for row in self.session.execute(query)]


class RateHitRepository:
    def __init__(self, session: Session):
        self.session = session

    def lock_user(self, user_id: str) -> bool:
        """Hold a lock on ``user_id``'s hits until the transaction ends, where the database has one (PostgreSQL's
        transaction-scoped advisory lock); False where it has none (SQLite, which has one writer at a time)."""
        if self.session.get_bind().dialect.name != "postgresql":
            return False
        self.session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:user))"), {"user": user_id})
        return True

    def hits_since(self, user_id: str, since: datetime) -> list[tuple[int, datetime]]:
        """(id, time) of the user's hits since ``since``, oldest first."""
        query = (select(RateHit.id, RateHit.at).where(RateHit.user_id == user_id, RateHit.at >= since)
                 .order_by(RateHit.at, RateHit.id))
        return [tuple(row) for row in self.session.execute(query)]

    def add(self, user_id: str, at: datetime) -> int:
        """Store a hit; its id."""
        hit = RateHit(user_id=user_id, at=at)
        self.session.add(hit)
        self.session.flush()
        return hit.id

    def forget(self, hit_id: int) -> None:
        self.session.execute(delete(RateHit).where(RateHit.id == hit_id))

    def forget_before(self, user_id: str, cutoff: datetime) -> None:
        self.session.execute(delete(RateHit).where(RateHit.user_id == user_id, RateHit.at < cutoff))
