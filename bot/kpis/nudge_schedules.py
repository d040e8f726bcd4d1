"""Nudge schedules: cron expression + IANA timezone, checked; the slots a schedule produces; add/list/remove.

A slot is one instant a schedule fires, in UTC. Cron times come from APScheduler's CronTrigger in the
schedule's timezone, so 09:00 stays 09:00 local across daylight-saving changes. Two DST rules on top:
a local time that happens twice (autumn) is one slot, not two; a local time that does not exist (spring)
fires once, an hour later in wall-clock terms, as APScheduler computes it.

A schedule belongs to the workspace it posts in (``team_id``): the methods take the request's ``Tenant``
(bot.tenancy), a schedule of another workspace is one that does not exist, and a nudge may only show
objectives of its own workspace."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger

from bot.clock import as_utc
from bot.errors import UserError, naming
from bot.ids import channel_id
from bot.kpis.catalog import Catalog
from bot.kpis.scopes import Scope, make_scope
from bot.scheduler import cron_trigger
from bot.store.tables.kpis import NudgeSchedule
from bot.tenancy import EVERY_ROW, Tenant

MIN_INTERVAL = timedelta(hours=1)  # a channel nudge at most hourly
DST_LOOKBACK = timedelta(hours=3)  # context needed to recognise a repeated local time
NUDGE_PERIODS = ("week", "month", "quarter")
MAX_ITEMS = 8
_ELIGIBLE = re.compile(r"^[CGS][A-Z0-9]{2,31}$")
_THRESHOLD = re.compile(r"^\s*([\w-]+)\s*([<>])\s*([-+]?\d+(?:\.\d+)?)\s*%?\s*$")


@dataclass(frozen=True)
class Threshold:
    kpi: str
    op: str  # "<": alert when the value falls below; ">": when it rises above
    value: float

    def __str__(self) -> str:
        return f"{self.kpi}{self.op}{self.value:g}"

    def breached(self, value: float) -> bool:
        return value < self.value if self.op == "<" else value > self.value


def parse_threshold(text: str) -> Threshold:
    m = _THRESHOLD.match(text or "")
    if not m:
        raise UserError(f"Alert {text!r} is not in the form KPI<VALUE or KPI>VALUE, e.g. employee_adoption_rate<60.",
                        "alerts")
    return Threshold(m[1].lower().replace("-", "_"), m[2], float(m[3]))


def check_timezone(name: str) -> ZoneInfo:
    text = (name or "").strip()
    try:
        if not text or text.startswith(("/", ".")) or ".." in text:
            raise ValueError
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UserError(f"{name!r} is not an IANA timezone; use a name like Europe/Berlin, America/New_York "
                        "or UTC.", "timezone") from exc


def make_trigger(cron: str, tz: str, check: bool = True) -> CronTrigger:
    """The checked trigger: five cron fields, a real timezone, fires at all and at most hourly."""
    zone = check_timezone(tz)
    expr = " ".join((cron or "").split())
    if len(expr.split(" ")) != 5:
        raise UserError(f"{cron!r} is not a cron expression: give five fields, minute hour day month weekday, "
                        "e.g. `0 9 * * 1` for Mondays at 09:00.", "cron")
    _minute, _hour, day, _month, weekday = expr.split(" ")
    if day != "*" and weekday != "*":
        raise UserError(f"{cron!r} restricts both the day of the month and the weekday; give one of them "
                        "(cron would fire on either, which is rarely what a nudge wants).", "cron")
    try:
        trigger = cron_trigger(expr, zone)
    except ValueError as exc:
        raise UserError(f"{cron!r} is not a valid cron expression ({exc}).", "cron") from exc
    if not check:
        return trigger
    upcoming = slots_between(trigger, datetime.now(timezone.utc), datetime.now(timezone.utc) + timedelta(days=800),
                             limit=60)
    if not upcoming:
        raise UserError(f"{cron!r} never fires (check the day and month fields).", "cron")
    gaps = [b - a for a, b in zip(upcoming, upcoming[1:])]
    if gaps and min(gaps) < MIN_INTERVAL:
        raise UserError(f"{cron!r} fires more often than hourly; a channel nudge can run at most once an hour.",
                        "cron")
    return trigger


def slots_between(trigger: CronTrigger, start: datetime, end: datetime, limit: int = 10_000) -> list[datetime]:
    """The schedule's slots in [start, end], in UTC, with a repeated local time counted once."""
    zone = trigger.timezone
    prev = None
    fire = trigger.get_next_fire_time(None, (start - DST_LOOKBACK).astimezone(zone))
    out: list[datetime] = []
    while fire is not None and fire <= end and len(out) < limit:
        wall = fire.replace(tzinfo=None)
        if (prev is None or wall != prev) and fire >= start:
            out.append(fire.astimezone(timezone.utc))
        prev = wall
        fire = trigger.get_next_fire_time(fire, fire)
    return out


