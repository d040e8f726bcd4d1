"""Every adoption service built once (the container builds this): the figures, the ledger that imports into
them, the scheduled pulls from the vendors' APIs and intent beside use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from bot.adoption.figures import AdoptionFigures
from bot.adoption.intent import IntentService
from bot.adoption.ledger import AdoptionLedger
from bot.adoption.summary import AdoptionSummary
from bot.adoption.sync import AdoptionSync
from bot.clock import utcnow
from bot.kpis.catalog import Catalog
from bot.kpis.measurements import MeasurementService


@dataclass
class AdoptionServices:
    figures: AdoptionFigures
    ledger: AdoptionLedger
    sync: AdoptionSync
    intent: IntentService
    summary: AdoptionSummary


def build_adoption_services(uow_factory: Callable, measurements: MeasurementService, catalog: Catalog, settings,
                            today: Callable[[], date] | None = None, http_factory=None) -> AdoptionServices:
    """``settings``: the k of the anonymity rule (survey_min_responses) and the sources' credentials."""
    today = today or (lambda: utcnow().date())
    figures = AdoptionFigures(uow_factory, measurements, catalog, settings.survey_min_responses, today)
    ledger = AdoptionLedger(uow_factory, figures)
    intent = IntentService(uow_factory, settings.survey_min_responses)
    return AdoptionServices(figures, ledger, AdoptionSync(ledger, settings, today, http_factory), intent,
                            AdoptionSummary(figures, intent))
