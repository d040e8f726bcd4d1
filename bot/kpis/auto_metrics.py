"""KPIs the coach measures from its own tables: adoption rate (active users / eligible members, per
department), helpful answers (👍 share), declined questions, and survey scores when the surveys feature
provides them. Each counts one workspace's questions, ratings and surveys (the ``Tenant``, bot.tenancy)."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timezone

from bot.kpis import formulas
from bot.kpis.catalog import Catalog
from bot.kpis.measurements import Entry
from bot.kpis.periods import Period
from bot.kpis.ports import SurveyScores
from bot.kpis.scopes import ORGANISATION, Scope, make_scope
from bot.tenancy import EVERY_ROW, Tenant

log = logging.getLogger(__name__)
SURVEY_KPIS = ("survey_tam", "survey_utaut", "survey_enps")


def window(period: Period) -> tuple[datetime, datetime]:
    return (datetime.combine(period.start, time(), timezone.utc), datetime.combine(period.end, time(), timezone.utc))


@dataclass(frozen=True)
class Adoption:
    scope: Scope
    active: int
    eligible: int

    @property
    def rate(self) -> float | None:
        return formulas.adoption_rate(self.active, self.eligible)


def adoption_rollup(active_users: set[str], eligible: dict[str, str | None], scope: Scope) -> list[Adoption]:
    """The population's adoption (at ``scope``, unless that is a department) and each department's."""
    by_dept: dict[str, list[str]] = defaultdict(list)
    for user, dept in eligible.items():
        by_dept[dept or "unknown"].append(user)
    rows = []
    if scope.kind != "department":
        rows.append(Adoption(scope, len(active_users & eligible.keys()), len(eligible)))
    for dept, users in sorted(by_dept.items()):
        if dept == "unknown" or (scope.kind == "department" and dept != scope.name):
            continue
        rows.append(Adoption(make_scope("department", dept), sum(u in active_users for u in users), len(users)))
    return rows


class AutoMetrics:
    def __init__(self, uow_factory: Callable, catalog: Catalog, surveys: SurveyScores | None = None,
                 tools_measure: Callable[[Period, Tenant], bool] | None = None):
        self._uow = uow_factory
        self.catalog = catalog
        self.surveys = surveys
        self.tools_measure = tools_measure  # the AI tools' reports measure adoption (bot.adoption writes it)

    def adoption(self, period: Period, eligible: dict[str, str | None], scope: Scope = ORGANISATION, *,
                 tenant: Tenant = EVERY_ROW) -> list[Adoption]:
        start, end = window(period)
        with self._uow() as uow:
            active = uow.kpis.rollup.active_users(tenant, start, end)
        return adoption_rollup(active, eligible, scope)

    def measure(self, period: Period, scope: Scope, eligible: dict[str, str | None] | None,
                wanted: set[str], *, tenant: Tenant = EVERY_ROW) -> list[Entry]:
        """Entries for the wanted KPIs the coach can measure for ``period`` and ``scope``."""
        wanted = {self.catalog.stored(k).key for k in wanted}
        entries: list[Entry] = []
        if "employee_adoption_rate" in wanted and eligible and not self._tools_measure(period, tenant):
            kpi = self.catalog.get("employee_adoption_rate")
            entries += [Entry(kpi, a.scope, period, a.rate)
                        for a in self.adoption(period, eligible, scope, tenant=tenant) if a.rate is not None]
        if scope.kind in ("organisation", "department"):
            dept = scope.name if scope.kind == "department" else None
            start, end = window(period)
            with self._uow() as uow:
                questions, declined = uow.kpis.rollup.outcomes(tenant, start, end, dept)
                up, down = uow.kpis.rollup.ratings(tenant, start, end, dept)
            for key, value in (("answer_helpfulness", formulas.helpful_share(up, down)),
                               ("decline_rate", formulas.decline_rate(declined, questions))):
                if key in wanted and value is not None:
                    entries.append(Entry(self.catalog.get(key), scope, period, value))
            entries += self._surveys(period, scope, dept, wanted, tenant)
        return entries

    def _tools_measure(self, period: Period, tenant: Tenant) -> bool:
        if self.tools_measure is None:
            return False
        try:
            return self.tools_measure(period, tenant)
        except Exception as exc:  # the ledger failing must not stop a nudge: count the coach's own users
            log.warning("adoption ledger unavailable: %s", type(exc).__name__)
            return False

    def _surveys(self, period: Period, scope: Scope, dept: str | None, wanted: set[str],
                 tenant: Tenant) -> list[Entry]:
        if self.surveys is None or not wanted & set(SURVEY_KPIS):
            return []
        try:
            scores = self.surveys.kpi_scores(period.start, period.end, dept, tenant=tenant)
        except Exception as exc:  # the surveys feature failing must not stop a nudge
            log.warning("survey scores unavailable: %s", type(exc).__name__)
            return []
        out = []
        for key in SURVEY_KPIS:
            if key in wanted and scores.get(key) is not None:
                kpi = self.catalog.get(key)
                out.append(Entry(kpi, scope, period, kpi.check(float(scores[key]))))
        return out
