"""Pulling the AI tools' usage reports on a schedule (or with `coach adoption sync`) into the ledger.

Each configured source (bot.adoption.pulls.configured) is pulled for the last complete day; a failure is
recorded with the source (shown by `coach adoption sources`, App Home and /readyz) and does not stop the
other sources. Credentials live in the settings and never reach a message or a log line."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.adoption import pulls
from bot.adoption.ledger import DIRECTORY, AdoptionLedger, ImportResult
from bot.adoption.pulls.http import Http
from bot.errors import UserError
from bot.tenancy import EVERY_ROW, Tenant

log = logging.getLogger(__name__)
# How many days back the newest complete report of a source is: Anthropic's analytics are queryable three days
# after the day they count (a more recent date is refused); the others have yesterday's.
LAG_DAYS = {"claude": 3}


@dataclass(frozen=True)
class SyncOutcome:
    source: str
    result: ImportResult | None
    error: str | None = None


class AdoptionSync:
    def __init__(self, ledger: AdoptionLedger, settings, today: Callable[[], date], http_factory=None):
        self.ledger = ledger
        self.settings = settings
        self.today = today
        self._http = http_factory  # tests pass a client that talks to a local fake API

    def ready(self) -> list[str]:
        """The sources that can sync with the settings given."""
        return [source for source, reason in pulls.configured(self.settings).items() if reason is None]

    def sync(self, source: str | None = None, day: date | None = None, *,
             tenant: Tenant = EVERY_ROW) -> list[SyncOutcome]:
        """Pull one source (or every configured one) for ``day`` (default: yesterday) and import it. A source
        named but not set up is a UserError naming what to set; with no source named and none set up, too."""
        if source is None:
            sources = self.ready()
            if not sources:
                reasons = "; ".join(f"{s}: {r}" for s, r in pulls.configured(self.settings).items())
                raise UserError(f"No source is set up for syncing ({reasons}).")
        else:
            sources = [source]
        outcomes = []
        for name in sources:
            try:
                report = self._pull(name, day or self.today() - timedelta(days=LAG_DAYS.get(name, 1)))
                outcomes.append(SyncOutcome(name, self.ledger.import_report(name, report, how="sync", tenant=tenant)))
            except UserError as exc:
                if source is not None and name not in pulls.PULLED or pulls.configured(self.settings).get(name):
                    raise  # asked for a source that cannot sync: nothing to record
                self.ledger.failed(name, str(exc), tenant=tenant)
                log.warning("adoption sync of %s failed: %s", name, exc)
                outcomes.append(SyncOutcome(name, None, str(exc)))
            except Exception as exc:  # a bug or an outage must not stop the other sources; no text (it may hold a URL)
                message = f"the sync failed unexpectedly ({type(exc).__name__}); see the bot's log"
                log.warning("adoption sync of %s failed: %s", name, type(exc).__name__)
                self.ledger.failed(name, message, tenant=tenant)
                outcomes.append(SyncOutcome(name, None, message))
        return outcomes

    def directory(self, *, tenant: Tenant = EVERY_ROW):
        """Replace the directory with Microsoft Entra's users (mail and department; disabled accounts and
        accounts without either are skipped and counted). Returns (DirectoryImport, skipped)."""
        from bot.adoption.pulls.graph import GraphPull

        if reason := pulls.configured(self.settings)["m365-copilot"]:
            raise UserError(f"Microsoft Entra is not set up: {reason}")
        try:
            with self._client() as http:
                found = GraphPull(self.settings, http).users()
        except UserError as exc:
            self.ledger.failed(DIRECTORY, str(exc), tenant=tenant)
            raise
        return self.ledger.import_directory(found.people, source="entra", tenant=tenant), found.skipped

    def _pull(self, source: str, day: date):
        with self._client() as http:
            return pulls.pull(source, self.settings, day, http)

    def _client(self) -> Http:
        """A client for one pull, closed after it (the tests' factory talks to a local fake API)."""
        return self._http() if self._http is not None else Http()

    def run_scheduled(self) -> None:
        """The timed job: every configured source, failures recorded (never raised into the scheduler)."""
        if not self.ready():
            return
        for outcome in self.sync():
            if outcome.result is not None:
                log.info("adoption sync of %s: %d rows", outcome.source, outcome.result.rows)
