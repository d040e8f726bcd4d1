"""Queries for KPI measurements, OKRs, nudge schedules and slots, and the usage roll-ups behind the KPIs the
coach measures itself. One object on the unit of work: ``uow.kpis.measurements``, ``.okrs``, ``.schedules``,
``.slots``, ``.rollup``.

Every query that reads or finds a workspace's rows takes its ``Tenant`` (bot.tenancy): KPI values and
objectives by their own team id, key results and slots through their objective and schedule, the usage
roll-ups by the usage events' team id. Slots are found by schedule id, once the schedule has been found."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session, selectinload

from bot.store.tables.feedback import Feedback
from bot.store.tables.kpis import (
    KeyResult,
    KpiMeasurement,
    NudgeSchedule,
    NudgeSlot,
    Objective,
)
from bot.store.tables.usage import UsageEvent
from bot.tenancy import Tenant


class MeasurementRepository:
    def __init__(self, session: Session):
        self.session = session

    def find(self, tenant: Tenant, kpi: str, scope_kind: str, scope_name: str, period: str) -> KpiMeasurement | None:
        return self.session.scalars(select(KpiMeasurement).where(
            tenant.where(KpiMeasurement.team_id), KpiMeasurement.kpi == kpi, KpiMeasurement.scope_kind == scope_kind,
            KpiMeasurement.scope_name == scope_name, KpiMeasurement.period == period)).first()

    def add(self, measurement: KpiMeasurement) -> None:
        self.session.add(measurement)

    def series(self, tenant: Tenant, kpi: str, scope_kind: str, scope_name: str,
               limit: int | None = None) -> list[KpiMeasurement]:
        """Values of one KPI and scope, oldest first (the newest ``limit`` of them)."""
        query = (select(KpiMeasurement).where(tenant.where(KpiMeasurement.team_id), KpiMeasurement.kpi == kpi,
                                              KpiMeasurement.scope_kind == scope_kind,
                                              KpiMeasurement.scope_name == scope_name)
                 .order_by(KpiMeasurement.period_start.desc(), KpiMeasurement.period_end))
        if limit:
            query = query.limit(limit)
        return list(reversed(list(self.session.scalars(query))))

    def latest_all(self, tenant: Tenant) -> list[KpiMeasurement]:
        """The newest value of every (KPI, scope) series."""
        newest = (select(KpiMeasurement.team_id, KpiMeasurement.kpi, KpiMeasurement.scope_kind,
                         KpiMeasurement.scope_name, func.max(KpiMeasurement.period_start).label("start"))
                  .where(tenant.where(KpiMeasurement.team_id))
                  .group_by(KpiMeasurement.team_id, KpiMeasurement.kpi, KpiMeasurement.scope_kind,
                            KpiMeasurement.scope_name).subquery())
        query = (select(KpiMeasurement).join(newest, and_(
            KpiMeasurement.team_id == newest.c.team_id, KpiMeasurement.kpi == newest.c.kpi,
            KpiMeasurement.scope_kind == newest.c.scope_kind, KpiMeasurement.scope_name == newest.c.scope_name,
            KpiMeasurement.period_start == newest.c.start))
            .order_by(KpiMeasurement.kpi, KpiMeasurement.scope_kind, KpiMeasurement.scope_name,
                      KpiMeasurement.period_end))
        return list(self.session.scalars(query))


class OkrRepository:
    def __init__(self, session: Session):
        self.session = session

    def _objectives(self, tenant: Tenant):
        return (select(Objective).options(selectinload(Objective.key_results))
                .where(tenant.where(Objective.team_id)).order_by(Objective.id))

    def add(self, objective: Objective) -> None:
        self.session.add(objective)
        self.session.flush()

    def get(self, tenant: Tenant, objective_id: int) -> Objective | None:
        return self.session.scalars(self._objectives(tenant).where(Objective.id == objective_id)).first()

    def all(self, tenant: Tenant) -> list[Objective]:
        return list(self.session.scalars(self._objectives(tenant)))

    def many(self, tenant: Tenant, ids: list[int]) -> list[Objective]:
        if not ids:
            return []
        return list(self.session.scalars(self._objectives(tenant).where(Objective.id.in_(ids))))

    def key_results_for(self, tenant: Tenant, kpi: str, scope_kind: str, scope_name: str) -> list[KeyResult]:
        return list(self.session.scalars(select(KeyResult).join(Objective).where(
            tenant.where(Objective.team_id), KeyResult.kpi == kpi, Objective.scope_kind == scope_kind,
            Objective.scope_name == scope_name).order_by(KeyResult.due_date, KeyResult.id)))

    def remove(self, objective: Objective) -> None:
        self.session.delete(objective)


class ScheduleRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, schedule: NudgeSchedule) -> None:
        self.session.add(schedule)
        self.session.flush()

    def get(self, tenant: Tenant, schedule_id: int) -> NudgeSchedule | None:
        return self.session.scalars(select(NudgeSchedule).where(
            NudgeSchedule.id == schedule_id, tenant.where(NudgeSchedule.team_id))).first()

    def all(self, tenant: Tenant) -> list[NudgeSchedule]:
        return list(self.session.scalars(select(NudgeSchedule).where(tenant.where(NudgeSchedule.team_id))
                                         .order_by(NudgeSchedule.id)))

    def remove(self, schedule: NudgeSchedule) -> None:
        self.session.delete(schedule)


class SlotRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, slot: NudgeSlot) -> None:
        self.session.add(slot)
        self.session.flush()

    def get(self, slot_id: int) -> NudgeSlot | None:
        return self.session.get(NudgeSlot, slot_id)

    def find(self, schedule_id: int, slot_at: datetime) -> NudgeSlot | None:
        return self.session.scalars(select(NudgeSlot).where(NudgeSlot.schedule_id == schedule_id,
                                                            NudgeSlot.slot_at == slot_at)).first()

    def last_posted(self, schedule_id: int) -> NudgeSlot | None:
        return self.session.scalars(select(NudgeSlot).where(NudgeSlot.schedule_id == schedule_id,
                                                            NudgeSlot.status == "posted")
                                    .order_by(NudgeSlot.slot_at.desc(), NudgeSlot.id.desc()).limit(1)).first()

    def latest_per_schedule(self, tenant: Tenant) -> dict[int, NudgeSlot]:
        """The newest slot of each of the tenant's schedules."""
        newest = (select(NudgeSlot.schedule_id, func.max(NudgeSlot.id).label("id"))
                  .join(NudgeSchedule, NudgeSchedule.id == NudgeSlot.schedule_id)
                  .where(tenant.where(NudgeSchedule.team_id)).group_by(NudgeSlot.schedule_id).subquery())
        rows = self.session.scalars(select(NudgeSlot).join(newest, NudgeSlot.id == newest.c.id))
        return {slot.schedule_id: slot for slot in rows}


