"""The bot's in-process scheduler: one APScheduler BackgroundScheduler shared by every feature's timed jobs
(KPI nudges, survey reminders, ...). Created by the container, started and stopped by `coach run`.

Jobs live in memory: each feature re-registers its jobs from its own tables at start-up and keeps them in
step (APScheduler's persistent job stores must not be shared by several processes, and the bot may run as
several replicas). Anything that must happen once across replicas claims its work in the database; the
scheduler only decides when to look. A job is a Job record; the container lists the bot's (Container.jobs).

    scheduler.add(Job("surveys:tick", tick, Every(60, run_now=True)))
    scheduler.add(Job("nudge:7", fire, cron_trigger("0 9 * * 1", "Europe/Berlin"), args=(7,), grace_seconds=3600))
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_EXECUTED,
    EVENT_JOB_MISSED,
    JobExecutionEvent,
)
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

log = logging.getLogger(__name__)


_DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]


def _cron_day(token: str) -> int:
    token = token.lower()
    if token in _DAYS:
        return _DAYS.index(token)
    if token.isdigit() and int(token) <= 7:
        return int(token) % 7
    raise ValueError(f"{token!r} is not a weekday (0-7 or sun-sat)")


def _weekdays(field: str) -> str:
    """Cron's weekday field as day names. Hand-written because APScheduler 3 reads numeric weekdays as
    0 = Monday, while cron (and anyone writing `0 9 * * 1`) means 1 = Monday and 0 or 7 = Sunday; day
    names mean the same to both."""
    if field == "*":
        return field
    days: set[int] = set()
    for item in field.split(","):
        part, _, step = item.partition("/")
        if (step and not step.isdigit()) or step == "0":
            raise ValueError(f"{item!r} has a bad step")
        if part == "*":
            first, last = 0, 6
        elif "-" in part:
            a, b = part.split("-", 1)
            first, last = _cron_day(a), (7 if b == "7" else _cron_day(b))
            if last < first:
                raise ValueError(f"{item!r} runs backwards")
        else:
            first = last = _cron_day(part)
        days.update(d % 7 for d in range(first, last + 1, int(step or 1)))
    return ",".join(_DAYS[d] for d in sorted(days))


def cron_trigger(expr: str, tz) -> CronTrigger:
    """A CronTrigger for a standard five-field cron expression (minute hour day month weekday) in timezone
    ``tz``, weekdays numbered as in cron. ValueError when the expression is not valid."""
    fields = expr.split()
    if len(fields) != 5:
        raise ValueError(f"wrong number of fields; got {len(fields)}, expected 5")
    minute, hour, day, month, weekday = fields
    return CronTrigger(minute=minute, hour=hour, day=day, month=month, day_of_week=_weekdays(weekday), timezone=tz)


@dataclass(frozen=True)
class Every:
    """An interval trigger; ``run_now``: the first run at once rather than one interval after the start."""

    seconds: float
    run_now: bool = False


@dataclass(frozen=True)
class Job:
    """A timed job: its id, what it calls (with ``args``), and when: Every(seconds) or an APScheduler trigger
    (cron_trigger()). A run late by more than ``grace_seconds`` is skipped (default: the interval's length for
    Every, else the scheduler's default)."""

    name: str
    func: Callable[..., object]
    trigger: Every | BaseTrigger
    args: tuple = ()
    grace_seconds: int | None = None


class Scheduler:
    def __init__(self, workers: int = 4, default_grace_seconds: int = 60):
        self._scheduler = BackgroundScheduler(
            executors={"default": ThreadPoolExecutor(workers)}, timezone=timezone.utc,
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": default_grace_seconds})
        # APScheduler logs a failing job with its traceback itself; a skipped (too late) run is ours to log
        self._scheduler.add_listener(self._log_missed, EVENT_JOB_MISSED)

    # jobs ---------------------------------------------------------------------------------------------
    def add_job(self, job_id: str, func: Callable, trigger: BaseTrigger, *, args: tuple = (),
                kwargs: dict | None = None, grace_seconds: int | None = None,
                next_run_time: datetime | None = None) -> None:
        """Add or replace the job ``job_id``. A run that starts late by more than ``grace_seconds`` is
        skipped; runs that pile up while one is still going are merged into one."""
        extra = {"misfire_grace_time": grace_seconds} if grace_seconds is not None else {}
        if next_run_time is not None:
            extra["next_run_time"] = next_run_time
        self._scheduler.add_job(func, trigger, args=args, kwargs=kwargs or {}, id=job_id, name=job_id,
                                replace_existing=True, **extra)

    def add(self, job: Job) -> None:
        """Add or replace ``job`` (by its name)."""
        trigger, grace, first = job.trigger, job.grace_seconds, None
        if isinstance(trigger, Every):
            first = datetime.now(timezone.utc) if trigger.run_now else None
            grace = grace if grace is not None else max(int(trigger.seconds), 1)
            trigger = IntervalTrigger(seconds=trigger.seconds, timezone=timezone.utc)
        self.add_job(job.name, job.func, trigger, args=job.args, grace_seconds=grace, next_run_time=first)

    def start_jobs(self, jobs: Iterable[Job]) -> None:
        """Add ``jobs``, then start."""
        for job in jobs:
            self.add(job)
        self.start()

    def run_once(self, job_id: str, func: Callable, *, args: tuple = (), kwargs: dict | None = None,
                 delay_seconds: float = 0.0) -> None:
        """Run ``func`` once on the scheduler's workers, soon."""
        from apscheduler.triggers.date import DateTrigger

        when = datetime.now(timezone.utc) + timedelta(seconds=delay_seconds)
        self.add_job(job_id, func, DateTrigger(when, timezone=timezone.utc), args=args, kwargs=kwargs,
                     grace_seconds=3600)

    def remove_job(self, job_id: str) -> bool:
        try:
            self._scheduler.remove_job(job_id)
            return True
        except JobLookupError:
            return False

    def job_ids(self, prefix: str = "") -> list[str]:
        return sorted(j.id for j in self._scheduler.get_jobs() if j.id.startswith(prefix))

    def next_run_time(self, job_id: str) -> datetime | None:
        job = self._scheduler.get_job(job_id)
        return getattr(job, "next_run_time", None) if job else None

    def on_job_done(self, callback: Callable[[str, BaseException | None], None]) -> None:
        """Call ``callback(job_id, exception or None)`` after each run (tests and metrics use it)."""
        def listener(event: JobExecutionEvent) -> None:
            callback(event.job_id, event.exception)
        self._scheduler.add_listener(listener, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)

    # lifecycle ------------------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._scheduler.running

    def start(self) -> None:
        if not self._scheduler.running:
            self._scheduler.start()

    def shutdown(self, wait: bool = True) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=wait)

    @staticmethod
    def _log_missed(event) -> None:
        log.warning("scheduled job %s started too late and was skipped", event.job_id)