def due_slot(trigger: CronTrigger, now: datetime, grace: timedelta,
             not_before: datetime | None = None) -> datetime | None:
    """The latest slot at or before ``now``, no older than ``grace`` (nor than ``not_before``, when the
    schedule was created): what should have been posted by now."""
    start = now - grace if not_before is None else max(now - grace, not_before)
    found = slots_between(trigger, start, now)
    return found[-1] if found else None


def next_slot(trigger: CronTrigger, after: datetime) -> datetime | None:
    found = slots_between(trigger, after + timedelta(microseconds=1), after + timedelta(days=800), limit=1)
    return found[0] if found else None


@dataclass(frozen=True)
class Schedule:
    id: int
    team_id: str | None
    channel: str
    cron: str
    timezone: str
    kpis: list[str]
    okrs: list[int]
    scope: Scope
    granularity: str
    eligible: str | None
    skip_unchanged: bool
    thresholds: list[Threshold] = field(default_factory=list)
    created_by: str = ""
    created_at: datetime | None = None

    @property
    def trigger(self) -> CronTrigger:
        return make_trigger(self.cron, self.timezone, check=False)

    @property
    def when(self) -> str:
        return f"`{self.cron}` ({self.timezone})"


def schedule_of(row: NudgeSchedule) -> Schedule:
    return Schedule(row.id, row.team_id, row.channel, row.cron, row.timezone, json.loads(row.kpis or "[]"),
                    json.loads(row.okrs or "[]"), make_scope(row.scope_kind, row.scope_name or None),
                    row.granularity, row.eligible, bool(row.skip_unchanged),
                    [Threshold(**t) for t in json.loads(row.thresholds or "[]")], row.created_by,
                    as_utc(row.created_at) if row.created_at else None)


@dataclass(frozen=True)
class ScheduleState:
    schedule: Schedule
    last_slot: datetime | None
    last_status: str | None
    last_detail: str
    next_run: datetime | None


