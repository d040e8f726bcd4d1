"""Recording and reading KPI values per scope and period (Slack, CLI, CSV import and the coach itself).

Values belong to a workspace: every method takes the ``Tenant`` of the request (bot.tenancy), which reads
and writes only that workspace's values (a single-workspace install's ``EVERY_ROW`` sees them all)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from bot.clock import utcnow
from bot.errors import UserError, naming
from bot.kpis.catalog import Catalog, Kpi
from bot.kpis.formulas import CHANGES
from bot.kpis.periods import Period, parse_period
from bot.kpis.scopes import Scope, make_scope
from bot.store.tables.kpis import KpiMeasurement
from bot.tenancy import EVERY_ROW, Tenant

MAX_NOTE = 500
SOURCES = ("manual", "csv", "tools", "auto")
# Which value wins when two sources measure the same KPI, scope and period: what a person recorded or imported,
# then what the AI tools' usage reports measured (bot/adoption), then what the coach counted itself.
RANK = {"manual": 3, "csv": 3, "tools": 2, "auto": 1}


@dataclass(frozen=True)
class Entry:
    """A checked value, ready to store: ``kpi`` is the key values are stored under."""

    kpi: Kpi
    scope: Scope
    period: Period
    value: float
    note: str = ""


@dataclass(frozen=True)
class Reading:
    kpi: str
    scope: Scope
    period: Period
    value: float
    source: str
    note: str = ""


@dataclass(frozen=True)
class Change:
    """A before and an after number, for a KPI the catalog computes from the two (its ``change`` formula)."""

    before: float
    after: float


def parse_amount(text: str) -> float | Change:
    """What people type as a value: ``62.5``, ``62.5%`` (or ``62.5 %``: the KPI's own unit, so 62.5), or
    ``50->65`` (also ``50→65``, ``50%->65%``) for before and after."""
    raw = (text or "").strip()
    before, arrow, after = raw.replace("→", "->").partition("->")
    parts = (before, after) if arrow else (raw,)
    try:
        numbers = [float(part.strip().removesuffix("%").strip().replace("\u2212", "-")) for part in parts]
    except ValueError:
        raise UserError(f"{raw!r} is not a number (use a dot for decimals; BEFORE->AFTER for a change).",
                        "value") from None
    return Change(*numbers) if arrow else numbers[0]


def value_of_change(catalog: Catalog, kpi_key: str, change: Change) -> tuple[float, str]:
    """The KPI's value computed from before and after with its catalog formula, and a note saying so."""
    with naming("kpi"):
        kpi = catalog.stored(kpi_key)
    if kpi.change is None:
        computed = ", ".join(k.key for k in catalog if k.change)
        raise UserError(f"{kpi.name} is not computed from a before and an after value; record the value itself "
                        f"(KPIs computed that way: {computed}).", "value")
    for number in (change.before, change.after):
        if number != number or number in (float("inf"), float("-inf")):
            raise UserError(f"{kpi.name}: the before and after values must be finite numbers.", "value")
    value = CHANGES[kpi.change](change.before, change.after)
    if value is None:
        raise UserError(f"{kpi.name}: the baseline is 0, so there is no change to compute as a share of it.",
                        "value")
    return value, f"computed from {change.before:g} before and {change.after:g} after"


def _reading(m: KpiMeasurement) -> Reading:
    return Reading(m.kpi, make_scope(m.scope_kind, m.scope_name or None),
                   Period(m.period_start, m.period_end, m.granularity, m.period), m.value, m.source, m.note)


def check_entry(catalog: Catalog, kpi_key: str, scope: Scope, period: Period | str, value: float,
                note: str = "") -> Entry:
    """A value checked against the catalog: known KPI, scope that fits it, value within its range. A problem
    names its field: kpi, scope, period, value or note."""
    with naming("kpi"):
        asked = catalog.get(kpi_key)
        kpi = catalog.stored(kpi_key)
    if asked.scope and scope.kind != asked.scope:
        raise UserError(f"{asked.name} is recorded per {asked.scope}: give the scope as {asked.scope}:NAME.", "scope")
    if isinstance(period, str):
        with naming("period"):
            period = parse_period(period)
    note = " ".join((note or "").split())
    if len(note) > MAX_NOTE:
        raise UserError(f"The note is {len(note)} characters; keep it under {MAX_NOTE}.", "note")
    with naming("value"):
        checked = kpi.check(float(value))
    return Entry(kpi, scope, period, checked, note)


class MeasurementService:
    def __init__(self, uow_factory: Callable, catalog: Catalog):
        self._uow = uow_factory
        self.catalog = catalog

    def record(self, kpi_key: str, scope: Scope, period: Period | str, value: float | Change, by: str,
               note: str = "", source: str = "manual", *, tenant: Tenant = EVERY_ROW) -> tuple[Entry, str]:
        """Store one value (or the value computed from a Change); returns the entry and "added" or "updated"."""
        if isinstance(value, Change):
            value, how = value_of_change(self.catalog, kpi_key, value)
            note = f"{how}; {note}" if (note or "").strip() else how
        entry = check_entry(self.catalog, kpi_key, scope, period, value, note)
        added, _updated = self.store([entry], by, source, tenant=tenant)
        return entry, "added" if added else "updated"

    def store(self, entries: Iterable[Entry], by: str, source: str, keep_people: bool = False, *,
              tenant: Tenant = EVERY_ROW) -> tuple[int, int]:
        """Store checked entries in one transaction (all or nothing); returns (added, updated).

        ``keep_people``: a measured value never replaces a value of a higher-ranked source (``RANK``): the
        coach's count never replaces the tools' reports, and neither replaces what a person recorded."""
        if source not in SOURCES:
            raise ValueError(source)
        added = updated = 0
        with self._uow() as uow:
            for e in entries:
                row = uow.kpis.measurements.find(tenant, e.kpi.key, e.scope.kind, e.scope.name, e.period.label)
                if row is None:
                    uow.kpis.measurements.add(KpiMeasurement(
                        team_id=tenant.key, kpi=e.kpi.key, scope_kind=e.scope.kind, scope_name=e.scope.name,
                        period=e.period.label, granularity=e.period.granularity, period_start=e.period.start,
                        period_end=e.period.end, value=e.value, source=source, note=e.note, recorded_by=by[:64]))
                    added += 1
                elif keep_people and RANK.get(row.source, 3) > RANK[source]:
                    continue
                else:
                    row.value, row.source, row.note, row.recorded_by = e.value, source, e.note, by[:64]
                    row.recorded_at = utcnow()
                    updated += 1
            try:
                uow.commit()
            except IntegrityError as exc:  # the same value was recorded at the same moment elsewhere
                raise UserError("Another change to the same values happened at the same time; nothing was "
                                "stored, please try again.") from exc
        return added, updated

    def series(self, kpi_key: str, scope: Scope, limit: int = 12, *, granularity: str | None = None,
               tenant: Tenant = EVERY_ROW) -> list[Reading]:
        """The newest ``limit`` values of a KPI for a scope, oldest first, all of one period length: the
        ``granularity`` asked for when there are values of it (a monthly nudge shows months even where weeks
        are stored too), else the newest value's (a chart of months does not mix in a quarter)."""
        kpi = self.catalog.stored(kpi_key)
        with self._uow() as uow:
            rows = uow.kpis.measurements.series(tenant, kpi.key, scope.kind, scope.name, limit * 3)
            if granularity and rows and any(m.granularity != granularity for m in rows):
                rows = uow.kpis.measurements.series(tenant, kpi.key, scope.kind, scope.name, None)
        readings = [_reading(m) for m in rows]
        if not readings:
            return []
        wanted = [r for r in readings if r.period.granularity == granularity] if granularity else []
        if wanted:
            return wanted[-limit:]
        granularity = readings[-1].period.granularity
        return [r for r in readings if r.period.granularity == granularity][-limit:]

    def latest(self, kpi_key: str, scope: Scope, *, tenant: Tenant = EVERY_ROW) -> Reading | None:
        found = self.series(kpi_key, scope, limit=1, tenant=tenant)
        return found[-1] if found else None

    def overview(self, *, tenant: Tenant = EVERY_ROW) -> list[Reading]:
        """The newest value of every KPI and scope."""
        with self._uow() as uow:
            return [_reading(m) for m in uow.kpis.measurements.latest_all(tenant)]
