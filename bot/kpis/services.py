"""Every KPI service built once, from one set of collaborators (the container builds this)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.kpis.auto_metrics import AutoMetrics
from bot.kpis.catalog import Catalog, load_catalog
from bot.kpis.csv_import import import_csv
from bot.kpis.measurements import MeasurementService
from bot.kpis.nudge_schedules import ScheduleService
from bot.kpis.nudge_service import NudgeService
from bot.kpis.okrs import OkrService
from bot.kpis.periods import Period
from bot.kpis.ports import SurveyScores
from bot.kpis.slots import SlotClaims
from bot.kpis.tips import TipFinder
from bot.tenancy import EVERY_ROW, Tenant


@dataclass
class KpiServices:
    catalog: Catalog
    measurements: MeasurementService
    okrs: OkrService
    schedules: ScheduleService
    auto: AutoMetrics
    nudges: NudgeService

    def import_csv(self, text: str, by: str, *, tenant: Tenant = EVERY_ROW) -> tuple[int, int]:
        """All rows or none, into ``tenant``'s workspace: (added, updated); ImportRejected lists every bad row."""
        return import_csv(text, self.catalog,
                          lambda entries: self.measurements.store(entries, by, "csv", tenant=tenant))


def build_kpi_services(uow_factory: Callable, catalog_path, passages: Callable[[str], list], *,
                       tolerance: float = 0.10, surveys: SurveyScores | None = None,
                       clock: Callable[[], datetime] | None = None, owner: str | None = None,
                       multi_workspace: bool = False,
                       tools_measure: Callable[[Period, Tenant], bool] | None = None) -> KpiServices:
    """``multi_workspace``: the app serves several workspaces (Settings.multi_workspace), so each nudge shows
    its own workspace's data only. ``tools_measure``: whether the AI tools' usage reports (bot.adoption) measure
    adoption for a period and workspace; then the coach does not count adoption from its own questions."""
    catalog = load_catalog(catalog_path)
    today = (lambda: clock().date()) if clock else None
    measurements = MeasurementService(uow_factory, catalog)
    okrs = OkrService(uow_factory, catalog, measurements, tolerance, today)
    schedules = ScheduleService(uow_factory, catalog, okrs.existing, clock)
    auto = AutoMetrics(uow_factory, catalog, surveys, tools_measure)
    nudges = NudgeService(catalog, measurements, okrs, schedules, auto, TipFinder(passages),
                          SlotClaims(uow_factory, owner), clock, multi_workspace)
    return KpiServices(catalog, measurements, okrs, schedules, auto, nudges)
