"""Nudge schedules on the bot's scheduler: one cron job per schedule (in its timezone), and a sync job that
re-reads the schedules (they may be added or removed by the CLI or another replica) and catches up.

When a job fires it works out the slot that is due (the latest at or before now, within the grace period,
not before the schedule was created) and runs it; the slot claim in the database makes sure one process
posts it, however many schedulers fire. The sync job also runs every schedule's due slot, so a slot missed
while the bot was down (or added just before its first slot) goes out once, as long as it is younger than
the grace period.

The jobs serve every workspace (they read all schedules); each nudge then measures and shows only its own
workspace's data (NudgeService.tenant) and posts with its workspace's client (the gateway)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import timedelta

from bot.kpis.nudge_schedules import Schedule
from bot.kpis.nudge_service import NudgeService, SlotOutcome
from bot.kpis.ports import MemberDirectory, NudgePoster
from bot.scheduler import Every, Job, Scheduler
from bot.tenancy import EVERY_ROW

log = logging.getLogger(__name__)
JOB_PREFIX = "kpi-nudge:"
SYNC_JOB = "kpi-nudges:sync"

Gateway = Callable[[Schedule], tuple[NudgePoster, MemberDirectory | None]]


class NudgeJobs:
    def __init__(self, scheduler: Scheduler, nudges: NudgeService, gateway: Gateway, grace_seconds: int,
                 sync_seconds: int):
        self.scheduler = scheduler
        self.nudges = nudges
        self.gateway = gateway
        self.grace = timedelta(seconds=grace_seconds)
        self.sync_seconds = sync_seconds
        self._known: dict[int, tuple[str, str]] = {}  # schedule id -> (cron, timezone) registered
        self._lock = threading.Lock()

    @property
    def job(self) -> Job:
        """The sync job: it runs at once (start-up catch-up), then every sync_seconds, and puts one job per
        schedule on the scheduler."""
        return Job(SYNC_JOB, self.sync, Every(self.sync_seconds, run_now=True))

    def sync(self) -> list[SlotOutcome]:
        schedules = self.nudges.schedules.all(tenant=EVERY_ROW)
        with self._lock:
            current = {s.id: s for s in schedules}
            for gone in set(self._known) - set(current):
                self.scheduler.remove_job(f"{JOB_PREFIX}{gone}")
                del self._known[gone]
            for s in schedules:
                if self._known.get(s.id) != (s.cron, s.timezone):
                    self.scheduler.add(Job(f"{JOB_PREFIX}{s.id}", self.fire, s.trigger, args=(s.id,),
                                           grace_seconds=int(self.grace.total_seconds())))
                    self._known[s.id] = (s.cron, s.timezone)
        return [outcome for s in schedules if (outcome := self._run(s)) is not None]

    def fire(self, schedule_id: int) -> SlotOutcome | None:
        schedule = next((s for s in self.nudges.schedules.all(tenant=EVERY_ROW) if s.id == schedule_id), None)
        if schedule is None:  # removed elsewhere; the next sync drops the job
            return None
        return self._run(schedule)

    def _run(self, schedule: Schedule) -> SlotOutcome | None:
        try:
            poster, directory = self.gateway(schedule)
            outcome = self.nudges.run_due(schedule, poster, directory, self.grace)
        except Exception:  # one broken schedule must not stop the others
            log.exception("nudge schedule %s could not run", schedule.id)
            return None
        if outcome is not None and outcome.status != "taken":
            log.info("nudge %s slot %s: %s %s", schedule.id, outcome.slot_at.isoformat(), outcome.status,
                     outcome.detail)
        return outcome
