"""SQLAlchemy models for incentive audits (migration 0003_incentive_audit).

An audit keeps what was asked (``inputs``), what was answered (``outputs``: the whole report as JSON) and
the catalog version it was scored with, so an old report reads the same after the catalog changes. One
row per role repeats the few fields that history and exports compare."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.clock import utcnow
from bot.store.base import Base


class IncentiveAudit(Base):
    __tablename__ = "incentive_audits"
    __table_args__ = (Index("ix_incentive_audits_team", "workspace_id", "team_key", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[str | None] = mapped_column(String(32))  # Slack team id; None from the CLI
    team_name: Mapped[str] = mapped_column(String(100))
    team_key: Mapped[str] = mapped_column(String(100))  # team name folded for matching past audits
    author: Mapped[str] = mapped_column(String(64), index=True)  # Slack user id, or cli:<login>
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    catalog_version: Mapped[str] = mapped_column(String(64))
    role_count: Mapped[int] = mapped_column(Integer)
    score: Mapped[int] = mapped_column(Integer)
    rag: Mapped[str] = mapped_column(String(8))
    inputs: Mapped[str] = mapped_column(Text)  # JSON AuditRequest
    outputs: Mapped[str] = mapped_column(Text)  # JSON AuditReport
    shared_to: Mapped[str | None] = mapped_column(String(32))  # last channel the report was shared in
    shared_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    roles: Mapped[list[IncentiveAuditRole]] = relationship(back_populates="audit", cascade="all, delete-orphan",
                                                           order_by="IncentiveAuditRole.position")


class IncentiveAuditRole(Base):
    __tablename__ = "incentive_audit_roles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("incentive_audits.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    role_name: Mapped[str] = mapped_column(String(100))
    archetype_id: Mapped[str | None] = mapped_column(String(64))
    match_level: Mapped[str] = mapped_column(String(8))  # strong | weak | none
    match_confidence: Mapped[float] = mapped_column(Float)
    score: Mapped[int] = mapped_column(Integer)
    rag: Mapped[str] = mapped_column(String(8))
    metrics: Mapped[str] = mapped_column(Text)  # the current metrics as typed
    recommended: Mapped[str] = mapped_column(Text)  # JSON list of recommended metrics, plain words
    incentive_shift: Mapped[str] = mapped_column(String(200))
    inputs: Mapped[str] = mapped_column(Text)  # JSON RoleInput
    outputs: Mapped[str] = mapped_column(Text)  # JSON RoleReport
    audit: Mapped[IncentiveAudit] = relationship(back_populates="roles")
