"""Importing into the adoption ledger: the directory (all or nothing, replacing the last snapshot) and the
AI tools' usage reports (one row per person, tool and day; the same report twice changes nothing), each
source's last import or sync, and the KPI values the import makes due (bot.adoption.figures)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from bot.adoption import sources as parsers
from bot.adoption.figures import AdoptionFigures
from bot.adoption.pooling import ALL, POOLED
from bot.adoption.records import SOURCES, Person, Report
from bot.clock import utcnow
from bot.errors import UserError
from bot.tenancy import EVERY_ROW, Tenant

DIRECTORY = "directory"  # the source name the directory's imports are recorded under
MAX_ERROR = 300


@dataclass(frozen=True)
class DirectoryImport:
    people: int
    departments: int
    replaced: int  # people in the snapshot it replaced


@dataclass(frozen=True)
class ImportResult:
    source: str
    rows: int
    activities: int
    people: int  # distinct identities active in the report
    unmatched: int  # of those, how many join nobody in the directory
    licences: int
    first_day: date | None
    last_day: date | None
    kpis: int  # KPI values written


@dataclass(frozen=True)
class SourceStatus:
    source: str
    last_success_at: datetime | None
    how: str
    rows: int
    activities: int
    unmatched: int
    first_day: date | None
    last_day: date | None
    error: str
    error_at: datetime | None

    @property
    def failing(self) -> bool:
        """The last attempt failed (an error newer than the last success)."""
        return bool(self.error_at and (self.last_success_at is None or self.error_at > self.last_success_at))


def read_text(path: Path) -> str:
    """A file's text (UTF-8, a byte-order mark dropped); a problem is one line."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UserError(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise UserError(f"{path} is a folder; give the report file.") from None
    except UnicodeDecodeError:
        raise UserError(f"{path} is not UTF-8 text; export the report as CSV or JSON and try again.") from None
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {exc.strerror or exc}.") from None


class AdoptionLedger:
    def __init__(self, uow_factory: Callable, figures: AdoptionFigures):
        self._uow = uow_factory
        self.figures = figures

    # the directory ---------------------------------------------------------------------------------
    def import_directory(self, people: Sequence[Person], *, source: str, tenant: Tenant = EVERY_ROW
                         ) -> DirectoryImport:
        """Replace the workspace's directory with ``people`` in one transaction, then write the adoption KPI
        values of the periods the ledger holds that have none yet (periods already written keep their values:
        decision 0008)."""
        if not people:
            raise UserError("The directory holds nobody; the current directory was kept.")
        if reserved := sorted({p.department for p in people} & {ALL, POOLED}):
            raise UserError(f"A department cannot be called {reserved[0]!r}: the figures use that name for combined "
                            "groups. Rename it in the file; the current directory was kept.")
        with self._uow() as uow:
            replaced = uow.adoption.replace_people(tenant.key, people)
            how = "sync" if source in ("entra", "slack") else "import"
            self._succeeded(uow.adoption.source(tenant.key, DIRECTORY), how, len(people), 0, 0, None, None)
            _commit(uow, "the directory")
            first, last = uow.adoption.span(tenant)
        if first is not None:
            self.figures.write_kpis(_days(first, last), missing_only=True, tenant=tenant)
        return DirectoryImport(len(people), len({p.department for p in people}), replaced)

    # usage reports ---------------------------------------------------------------------------------
    def import_file(self, source: str, path: Path, *, tenant: Tenant = EVERY_ROW) -> ImportResult:
        _check_source(source)
        text = read_text(path)
        try:
            report = parsers.parse(source, text)
        except UserError as exc:
            raise UserError(f"{path.name}: {exc} Nothing was imported.") from None
        return self.import_report(source, report, how="import", tenant=tenant)

    def import_report(self, source: str, report: Report, *, how: str, tenant: Tenant = EVERY_ROW) -> ImportResult:
        """Store a parsed report in one transaction (nothing on failure) and write the KPI values it makes
        due."""
        _check_source(source)
        if not report.rows and not report.activities and not report.licences:
            raise UserError("The report holds no rows; nothing was imported.")
        team = tenant.key
        active = {(a.kind, a.identity) for a in report.activities}
        identities = active | {(x.kind, x.identity) for x in report.licences}
        days = {a.day for a in report.activities}
        with self._uow() as uow:
            ids = uow.adoption.identity_ids(team, identities)
            activities = report.activities
            uow.adoption.upsert_activity(team, source, ((a.day, a.tool, ids[(a.kind, a.identity)], a.count)
                                                        for a in activities))
            for tool in sorted({x.tool for x in report.licences}):
                seats = {ids[(x.kind, x.identity)]: x for x in report.licences if x.tool == tool}
                uow.adoption.replace_licences(team, tool, [
                    {"team_id": team, "tool": tool, "identity_id": i, "since": x.since, "last_active": x.last_active}
                    for i, x in seats.items()])
            unmatched = len(active) - uow.adoption.known_identities(tenant, active)
            first, last = (min(days), max(days)) if days else (None, None)
            self._succeeded(uow.adoption.source(team, source), how, report.rows, len(activities), unmatched,
                            first, last)
            _commit(uow, "the report")
        kpis = self.figures.write_kpis(days, tenant=tenant) if days else 0
        return ImportResult(source, report.rows, len(activities), len(active), unmatched, len(report.licences),
                            first, last, kpis)

    def failed(self, source: str, message: str, *, tenant: Tenant = EVERY_ROW) -> None:
        """Record that an import or sync of ``source`` failed (shown with the source's status)."""
        with self._uow() as uow:
            row = uow.adoption.source(tenant.key, source)
            row.last_error, row.last_error_at = message[:MAX_ERROR], utcnow()
            row.updated_at = row.last_error_at
            uow.commit()

    def sources(self, *, tenant: Tenant = EVERY_ROW) -> list[SourceStatus]:
        with self._uow() as uow:
            return [SourceStatus(r.source, r.last_success_at, r.last_how, r.last_rows, r.last_activities, r.unmatched,
                                 r.first_day, r.last_day, r.last_error, r.last_error_at)
                    for r in uow.adoption.sources(tenant)]

    @staticmethod
    def _succeeded(row, how: str, rows: int, activities: int, unmatched: int, first: date | None,
                   last: date | None) -> None:
        row.last_success_at = row.updated_at = utcnow()
        row.last_how, row.last_rows, row.last_activities, row.unmatched = how, rows, activities, unmatched
        row.first_day = min(filter(None, (row.first_day, first)), default=None)
        row.last_day = max(filter(None, (row.last_day, last)), default=None)


def _check_source(source: str) -> None:
    if source not in SOURCES:
        raise UserError(f"Unknown source {source!r}: one of {', '.join(SOURCES)}.", "source")


def _commit(uow, what: str) -> None:
    try:
        uow.commit()
    except IntegrityError as exc:  # another import of the same rows committed first
        raise UserError(f"Another import of {what} happened at the same time; nothing was stored, please try "
                        "again.") from exc


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
