"""Queries for incentive audits and their role rows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.store.tables.audit import IncentiveAudit


class AuditRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, audit: IncentiveAudit) -> None:
        self.session.add(audit)
        self.session.flush()  # assigns the id the report is shown with

    def get(self, audit_id: int) -> IncentiveAudit | None:
        return self.session.get(IncentiveAudit, audit_id)

    def recent(self, limit: int, author: str | None = None, team_key: str | None = None,
               workspace_id: str | None = None) -> list[IncentiveAudit]:
        """Newest first; ``author`` and ``team_key`` narrow the list when given."""
        query = select(IncentiveAudit).options(selectinload(IncentiveAudit.roles))
        if author is not None:
            query = query.where(IncentiveAudit.author == author)
        if team_key is not None:
            query = query.where(IncentiveAudit.team_key == team_key)
        if workspace_id is not None:
            query = query.where(IncentiveAudit.workspace_id == workspace_id)
        query = query.order_by(IncentiveAudit.created_at.desc(), IncentiveAudit.id.desc()).limit(limit)
        return list(self.session.scalars(query))

    def previous(self, audit: IncentiveAudit, author: str | None = None) -> IncentiveAudit | None:
        """The audit of the same team (same workspace, and same author when given) just before ``audit``.

        An audit without a team name has no "same team": unnamed audits are never compared."""
        if not audit.team_key:
            return None
        query = (select(IncentiveAudit)
                 .where(IncentiveAudit.team_key == audit.team_key, IncentiveAudit.id < audit.id,
                        IncentiveAudit.workspace_id.is_(None) if audit.workspace_id is None
                        else IncentiveAudit.workspace_id == audit.workspace_id))
        if author is not None:
            query = query.where(IncentiveAudit.author == author)
        return self.session.scalar(query.order_by(IncentiveAudit.id.desc()).limit(1))

    def mark_shared(self, audit: IncentiveAudit, channel: str, at: datetime) -> None:
        audit.shared_to = channel
        audit.shared_at = at
