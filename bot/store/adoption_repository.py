"""Queries of the company directory and the adoption ledger: ``uow.adoption``.

Reads take the request's ``Tenant`` (bot.tenancy); writes take the workspace key to store (``Tenant.key``).
Activity rows are written with the database's own upsert (``ON CONFLICT … DO UPDATE``: SQLite in batches,
PostgreSQL through COPY), so importing a report twice changes nothing and millions of rows go in without an
ORM object each."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from itertools import islice

from sqlalchemy import delete, distinct, func, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from bot.adoption.records import EMAIL, GITHUB, Person
from bot.store.tables.adoption import (
    AdoptionActivity,
    AdoptionIdentity,
    AdoptionLicence,
    AdoptionSource,
    DirectoryPerson,
)
from bot.tenancy import Tenant

BATCH = 20_000  # rows per executemany: large enough to be fast, small enough for PostgreSQL's parameter limit


def batched(rows: Iterable, size: int):
    """Lists of ``size`` items (itertools.batched arrived in Python 3.12; we support 3.11)."""
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


class AdoptionRepository:
    def __init__(self, session: Session):
        self.session = session

    # the directory ---------------------------------------------------------------------------------
    def replace_people(self, team: str, people: Sequence[Person]) -> int:
        """Every person of the workspace replaced by ``people``; returns how many were there before."""
        before = self.session.scalar(select(func.count()).select_from(DirectoryPerson)
                                     .where(DirectoryPerson.team_id == team)) or 0
        self.session.execute(delete(DirectoryPerson).where(DirectoryPerson.team_id == team))
        rows = [{"team_id": team, "email": p.email, "department": p.department, "name": p.name,
                 "manager_email": p.manager_email, "location": p.location, "slack_id": p.slack_id,
                 "github_login": p.github_login} for p in people]
        for start in range(0, len(rows), BATCH):
            self.session.execute(DirectoryPerson.__table__.insert(), rows[start:start + BATCH])
        return before

    def people(self, tenant: Tenant) -> list[DirectoryPerson]:
        return list(self.session.scalars(select(DirectoryPerson).where(tenant.where(DirectoryPerson.team_id))
                                         .order_by(DirectoryPerson.email)))

    def has_people(self, tenant: Tenant) -> bool:
        return self.session.scalar(select(DirectoryPerson.id).where(tenant.where(DirectoryPerson.team_id))
                                   .limit(1)) is not None

    def departments(self, tenant: Tenant) -> dict[str, str]:
        """Email -> department of everyone eligible."""
        return dict(self.session.execute(select(DirectoryPerson.email, DirectoryPerson.department)
                                         .where(tenant.where(DirectoryPerson.team_id))).all())

    # identities ------------------------------------------------------------------------------------
    def identity_ids(self, team: str, wanted: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
        """The id of each (kind, value), adding the identities not seen before."""
        wanted = set(wanted)
        known = {(kind, value): id_ for id_, kind, value in self.session.execute(
            select(AdoptionIdentity.id, AdoptionIdentity.kind, AdoptionIdentity.value)
            .where(AdoptionIdentity.team_id == team))}
        new = [{"team_id": team, "kind": kind, "value": value} for kind, value in wanted - known.keys()]
        if new:
            for start in range(0, len(new), BATCH):
                self.session.execute(AdoptionIdentity.__table__.insert(), new[start:start + BATCH])
            known = {(kind, value): id_ for id_, kind, value in self.session.execute(
                select(AdoptionIdentity.id, AdoptionIdentity.kind, AdoptionIdentity.value)
                .where(AdoptionIdentity.team_id == team))}
        return {key: known[key] for key in wanted}

    def people_by_identity(self, tenant: Tenant) -> dict[int, str]:
        """Identity id -> the directory email it joins to: an email identity by its address, a GitHub login
        by the directory's ``github_login`` (both lower-cased). Identities matching nobody are left out.
        Joined here rather than in SQL: two small tables (one row per person), and PostgreSQL's plan for the
        join right after a bulk load, before its statistics catch up, took 0.8 s against 20 ms."""
        by_email, by_login = {}, {}  # (workspace, email or login) -> email: a workspace's own directory only
        for team, email, login in self.session.execute(
                select(DirectoryPerson.team_id, DirectoryPerson.email, DirectoryPerson.github_login)
                .where(tenant.where(DirectoryPerson.team_id))):
            by_email[(team, email)] = email
            if login:
                by_login[(team, login)] = email
        known = {EMAIL: by_email, GITHUB: by_login}
        out = {}
        for id_, team, kind, value in self.session.execute(
                select(AdoptionIdentity.id, AdoptionIdentity.team_id, AdoptionIdentity.kind, AdoptionIdentity.value)
                .where(tenant.where(AdoptionIdentity.team_id))):
            email = known.get(kind, {}).get((team, value))
            if email is not None:
                out[id_] = email
        return out

    # the ledger ------------------------------------------------------------------------------------
    def upsert_activity(self, team: str, source: str, rows: Iterable[tuple[date, str, int, int | None]]) -> None:
        """(day, tool, identity id, count) rows of ``team``; a row already there takes the new count and source.
        Rows must be unique per (day, tool, identity) (the parsers merge repeats)."""
        if self.session.get_bind().dialect.name == "postgresql":
            self._copy_activity(team, source, rows)
            return
        stmt = sqlite.insert(AdoptionActivity.__table__)
        stmt = stmt.on_conflict_do_update(index_elements=["team_id", "day", "tool", "identity_id"],
                                          set_={"count": stmt.excluded["count"], "source": stmt.excluded.source})
        for batch in batched(rows, BATCH):
            self.session.execute(stmt, [{"team_id": team, "day": day, "tool": tool, "identity_id": identity,
                                         "count": count, "source": source} for day, tool, identity, count in batch])

    def _copy_activity(self, team: str, source: str, rows: Iterable[tuple[date, str, int, int | None]]) -> None:
        """PostgreSQL: COPY into a temporary table, then one INSERT … ON CONFLICT from it. Hand-written, as
        SQLAlchemy has no COPY; executemany of the same upsert took 50 s for 2.7M rows against about 15 s here."""
        cursor = self.session.connection().connection.driver_connection.cursor()
        with cursor:
            cursor.execute("CREATE TEMPORARY TABLE IF NOT EXISTS adoption_load (day date, tool varchar(64), "
                           "identity_id integer, count integer) ON COMMIT DELETE ROWS")
            cursor.execute("TRUNCATE adoption_load")
            with cursor.copy("COPY adoption_load (day, tool, identity_id, count) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                "INSERT INTO adoption_activity (team_id, day, tool, identity_id, count, source) "
                "SELECT %s, day, tool, identity_id, count, %s FROM adoption_load "
                "ON CONFLICT (team_id, day, tool, identity_id) DO UPDATE SET count = EXCLUDED.count, "
                "source = EXCLUDED.source", (team, source))

    def replace_licences(self, team: str, tool: str, rows: Sequence[dict]) -> None:
        self.session.execute(delete(AdoptionLicence).where(AdoptionLicence.team_id == team,
                                                           AdoptionLicence.tool == tool))
        for start in range(0, len(rows), BATCH):
            self.session.execute(AdoptionLicence.__table__.insert(), rows[start:start + BATCH])

    def active_pairs(self, tenant: Tenant, start: date, end: date) -> list[tuple[int, str]]:
        """(identity id, tool) of everyone active in [start, end)."""
        return [tuple(r) for r in self.session.execute(
            select(AdoptionActivity.identity_id, AdoptionActivity.tool)
            .where(tenant.where(AdoptionActivity.team_id), AdoptionActivity.day >= start, AdoptionActivity.day < end)
            .group_by(AdoptionActivity.identity_id, AdoptionActivity.tool)).all()]

    def licensed_pairs(self, tenant: Tenant) -> list[tuple[int, str]]:
        return [tuple(r) for r in self.session.execute(
            select(AdoptionLicence.identity_id, AdoptionLicence.tool).where(tenant.where(AdoptionLicence.team_id)))]

    def span(self, tenant: Tenant) -> tuple[date | None, date | None]:
        """The first and last day with any activity."""
        first, last = self.session.execute(select(func.min(AdoptionActivity.day), func.max(AdoptionActivity.day))
                                           .where(tenant.where(AdoptionActivity.team_id))).one()
        return first, last

    def known_identities(self, tenant: Tenant, pairs: Iterable[tuple[str, str]]) -> int:
        """How many of the (kind, value) identities join to someone in the directory."""
        pairs = list(pairs)
        if not pairs:
            return 0
        emails = {v for k, v in pairs if k == EMAIL}
        logins = {v for k, v in pairs if k == GITHUB}
        found = 0
        for column, values in ((DirectoryPerson.email, emails), (DirectoryPerson.github_login, logins)):
            values = sorted(values)
            for start in range(0, len(values), 5000):
                found += self.session.scalar(select(func.count(distinct(column))).where(
                    tenant.where(DirectoryPerson.team_id), column.in_(values[start:start + 5000]))) or 0
        return found

    # sources ---------------------------------------------------------------------------------------
    def source(self, team: str, name: str) -> AdoptionSource:
        row = self.session.get(AdoptionSource, (team, name))
        if row is None:
            row = AdoptionSource(team_id=team, source=name, last_how="", last_rows=0, last_activities=0,
                                 unmatched=0, last_error="")
            self.session.add(row)
        return row

    def version(self, tenant: Tenant) -> tuple:
        """Changes whenever an import, sync or directory import of the workspace is recorded."""
        return tuple(self.session.execute(select(func.count(), func.max(AdoptionSource.updated_at))
                                          .where(tenant.where(AdoptionSource.team_id))).one())

    def sources(self, tenant: Tenant) -> list[AdoptionSource]:
        return list(self.session.scalars(select(AdoptionSource).where(tenant.where(AdoptionSource.team_id))
                                         .order_by(AdoptionSource.source)))

