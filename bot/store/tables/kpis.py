"""SQLAlchemy models for kpis, okrs and nudges (migrations 0005_kpis and 0008_workspace_kpis).

KPI values and objectives belong to one Slack workspace (``team_id``; '' in a single-workspace install, see
bot.tenancy); key results follow their objective, slots their schedule."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.clock import utcnow
from bot.store.base import Base


class KpiMeasurement(Base):
    """One value of a KPI for one scope and period; recording the same key again corrects the value."""

    __tablename__ = "kpi_measurements"
    __table_args__ = (UniqueConstraint("team_id", "kpi", "scope_kind", "scope_name", "period",
                                       name="uq_kpi_measurements_key"),
                      Index("ix_kpi_measurements_series", "team_id", "kpi", "scope_kind", "scope_name", "period_start"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), default="", server_default="")
    kpi: Mapped[str] = mapped_column(String(64))
    scope_kind: Mapped[str] = mapped_column(String(16))  # organisation | department | team
    scope_name: Mapped[str] = mapped_column(String(128), default="")
    period: Mapped[str] = mapped_column(String(16))  # 2026-Q2, 2026-05, 2026-W19 ...
    granularity: Mapped[str] = mapped_column(String(8))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)  # exclusive
    value: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(16))  # manual | csv | auto
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Objective(Base):
    """An OKR objective; its key results measure it."""

    __tablename__ = "okr_objectives"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), default="", server_default="")
    title: Mapped[str] = mapped_column(String(200))
    scope_kind: Mapped[str] = mapped_column(String(16))
    scope_name: Mapped[str] = mapped_column(String(128), default="")
    start_date: Mapped[date] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    key_results: Mapped[list[KeyResult]] = relationship(back_populates="objective", cascade="all, delete-orphan",
                                                        order_by="KeyResult.id")


class KeyResult(Base):
    """A KPI to move from a baseline to a target by a due date, within the objective's scope."""

    __tablename__ = "okr_key_results"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    objective_id: Mapped[int] = mapped_column(ForeignKey("okr_objectives.id", ondelete="CASCADE"), index=True)
    kpi: Mapped[str] = mapped_column(String(64))
    baseline: Mapped[float] = mapped_column(Float)
    target: Mapped[float] = mapped_column(Float)
    due_date: Mapped[date] = mapped_column(Date)
    objective: Mapped[Objective] = relationship(back_populates="key_results")


class NudgeSchedule(Base):
    """A channel's KPI nudge: when (cron + IANA timezone), what (KPIs, OKRs, scope) and its options."""

    __tablename__ = "nudge_schedules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str | None] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(32))
    cron: Mapped[str] = mapped_column(String(120))
    timezone: Mapped[str] = mapped_column(String(64))
    kpis: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of catalog keys
    okrs: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of objective ids
    scope_kind: Mapped[str] = mapped_column(String(16))
    scope_name: Mapped[str] = mapped_column(String(128), default="")
    granularity: Mapped[str] = mapped_column(String(8), default="month")  # period the coach measures over
    eligible: Mapped[str | None] = mapped_column(String(32))  # channel or user group whose members are eligible
    skip_unchanged: Mapped[bool] = mapped_column(Boolean, default=False)
    thresholds: Mapped[str] = mapped_column(Text, default="[]")  # JSON [{"kpi", "op", "value"}]
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class NudgeSlot(Base):
    """One firing of a schedule. The row is inserted (claimed) before anything is posted; the unique key
    (schedule, slot time) lets exactly one process or replica win a slot."""

    __tablename__ = "nudge_slots"
    __table_args__ = (UniqueConstraint("schedule_id", "slot_at", name="uq_nudge_slots_schedule_slot"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    schedule_id: Mapped[int] = mapped_column(ForeignKey("nudge_schedules.id", ondelete="CASCADE"))
    slot_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # UTC
    kind: Mapped[str] = mapped_column(String(16))  # scheduled | manual
    status: Mapped[str] = mapped_column(String(16), default="claimed")  # claimed | posted | skipped | failed
    claimed_by: Mapped[str] = mapped_column(String(64))
    claimed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text, default="")

