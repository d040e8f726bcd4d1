"""Pulling the AI tools' usage reports from the vendors' APIs: Microsoft Graph (Microsoft 365 Copilot),
GitHub (Copilot) and Anthropic (Claude Enterprise). The other sources are imported from files.

``configured(settings)`` says which sources can sync and what to set for the others; ``pull(source,
settings, day)`` fetches one day's report of a source."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from bot.adoption.pulls import claude, github, graph
from bot.adoption.pulls.http import Http
from bot.adoption.records import SOURCES, Report
from bot.errors import UserError

if TYPE_CHECKING:
    from bot.config import Settings

PULLED = ("m365-copilot", "github-copilot", "claude")  # the sources with an API to pull from
_MISSING = {"m365-copilot": graph.missing, "github-copilot": github.missing, "claude": claude.missing}


def configured(settings: Settings) -> dict[str, str | None]:
    """For each pulled source: None when it can sync, else one line naming the settings to set."""
    return {source: _MISSING[source](settings) for source in PULLED}


def pull(source: str, settings: Settings, day: date, http: Http | None = None) -> Report:
    """One day's report of ``source``: GitHub's users report for ``day`` with the seats as licences,
    Claude's activity on ``day``, Microsoft 365's D7 report as last refreshed (it gives last-activity dates
    for the past week, whatever ``day`` is). UserError for a source that is not set up or not pulled."""
    if source not in PULLED:
        if source in SOURCES:
            raise UserError(f"gemini, chatgpt-enterprise and csv are imported from files: "
                            f"coach adoption import --source {source} FILE")
        raise UserError(f"unknown source {source!r}: pulled sources are {', '.join(PULLED)}")
    if reason := _MISSING[source](settings):
        raise UserError(f"{source} is not set up for syncing: {reason}")
    own = http is None
    http = http or Http()
    try:
        if source == "m365-copilot":
            return graph.GraphPull(settings, http).copilot_usage("D7")
        if source == "claude":
            return claude.ClaudePull(settings, http).users_day(day)
        pulled = github.GithubPull(settings, http)
        report = pulled.users_day(day)
        seats = pulled.seats()
        return report.extend(Report(licences=seats, rows=len(seats)))
    finally:
        if own:
            http.close()
