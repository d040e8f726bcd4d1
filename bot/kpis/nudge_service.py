"""Composing, previewing and running nudges: claim the slot, measure, compose, skip or post, record.

A nudge shows its own workspace's data only: when the app serves several workspaces, the values, OKRs and
usage it measures are those of the schedule's team (bot.tenancy); a single-workspace install sees them all."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from bot.errors import UserError
from bot.kpis.auto_metrics import AutoMetrics
from bot.kpis.catalog import Catalog
from bot.kpis.measurements import MeasurementService, Reading
from bot.kpis.nudge_message import KpiLine, Nudge, alerts_for, weakest
from bot.kpis.nudge_schedules import Schedule, ScheduleService, due_slot
from bot.kpis.okrs import OkrService
from bot.kpis.periods import last_complete
from bot.kpis.ports import AdoptionLines, DeliveryError, MemberDirectory, NudgePoster
from bot.kpis.slots import FAILED, POSTED, SKIPPED, SlotClaims
from bot.kpis.tips import TipFinder
from bot.tenancy import EVERY_ROW, Tenant, tenant_of

log = logging.getLogger(__name__)
TREND_POINTS = 8
TAKEN = "taken"


@dataclass(frozen=True)
class SlotOutcome:
    schedule_id: int
    slot_at: datetime
    status: str  # posted | skipped | failed | taken (another process or replica has the slot)
    detail: str = ""
    ts: str | None = None


class NudgeService:
    def __init__(self, catalog: Catalog, measurements: MeasurementService, okrs: OkrService,
                 schedules: ScheduleService, auto: AutoMetrics, tips: TipFinder, claims: SlotClaims,
                 clock: Callable[[], datetime] | None = None, multi_workspace: bool = False,
                 adoption: AdoptionLines | None = None):
        self.catalog = catalog
        self.measurements = measurements
        self.okrs = okrs
        self.schedules = schedules
        self.auto = auto
        self.tips = tips
        self.claims = claims
        self.clock = clock or (lambda: datetime.now(timezone.utc))
        self.multi_workspace = multi_workspace
        self.adoption = adoption  # set by the container: adoption by department and tool (bot.adoption)

    def tenant(self, schedule: Schedule) -> Tenant:
        """Whose data the schedule's nudge shows (a schedule without a workspace, in an app that serves several,
        raises UserError rather than show everybody's)."""
        return tenant_of(self.multi_workspace, schedule.team_id)

    # composing ------------------------------------------------------------------------------------
    def compose(self, schedule: Schedule, directory: MemberDirectory | None, at: datetime,
                store: bool) -> tuple[Nudge, bytes | None]:
        """The nudge as of ``at``. With ``store`` the values the coach measured are saved (never over a
        value a person recorded); a preview leaves the database as it was."""
        tenant = self.tenant(schedule)
        local_day = at.astimezone(schedule.trigger.timezone).date()
        period = last_complete(local_day, schedule.granularity)
        eligible = None
        if directory is not None and "employee_adoption_rate" in {self.catalog.stored(k).key for k in schedule.kpis}:
            try:
                eligible = directory.members(schedule.eligible or schedule.channel)
            except Exception as exc:  # Slack unavailable: adoption stays at its last recorded value
                log.warning("eligible members unavailable for schedule %s: %s", schedule.id, type(exc).__name__)
        measured = self.auto.measure(period, schedule.scope, eligible, set(schedule.kpis), tenant=tenant)
        if store and measured:
            self.measurements.store(measured, by="coach", source="auto", keep_people=True, tenant=tenant)
        lines = []
        for key in schedule.kpis:
            series = self.measurements.series(key, schedule.scope, TREND_POINTS, granularity=schedule.granularity,
                                              tenant=tenant)
            if not store:  # show what would be measured, in place of the stored value of the same period
                series = self._with_measured(series, measured, key, schedule)
            lines.append(KpiLine(self.catalog.get(key), schedule.scope, series,
                                 self.okrs.target_for(key, schedule.scope, tenant=tenant)))
        objectives = self.okrs.statuses(schedule.okrs, tenant=tenant) if schedule.okrs else []
        worst = weakest(lines, objectives)
        nudge = Nudge(schedule, period, lines, objectives, alerts_for(lines, schedule.thresholds), worst,
                      self.tips.tip(worst) if worst else None, self._adoption(schedule, period, tenant))
        return nudge, nudge.chart_png()

    def _adoption(self, schedule: Schedule, period, tenant: Tenant) -> list[str]:
        if self.adoption is None or "employee_adoption_rate" not in {self.catalog.stored(k).key for k in schedule.kpis}:
            return []
        try:
            return self.adoption.lines(period, schedule.scope, tenant)
        except Exception as exc:  # the adoption ledger failing must not stop a nudge
            log.warning("adoption figures unavailable for schedule %s: %s", schedule.id, type(exc).__name__)
            return []

    def _with_measured(self, series, measured, key, schedule):
        stored_key = self.catalog.stored(key).key
        fresh = [e for e in measured if e.kpi.key == stored_key and e.scope == schedule.scope]
        if not fresh:
            return series
        e = fresh[0]
        kept = [r for r in series if r.period.label != e.period.label or r.source != "auto"]
        if any(r.period.label == e.period.label for r in kept):
            return kept
        reading = Reading(stored_key, e.scope, e.period, e.value, "auto")
        return sorted(kept + [reading], key=lambda r: (r.period.start, r.period.end))[-TREND_POINTS:]

    def preview(self, schedule_id: int, directory: MemberDirectory | None = None, *,
                tenant: Tenant = EVERY_ROW) -> tuple[Nudge, bytes | None]:
        return self.compose(self.schedules.get(schedule_id, tenant=tenant), directory, self.clock(), store=False)

    # running --------------------------------------------------------------------------------------
    def run_slot(self, schedule: Schedule, slot_at: datetime, poster: NudgePoster,
                 directory: MemberDirectory | None, kind: str = "scheduled") -> SlotOutcome:
        # a cheap look first (a replica finding the slot taken every sync should not make the database log a
        # unique violation each time); the insert under the unique constraint is what decides
        slot_id = None if self.claims.taken(schedule.id, slot_at) else self.claims.claim(schedule.id, slot_at, kind)
        if slot_id is None:
            return SlotOutcome(schedule.id, slot_at, TAKEN)
        try:
            nudge, chart = self.compose(schedule, directory, slot_at, store=True)
            fingerprint = nudge.fingerprint()
            if schedule.skip_unchanged and not nudge.alerts and \
                    fingerprint == self.claims.last_posted_fingerprint(schedule.id):
                self.claims.finish(slot_id, SKIPPED, fingerprint=fingerprint, detail="nothing changed")
                return SlotOutcome(schedule.id, slot_at, SKIPPED, "nothing changed")
            ts = poster.post(schedule, nudge, chart)
        except (DeliveryError, UserError) as exc:  # Slack refused; a schedule of no workspace in a multi-workspace app
            self.claims.finish(slot_id, FAILED, detail=str(exc))
            return SlotOutcome(schedule.id, slot_at, FAILED, str(exc))
        except Exception as exc:  # record the failure on the slot; the slot is never retried
            log.exception("nudge %s failed", schedule.id)
            self.claims.finish(slot_id, FAILED, detail=f"internal error ({type(exc).__name__})")
            return SlotOutcome(schedule.id, slot_at, FAILED, type(exc).__name__)
        self.claims.finish(slot_id, POSTED, ts=ts, fingerprint=fingerprint)
        return SlotOutcome(schedule.id, slot_at, POSTED, ts=ts)

    def run_due(self, schedule: Schedule, poster: NudgePoster, directory: MemberDirectory | None,
                grace: timedelta) -> SlotOutcome | None:
        """Post the schedule's latest slot if it is due (at or before now, within ``grace``) and nobody has
        taken it yet; None when no slot is due."""
        slot_at = due_slot(schedule.trigger, self.clock(), grace, schedule.created_at)
        if slot_at is None:
            return None
        return self.run_slot(schedule, slot_at, poster, directory)

    def run_now(self, schedule_id: int, poster: NudgePoster, directory: MemberDirectory | None, *,
                tenant: Tenant = EVERY_ROW) -> SlotOutcome:
        """An extra, manual run (its own slot at the current instant; scheduled slots are unaffected)."""
        return self.run_slot(self.schedules.get(schedule_id, tenant=tenant), self.clock(), poster, directory,
                             kind="manual")
