"""GitHub: one day's Copilot usage-metrics users report (via its download links) and the Copilot seats.

The report endpoint answers with short-lived signed links to NDJSON files, downloaded without our headers
when they live on another host (signed storage refuses them). The shut-down ``/orgs/{org}/copilot/metrics``
endpoint is not used. The token (COACH_GITHUB_TOKEN) needs the organisation's "Copilot metrics" read
permission for the report and "GitHub Copilot Business" read for the seats (classic tokens:
manage_billing:copilot)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx

from bot.adoption.pulls.http import Credential, Http
from bot.adoption.records import Licence, Report
from bot.adoption.sources import github
from bot.errors import UserError

if TYPE_CHECKING:
    from bot.config import Settings

API_VERSION = "2022-11-28"
METRICS_ADVICE = "check the token and its Copilot metrics permission"
SEATS_ADVICE = "check the token and its GitHub Copilot Business (seats) read permission"


def missing(settings: Settings) -> str | None:
    """Why GitHub cannot be called with these settings (one line naming what to set), or None."""
    unset = [name for name, value in (("COACH_GITHUB_TOKEN", settings.github_token),
                                      ("COACH_GITHUB_ORG", settings.github_org)) if not value]
    return f"set {' and '.join(unset)}" if unset else None


def _next_link(_data: Any, response: httpx.Response) -> tuple[str, None] | None:
    link = response.links.get("next", {}).get("url")
    return (link, None) if link else None


class GithubPull:
    """Reads one organisation's Copilot usage and seats from GitHub's REST API."""

    def __init__(self, settings: Settings, http: Http | None = None):
        if reason := missing(settings):
            raise UserError(f"GitHub is not set up: {reason}")
        self.http = http or Http()
        self.api_url = settings.github_api_url.rstrip("/")
        self.org_url = f"{self.api_url}/orgs/{quote(settings.github_org, safe='')}"
        self.credential = Credential(
            "GitHub", "COACH_GITHUB_TOKEN", self.api_url,
            {"Authorization": f"Bearer {settings.github_token.get_secret_value()}",
             "Accept": "application/vnd.github+json", "X-GitHub-Api-Version": API_VERSION},
            METRICS_ADVICE)

    def users_day(self, day: date) -> Report:
        """Who used Copilot on ``day``: the users-1-day report, every file its download links point to."""
        url = f"{self.org_url}/copilot/metrics/reports/users-1-day"
        answer, _ = self.http.get_json(url, self.credential, params={"day": day.isoformat()})
        if answer is None:  # no content: no report for that day
            return Report()
        links = answer.get("download_links") if isinstance(answer, dict) else None
        if not isinstance(links, list) or not all(isinstance(link, str) for link in links):
            raise UserError(f"GitHub answered {httpx.URL(url).path} without a list of download_links")
        report = Report()
        for number, link in enumerate(links, 1):
            # links are absolute (signed storage); a relative one is resolved against the API
            response = self.http.get(httpx.URL(url).join(link), self.credential)
            if not response.text.strip():  # a file with no rows
                continue
            try:
                report.extend(github.parse(response.text))
            except UserError as exc:
                raise UserError(f"GitHub Copilot users report for {day.isoformat()}, file {number} of "
                                f"{len(links)}: {exc}") from None
        return report

    def seats(self) -> list[Licence]:
        """Every Copilot seat of the organisation, following the ``Link: rel="next"`` pages."""
        licences: list[Licence] = []
        credential = self.credential.advising(SEATS_ADVICE)
        pages = self.http.pages(f"{self.org_url}/copilot/billing/seats", credential, _next_link,
                                params={"per_page": 100})
        for number, (_data, response) in enumerate(pages, 1):
            try:
                licences.extend(github.parse_seats(response.text))
            except UserError as exc:
                raise UserError(f"GitHub Copilot seats, page {number}: {exc}") from None
        return licences