class ScheduleService:
    def __init__(self, uow_factory: Callable, catalog: Catalog, okr_ids: Callable[[list[int], Tenant], list[int]],
                 clock: Callable[[], datetime] | None = None):
        self._uow = uow_factory
        self.catalog = catalog
        self._okr_ids = okr_ids
        self.clock = clock or (lambda: datetime.now(timezone.utc))

    def add(self, *, channel: str, cron: str, tz: str, kpis: list[str], okrs: list[int], scope: Scope,
            by: str, granularity: str = "month", eligible: str | None = None, skip_unchanged: bool = False,
            thresholds: list[Threshold] = (), team_id: str | None = None, tenant: Tenant = EVERY_ROW) -> Schedule:
        """A new schedule of ``tenant``'s workspace (``team_id``: the workspace it posts in, needed when the
        tenant is every row, i.e. a single-workspace install)."""
        channel = channel_id(channel)
        make_trigger(cron, tz)
        with naming("kpis"):
            keys = list(dict.fromkeys(self.catalog.get(k).key for k in kpis))
        for key in keys:
            kpi = self.catalog.get(key)
            if kpi.scope and scope.kind != kpi.scope:
                raise UserError(f"{kpi.name} is tracked per {kpi.scope}: give the nudge a {kpi.scope}:NAME scope.",
                                "scope")
        okrs = list(dict.fromkeys(okrs))
        missing = sorted(set(okrs) - set(self._okr_ids(okrs, tenant)))
        if missing:
            raise UserError(f"No objective with id {', '.join(map(str, missing))}; `coach okr list` shows them.",
                            "okrs")
        if not keys and not okrs:
            raise UserError("Choose at least one KPI or OKR for the nudge.", "kpis")
        if len(keys) > MAX_ITEMS or len(okrs) > MAX_ITEMS:
            raise UserError(f"At most {MAX_ITEMS} KPIs and {MAX_ITEMS} OKRs per nudge, so the message stays readable.",
                            "kpis")
        if granularity not in NUDGE_PERIODS:
            raise UserError(f"Unknown period {granularity!r}: choose week, month or quarter.", "period")
        eligible = (eligible or "").strip().upper() or None
        if eligible and not _ELIGIBLE.match(eligible):
            raise UserError(f"{eligible!r} is neither a channel ID (C…) nor a user group ID (S…).", "eligible")
        for t in thresholds:
            with naming("alerts"):
                key = self.catalog.get(t.kpi).key
            if key not in keys:
                raise UserError(f"The alert on {key} needs that KPI in the nudge too (--kpi {key}).", "alerts")
        rows = [{"kpi": self.catalog.get(t.kpi).key, "op": t.op, "value": t.value} for t in thresholds]
        cron, tz = " ".join(cron.split()), tz.strip()
        same = (channel, cron, tz, sorted(keys), sorted(okrs), scope)
        with self._uow() as uow:
            for other in map(schedule_of, uow.kpis.schedules.all(tenant)):
                if (other.channel, other.cron, other.timezone, sorted(other.kpis), sorted(other.okrs),
                        other.scope) == same:  # the channel would get the same message twice a slot
                    raise UserError(f"Nudge {other.id} already posts the same KPIs and OKRs to {channel} at "
                                    f"`{cron}` ({tz}); remove it first to change its options.", "kpis")
            row = NudgeSchedule(team_id=tenant.owner(team_id), channel=channel, cron=cron, timezone=tz,
                                kpis=json.dumps(keys), okrs=json.dumps(okrs), scope_kind=scope.kind,
                                scope_name=scope.name, granularity=granularity, eligible=eligible,
                                skip_unchanged=skip_unchanged, thresholds=json.dumps(rows), created_by=by[:64],
                                created_at=self.clock())
            uow.kpis.schedules.add(row)
            uow.commit()
            return schedule_of(row)

    def remove(self, schedule_id: int, *, tenant: Tenant = EVERY_ROW) -> bool:
        with self._uow() as uow:
            row = uow.kpis.schedules.get(tenant, schedule_id)
            if row is None:
                return False
            uow.kpis.schedules.remove(row)
            uow.commit()
            return True

    def get(self, schedule_id: int, *, tenant: Tenant = EVERY_ROW) -> Schedule:
        with self._uow() as uow:
            row = uow.kpis.schedules.get(tenant, schedule_id)
            if row is None:
                raise UserError(f"There is no nudge schedule {schedule_id}; `coach nudge list` shows them.")
            return schedule_of(row)

    def all(self, *, tenant: Tenant = EVERY_ROW) -> list[Schedule]:
        """The tenant's schedules (the nudge jobs take every workspace's: EVERY_ROW)."""
        with self._uow() as uow:
            return [schedule_of(r) for r in uow.kpis.schedules.all(tenant)]

    def states(self, *, tenant: Tenant = EVERY_ROW) -> list[ScheduleState]:
        """Every schedule with its last slot (and how it went) and its next run."""
        now = self.clock()
        with self._uow() as uow:
            rows = uow.kpis.schedules.all(tenant)
            last = uow.kpis.slots.latest_per_schedule(tenant)
            out = []
            for row in rows:
                s, slot = schedule_of(row), last.get(row.id)
                out.append(ScheduleState(s, as_utc(slot.slot_at) if slot else None, slot.status if slot else None,
                                         slot.detail if slot else "", next_slot(s.trigger, now)))
        return out
