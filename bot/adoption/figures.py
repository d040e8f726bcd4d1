"""Adoption figures from the ledger: who was active in a period joined to the directory, rolled up per
department and tool under the anonymity rule (bot.adoption.rollup, bot.adoption.pooling), the licensed but
inactive, the weekly trend, and the ``employee_adoption_rate`` KPI values written from them."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.adoption.pooling import POOLED
from bot.adoption.records import tool_label
from bot.adoption.rollup import ALL, ANY, Rollup, inactive_licensed, rollup
from bot.clock import utcnow
from bot.errors import UserError, naming
from bot.kpis.catalog import Catalog
from bot.kpis.measurements import Entry, MeasurementService
from bot.kpis.periods import Period, parse_period, period_of
from bot.kpis.scopes import ORGANISATION, make_scope
from bot.tenancy import EVERY_ROW, Tenant

KPI = "employee_adoption_rate"
INACTIVE_DAYS = 30  # "licensed but inactive": no activity with the tool in this many days
TREND_WEEKS = 8
CACHED_SNAPSHOTS = 256  # periods' figures kept in memory (a few KB each)
WRITER = "adoption ledger"


@dataclass(frozen=True)
class Snapshot:
    """One period's figures, and what they rest on."""

    period: Period
    rollup: Rollup
    people: int  # in the directory
    unmatched: int  # identities active in the period that join nobody in the directory


def period_or_default(text: str | None, today: date) -> Period:
    """``2026-04``, ``2026-W15``…; by default the last complete month."""
    if text:
        return parse_period(text)
    return period_of(period_of(today, "month").start - timedelta(days=1), "month")


