"""What the KPI services need from the outside world, as small interfaces (implemented in bot/slack and by
the surveys feature), so the domain never imports Slack."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from bot.errors import DeliveryError
from bot.tenancy import EVERY_ROW, Tenant

__all__ = ["AdoptionLines", "DeliveryError", "MemberDirectory", "NudgePoster", "SurveyScores"]  # DeliveryError lives in bot/errors.py


class MemberDirectory(Protocol):
    def members(self, source: str) -> dict[str, str | None]:
        """Members of a channel (C…/G…) or user group (S…): user id -> department (None when unknown)."""


class NudgePoster(Protocol):
    def post(self, schedule, nudge, chart_png: bytes | None) -> str:
        """Post the nudge to the schedule's channel; returns the message ts. Raises DeliveryError."""


class SurveyScores(Protocol):
    def kpi_scores(self, start: date, end: date, department: str | None,
                   tenant: Tenant = EVERY_ROW) -> dict[str, float]:
        """Survey results for the surveys of ``tenant``'s workspace that closed in [start, end), keyed
        survey_tam, survey_utaut, survey_enps; only surveys that each reach the surveys' anonymity threshold
        (k) on their own count."""


class AdoptionLines(Protocol):
    def lines(self, period, scope, tenant: Tenant = EVERY_ROW) -> list[str]:
        """Adoption by department and tool for ``period`` and ``scope`` from the AI tools' usage reports (and
        departments whose intent and use disagree), as mrkdwn lines; [] when the reports do not cover it."""