class UsageRollupRepository:
    """Aggregations over usage_events and feedback for one time window [start, end)."""

    def __init__(self, session: Session):
        self.session = session

    def _in(self, tenant: Tenant, start: datetime, end: datetime):
        return and_(UsageEvent.created_at >= start, UsageEvent.created_at < end, UsageEvent.kind != "empty",
                    tenant.where(UsageEvent.team_id))

    def active_users(self, tenant: Tenant, start: datetime, end: datetime) -> set[str]:
        """Everyone in the workspace who asked the coach something in the window."""
        return set(self.session.scalars(select(UsageEvent.user_id).where(self._in(tenant, start, end)).distinct()))

    def outcomes(self, tenant: Tenant, start: datetime, end: datetime,
                 department: str | None = None) -> tuple[int, int]:
        """(questions, declined) in the window, optionally for one department."""
        query = select(func.count(UsageEvent.id),
                       func.coalesce(func.sum(case((UsageEvent.outcome == "declined", 1), else_=0)), 0)) \
            .where(self._in(tenant, start, end))
        if department is not None:
            query = query.where(UsageEvent.department == department)
        total, declined = self.session.execute(query).one()
        return int(total or 0), int(declined or 0)

    def ratings(self, tenant: Tenant, start: datetime, end: datetime,
                department: str | None = None) -> tuple[int, int]:
        """(👍, 👎) on answers given in the window, optionally for one department."""
        query = (select(func.coalesce(func.sum(case((Feedback.rating == "up", 1), else_=0)), 0),
                        func.coalesce(func.sum(case((Feedback.rating == "down", 1), else_=0)), 0))
                 .join(UsageEvent, Feedback.usage_event_id == UsageEvent.id)
                 .where(self._in(tenant, start, end), or_(Feedback.rating == "up", Feedback.rating == "down")))
        if department is not None:
            query = query.where(UsageEvent.department == department)
        up, down = self.session.execute(query).one()
        return int(up or 0), int(down or 0)


class KpiRepository:
    def __init__(self, session: Session):
        self.measurements = MeasurementRepository(session)
        self.okrs = OkrRepository(session)
        self.schedules = ScheduleRepository(session)
        self.slots = SlotRepository(session)
        self.rollup = UsageRollupRepository(session)