class AdoptionFigures:
    def __init__(self, uow_factory: Callable, measurements: MeasurementService, catalog: Catalog, k: int,
                 today: Callable[[], date] = lambda: utcnow().date()):
        self._uow = uow_factory
        self.measurements = measurements
        self.catalog = catalog
        self.k = k
        self.today = today
        self._cache: OrderedDict = OrderedDict()  # ((tenant, version), period) -> Snapshot; also unused licences
        self._lock = threading.Lock()

    def snapshot(self, period: Period, *, tenant: Tenant = EVERY_ROW) -> Snapshot:
        return self.snapshots([period], tenant=tenant)[0]

    def snapshots(self, periods: list[Period], *, tenant: Tenant = EVERY_ROW) -> list[Snapshot]:
        """Each period's figures, the directory and identities read once for all of them. Figures are kept in
        memory until the ledger or the directory changes (any import, in any process: the version is read
        from the database), as App Home and `/kpi adoption` ask for the same periods again and again."""
        with self._uow() as uow:
            version = (tenant, uow.adoption.version(tenant))
            missing = [p for p in periods if (version, p) not in self._cache]
            if missing:
                departments = uow.adoption.departments(tenant)
                who = uow.adoption.people_by_identity(tenant)
                found = [uow.adoption.active_pairs(tenant, p.start, p.end) for p in missing]
        for period, pairs in zip(missing, found if missing else [], strict=True):
            active = [(who[i], tool) for i, tool in pairs if i in who]
            unmatched = len({i for i, _ in pairs if i not in who})
            self._remember((version, period),
                           Snapshot(period, rollup(active, departments, self.k), len(departments), unmatched))
        return [self._cache[(version, p)] for p in periods]

    def _remember(self, key, snap) -> None:
        # A small LRU by hand: functools.lru_cache cannot take the version read inside the call as its key.
        with self._lock:
            self._cache[key] = snap
            self._cache.move_to_end(key)
            while len(self._cache) > CACHED_SNAPSHOTS:
                self._cache.popitem(last=False)

    def show(self, period_text: str | None, *, tenant: Tenant = EVERY_ROW) -> Snapshot:
        """The figures of a period people asked for (the last complete month by default)."""
        with naming("period"):
            period = period_or_default(period_text, self.today())
        snap = self.snapshot(period, tenant=tenant)
        if not snap.people:
            raise UserError("No directory yet: import who is eligible and in which department with "
                            "`coach directory import people.csv` first.")
        return snap

    def inactive(self, *, tenant: Tenant = EVERY_ROW):
        """Licensed but inactive for INACTIVE_DAYS days up to today, per department and tool (pooled)."""
        end = self.today() + timedelta(days=1)
        with self._uow() as uow:
            key = ((tenant, uow.adoption.version(tenant)), ("inactive", end))
            if key in self._cache:
                return self._cache[key]
            departments = uow.adoption.departments(tenant)
            who = uow.adoption.people_by_identity(tenant)
            licensed = uow.adoption.licensed_pairs(tenant)
            recent = uow.adoption.active_pairs(tenant, end - timedelta(days=INACTIVE_DAYS), end)
        unused = inactive_licensed([(who[i], t) for i, t in licensed if i in who],
                                   [(who[i], t) for i, t in recent if i in who], departments, self.k)
        self._remember(key, unused)
        return unused

    def trend(self, department: str = ALL, tool: str = ANY, weeks: int = TREND_WEEKS, *,
              until: date | None = None, tenant: Tenant = EVERY_ROW) -> list[tuple[str, float | None]]:
        """The weekly active rate of a department (or everyone) over the ``weeks`` weeks complete by ``until``
        (default: today); None for a week no report covers."""
        last = period_of(period_of(until or self.today(), "week").start - timedelta(days=1), "week")
        with self._uow() as uow:
            first, newest = self._span(uow, tenant)
        weeks_ = [period_of(last.start - timedelta(days=7 * n), "week") for n in range(weeks - 1, -1, -1)]
        covered = [w for w in weeks_ if first is not None and first < w.end and w.start <= newest]
        rates = {}
        for snap in self.snapshots(covered, tenant=tenant):
            hit = next((f for f in snap.rollup.figures if f.department == department and f.tool == tool), None)
            rates[snap.period.label] = hit.rate if hit and hit.eligible else None
        return [(w.label, rates.get(w.label)) for w in weeks_]

    def has_data(self, period: Period, *, tenant: Tenant = EVERY_ROW) -> bool:
        """Whether the ledger measures ``period``: a directory, and activity reported up to its end."""
        with self._uow() as uow:
            first, last = self._span(uow, tenant)
            people = uow.adoption.has_people(tenant)
        return people and first is not None and first < period.end and last >= period.end - timedelta(days=1)

    def _span(self, uow, tenant: Tenant) -> tuple[date | None, date | None]:
        """The ledger's first and last day of activity, kept with the figures until the next import (finding
        them reads the whole ledger: 0.13 s at 2.7M rows, and a dashboard page asks for them several times)."""
        key = ((tenant, uow.adoption.version(tenant)), "span")
        span = self._cache.get(key)
        if span is None:
            span = uow.adoption.span(tenant)
            self._remember(key, span)
        return span

    def _written(self, period: Period, tenant: Tenant) -> bool:
        with self._uow() as uow:
            row = uow.kpis.measurements.find(tenant, KPI, ORGANISATION.kind, ORGANISATION.name, period.label)
        return row is not None and row.source == "tools"

    # KPI values ------------------------------------------------------------------------------------
    def entries(self, snap: Snapshot) -> list[Entry]:
        """``employee_adoption_rate`` for the organisation, each shown department (the pooled group too) and
        each tool organisation-wide."""
        kpi = self.catalog.get(KPI)
        out = []
        for f in snap.rollup.figures:
            if not f.eligible or (f.department != ALL and f.tool != ANY):
                continue
            if f.department == ALL:
                scope = ORGANISATION if f.tool == ANY else make_scope("tool", f.tool)
            else:
                scope = make_scope("department", f.department)
            tools = "any AI tool" if f.tool == ANY else tool_label(f.tool)
            note = f"{f.active} of {f.eligible} people active with {tools}, from the tools' usage reports"
            if f.department == POOLED:
                note += f" (pooled: {', '.join(snap.rollup.pooled)})"
            out.append(Entry(kpi, scope, snap.period, kpi.check(f.rate), note))
        return out

    def write_kpis(self, days: Iterable[date], *, missing_only: bool = False, tenant: Tenant = EVERY_ROW) -> int:
        """Write the KPI values of every complete week and month holding one of ``days``; returns how many
        values were written. A value a person recorded for the same period is kept. ``missing_only``: only
        periods with no organisation value from the tools yet (a new directory does not recompute a period
        already shown: the two versions' difference could single out a joiner or a leaver, decision 0008)."""
        today = self.today()
        periods = {period_of(d, g) for d in set(days) for g in ("week", "month")}
        if missing_only:
            periods = {p for p in periods if not self._written(p, tenant)}
        written = 0
        for snap in self.snapshots(sorted(p for p in periods if p.end <= today), tenant=tenant):
            if not snap.rollup.released:
                continue
            added, updated = self.measurements.store(self.entries(snap), by=WRITER, source="tools",
                                                     keep_people=True, tenant=tenant)
            written += added + updated
        return written

