"""Claude Enterprise: one day's per-user activity from the Analytics API, following its ``next_page`` cursor.

The key (COACH_CLAUDE_ANALYTICS_KEY) is a Claude Enterprise Analytics API key with the ``read:analytics``
scope, created by a Primary Owner at claude.ai/analytics/api-keys, sent as ``x-api-key``."""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any

from bot.adoption.pulls.http import Credential, Http
from bot.adoption.records import Report
from bot.adoption.sources import claude
from bot.errors import UserError

if TYPE_CHECKING:
    from bot.config import Settings

API_VERSION = "2023-06-01"
USERS_PATH = "/v1/organizations/analytics/users"
PAGE_SIZE = 1000  # the documented maximum of ``limit``
ADVICE = "check it is an Analytics API key with the read:analytics scope and that API access is on"


def missing(settings: Settings) -> str | None:
    """Why Claude's Analytics API cannot be called with these settings, or None."""
    return None if settings.claude_analytics_key else "set COACH_CLAUDE_ANALYTICS_KEY"


class ClaudePull:
    """Reads Claude Enterprise usage per user and day."""

    def __init__(self, settings: Settings, http: Http | None = None):
        if reason := missing(settings):
            raise UserError(f"Claude is not set up: {reason}")
        self.http = http or Http()
        self.api_url = settings.anthropic_api_url.rstrip("/")
        self.credential = Credential(
            "Anthropic", "COACH_CLAUDE_ANALYTICS_KEY", self.api_url,
            {"x-api-key": settings.claude_analytics_key.get_secret_value(), "anthropic-version": API_VERSION},
            ADVICE)

    def users_day(self, day: date) -> Report:
        """Each user's activity on ``day`` (UTC), every page."""
        url = self.api_url + USERS_PATH
        params = {"date": day.isoformat(), "limit": PAGE_SIZE}

        def next_page(data: Any, _response) -> tuple[str, dict] | None:
            cursor = data.get("next_page") if isinstance(data, dict) else None
            return (url, {**params, "page": cursor}) if isinstance(cursor, str) and cursor else None

        report = Report()
        for number, (data, _response) in enumerate(self.http.pages(url, self.credential, next_page,
                                                                   params=params), 1):
            if not isinstance(data, dict):
                raise UserError(f"Anthropic answered {USERS_PATH} page {number} without a JSON object")
            # the rows do not repeat the day they are about: the parser reads it from the page's "date"
            page = {**data, "date": day.isoformat()}
            try:
                report.extend(claude.parse(json.dumps(page)))
            except UserError as exc:
                raise UserError(f"Claude users activity for {day.isoformat()}, page {number}: {exc}") from None
        return report
