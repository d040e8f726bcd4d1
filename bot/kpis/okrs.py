"""OKRs: objectives with key results (KPI, baseline, target, due date), their progress and pace.

An objective belongs to a workspace: each method takes the request's ``Tenant`` (bot.tenancy), and an
objective of another workspace is one that does not exist; its progress is measured on that workspace's
values."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from bot.clock import utcnow
from bot.errors import UserError, naming
from bot.kpis import formulas
from bot.kpis.catalog import Catalog, Kpi
from bot.kpis.measurements import MeasurementService, Reading
from bot.kpis.scopes import Scope, make_scope
from bot.store.tables.kpis import KeyResult, Objective
from bot.tenancy import EVERY_ROW, Tenant

MAX_TITLE = 200
MAX_KEY_RESULTS = 10
_KR = re.compile(r"^\s*(?P<kpi>[\w-]+)\s*:\s*(?P<base>[-+]?[\d.]+)\s*%?\s*->\s*(?P<target>[-+]?[\d.]+)\s*%?\s*@\s*"
                 r"(?P<due>\d{4}-\d{2}-\d{2})\s*$")
KR_FORMAT = "KPI:BASELINE->TARGET@YYYY-MM-DD, e.g. employee_adoption_rate:30->70@2026-09-30"


@dataclass(frozen=True)
class KeyResultSpec:
    kpi: str
    baseline: float
    target: float
    due: date


def parse_key_result(text: str) -> KeyResultSpec:
    m = _KR.match(text or "")
    if not m:
        raise UserError(f"Key result {text!r} is not in the form {KR_FORMAT}.", "key_results")
    try:
        return KeyResultSpec(m["kpi"], float(m["base"]), float(m["target"]), date.fromisoformat(m["due"]))
    except ValueError as exc:
        raise UserError(f"Key result {text!r}: {exc}.", "key_results") from exc


@dataclass(frozen=True)
class KeyResultStatus:
    id: int
    kpi: Kpi
    baseline: float
    target: float
    due: date
    current: Reading | None
    pace: formulas.Pace

    @property
    def at_risk(self) -> bool:
        return self.pace.status in (formulas.AT_RISK, formulas.MISSED)


@dataclass(frozen=True)
class ObjectiveStatus:
    id: int
    title: str
    scope: Scope
    start: date
    key_results: list[KeyResultStatus]

    @property
    def at_risk(self) -> bool:
        return any(kr.at_risk for kr in self.key_results)


class OkrService:
    def __init__(self, uow_factory: Callable, catalog: Catalog, measurements: MeasurementService,
                 tolerance: float = 0.10, today: Callable[[], date] | None = None):
        self._uow = uow_factory
        self.catalog = catalog
        self.measurements = measurements
        self.tolerance = tolerance
        self.today = today or (lambda: utcnow().date())

    def _check(self, title: str, scope: Scope, start: date, specs: list[KeyResultSpec]) -> str:
        title = " ".join((title or "").split())
        if not title:
            raise UserError("The objective needs a title.", "title")
        if len(title) > MAX_TITLE:
            raise UserError(f"The objective title is longer than {MAX_TITLE} characters.", "title")
        if not specs:
            raise UserError(f"Add at least one key result ({KR_FORMAT}).", "key_results")
        if len(specs) > MAX_KEY_RESULTS:
            raise UserError(f"At most {MAX_KEY_RESULTS} key results per objective.", "key_results")
        for spec in specs:
            with naming("key_results"):
                asked, kpi = self.catalog.get(spec.kpi), self.catalog.stored(spec.kpi)
            if asked.scope and scope.kind != asked.scope:
                raise UserError(f"{asked.name} is tracked per {asked.scope}: give the objective a "
                                f"{asked.scope}:NAME scope.", "scope")
            with naming("key_results"):
                kpi.check(spec.baseline), kpi.check(spec.target)
            if spec.target == spec.baseline:
                raise UserError(f"{kpi.name}: the target equals the baseline, so progress cannot be measured.",
                                "key_results")
            if (spec.target < spec.baseline) == kpi.higher_is_better:
                way = "higher" if kpi.higher_is_better else "lower"
                raise UserError(f"{kpi.name}: {way} is better, so the target must be {way} than the baseline.",
                                "key_results")
            if spec.due <= start:
                raise UserError(f"{kpi.name}: the due date {spec.due} must come after the start {start}.",
                                "key_results")
        return title

    def add(self, title: str, scope: Scope, start: date | None, specs: list[KeyResultSpec], by: str, *,
            tenant: Tenant = EVERY_ROW) -> int:
        start = start or self.today()
        title = self._check(title, scope, start, specs)
        with self._uow() as uow:
            objective = Objective(team_id=tenant.key, title=title, scope_kind=scope.kind, scope_name=scope.name,
                                  start_date=start, created_by=by[:64], key_results=[
                                      KeyResult(kpi=self.catalog.stored(s.kpi).key, baseline=s.baseline,
                                                target=s.target, due_date=s.due) for s in specs])
            uow.kpis.okrs.add(objective)
            uow.commit()
            return objective.id

    def remove(self, objective_id: int, *, tenant: Tenant = EVERY_ROW) -> bool:
        with self._uow() as uow:
            objective = uow.kpis.okrs.get(tenant, objective_id)
            if objective is None:
                return False
            uow.kpis.okrs.remove(objective)
            uow.commit()
            return True

    def _status(self, o: Objective, today: date, tenant: Tenant) -> ObjectiveStatus:
        scope = make_scope(o.scope_kind, o.scope_name or None)
        rows = []
        for kr in o.key_results:
            current = self.measurements.latest(kr.kpi, scope, tenant=tenant)
            share = formulas.elapsed(o.start_date.toordinal(), kr.due_date.toordinal(), today.toordinal())
            pace = formulas.pace(kr.baseline, kr.target, current.value if current else None, share, self.tolerance)
            rows.append(KeyResultStatus(kr.id, self.catalog.get(kr.kpi), kr.baseline, kr.target, kr.due_date,
                                        current, pace))
        return ObjectiveStatus(o.id, o.title, scope, o.start_date, rows)

    def statuses(self, ids: list[int] | None = None, *, tenant: Tenant = EVERY_ROW) -> list[ObjectiveStatus]:
        """Every objective (or those with ``ids``) with progress and pace as of today."""
        with self._uow() as uow:
            objectives = uow.kpis.okrs.all(tenant) if ids is None else uow.kpis.okrs.many(tenant, ids)
        today = self.today()
        return [self._status(o, today, tenant) for o in objectives]

    def show(self, objective_id: int, *, tenant: Tenant = EVERY_ROW) -> ObjectiveStatus:
        found = self.statuses([objective_id], tenant=tenant)
        if not found:
            raise UserError(f"There is no objective {objective_id}; `coach okr list` shows them.")
        return found[0]

    def existing(self, ids: list[int], tenant: Tenant = EVERY_ROW) -> list[int]:
        with self._uow() as uow:
            return [o.id for o in uow.kpis.okrs.many(tenant, ids)]

    def target_for(self, kpi_key: str, scope: Scope, *, tenant: Tenant = EVERY_ROW) -> KeyResultStatus | None:
        """The key result on this KPI and scope that is due next (or last due), for "value vs target"."""
        kpi = self.catalog.stored(kpi_key)
        with self._uow() as uow:
            found = uow.kpis.okrs.key_results_for(tenant, kpi.key, scope.kind, scope.name)
            if not found:
                return None
            today = self.today()
            upcoming = [kr for kr in found if kr.due_date >= today]
            chosen = (upcoming or found[-1:])[0]
            objective = uow.kpis.okrs.get(tenant, chosen.objective_id)
        status = self._status(objective, self.today(), tenant)
        return next(kr for kr in status.key_results if kr.id == chosen.id)
