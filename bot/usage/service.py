"""Reading the usage log: a person's recent questions, and adoption figures for managers and admins, each
over one Slack workspace's questions (the caller's ``Tenant``, bot.tenancy)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from bot.clock import utcnow
from bot.store.retention import REMOVED_QUESTION
from bot.tenancy import EVERY_ROW, Tenant


@dataclass(frozen=True)
class UsageRow:
    group: str  # the surface, department or outcome the row counts
    questions: int
    people: int
    mean_latency_ms: float


@dataclass(frozen=True)
class UsageSummary:
    days: int
    questions: int
    answered: int
    people: int
    by_surface: list[UsageRow]
    by_department: list[UsageRow]

    @property
    def answer_rate(self) -> float:
        return self.answered / self.questions if self.questions else 0.0


class UsageService:
    def __init__(self, uow_factory: Callable):
        self._uow = uow_factory

    def recent_questions(self, user_id: str, limit: int = 5, tenant: Tenant = EVERY_ROW) -> list[tuple[str, bool]]:
        """(question, answered) of the user's latest questions, newest first; a question whose text the
        retention blanked reads as REMOVED_QUESTION."""
        with self._uow() as uow:
            return [(e.question or REMOVED_QUESTION, e.outcome == "answered")
                    for e in uow.usage.recent_for_user(user_id, limit, tenant) if e.kind != "empty"]

    def summary(self, days: int = 30, tenant: Tenant = EVERY_ROW) -> UsageSummary:
        since = utcnow() - timedelta(days=days)
        with self._uow() as uow:
            by_outcome = uow.usage.counts_since(since, "outcome", tenant=tenant)
            people = uow.usage.counts_since(since, tenant=tenant)
            surfaces = uow.usage.counts_since(since, "surface", tenant=tenant)
            departments = uow.usage.counts_since(since, "department", tenant=tenant)
        total = sum(r[1] for r in by_outcome)
        answered = sum(r[1] for r in by_outcome if r[0] == "answered")

        def rows(raw):
            return sorted((UsageRow(group or "unknown", n, users, avg or 0.0) for group, n, users, avg in raw),
                          key=lambda r: (-r.questions, r.group))
        return UsageSummary(days, total, answered, people[0][1] if people and total else 0,
                            rows(surfaces), rows(departments))
