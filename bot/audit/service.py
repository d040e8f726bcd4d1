"""The audit service: one entry point for Slack and the CLI. Checks input, runs the engine, stores the
audit with its roles in one transaction, and reads past audits back with what changed."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable

from bot.audit.engine import AuditEngine
from bot.audit.history import HistoryEntry, changes, team_key
from bot.audit.inputs import AuditRequest, validate
from bot.audit.report import AuditReport
from bot.clock import as_utc, utcnow
from bot.store.tables.audit import IncentiveAudit, IncentiveAuditRole

HISTORY_LIMIT = 10


class AuditNotFound(LookupError):
    """No audit with that id that this person may see; the message is safe to show."""


class AuditService:
    def __init__(self, uow_factory: Callable, engine_factory: Callable[[], AuditEngine]):
        self._uow = uow_factory
        self._engine_factory = engine_factory  # the engine needs the embedding model: built on first audit
        self._engine: AuditEngine | None = None
        self._lock = threading.Lock()

    @property
    def engine(self) -> AuditEngine:
        with self._lock:
            if self._engine is None:
                self._engine = self._engine_factory()
            return self._engine

    def warm(self) -> None:
        """Load what the first audit needs (catalog vectors), e.g. while a manager fills in the form."""
        self.engine.warm()

    @staticmethod
    def check(request: AuditRequest) -> AuditRequest:
        """Validate without running anything (fast: for Slack's 3-second modal answer)."""
        return validate(request)

    def run(self, request: AuditRequest, author: str, workspace_id: str | None = None) -> AuditReport:
        """Audit and store; invalid input raises AuditInputError and stores nothing."""
        request = validate(request)
        report = self.engine.audit(request, author)
        with self._uow() as uow:
            row = IncentiveAudit(workspace_id=workspace_id, team_name=request.team, team_key=team_key(request.team),
                                 author=author[:64], created_at=report.created_at,
                                 catalog_version=report.catalog_version, role_count=len(report.roles),
                                 score=report.summary.score, rag=report.summary.rag,
                                 inputs=json.dumps(request.to_json(), ensure_ascii=False), outputs="{}")
            for r in report.roles:
                row.roles.append(IncentiveAuditRole(
                    position=r.position, role_name=r.role, archetype_id=r.match.id, match_level=r.match.level,
                    match_confidence=r.match.confidence, score=r.score, rag=r.rag, metrics=r.inputs["metrics"],
                    recommended=json.dumps(r.recommended_metrics, ensure_ascii=False),
                    incentive_shift=r.incentive_shift[:200], inputs=json.dumps(r.inputs, ensure_ascii=False),
                    outputs=r.model_dump_json()))
            uow.audits.add(row)
            report.id = row.id
            row.outputs = report.model_dump_json()
            uow.commit()
        return report

    # reading back -------------------------------------------------------------------------------
    @staticmethod
    def _report(row: IncentiveAudit) -> AuditReport:
        report = AuditReport.model_validate_json(row.outputs)
        report.id = row.id
        return report

    def get(self, audit_id: int, viewer: str | None = None, admin: bool = True,
            workspace_id: str | None = None) -> AuditReport:
        """The stored report. From Slack, pass the workspace the request came from: an audit of another
        workspace (or one run from the CLI) is not found there, even for an admin; and a viewer who is not
        admin sees only their own audits. Without ``workspace_id`` (the CLI, an operator tool) any audit."""
        with self._uow() as uow:
            row = uow.audits.get(audit_id)
            if (row is None or (workspace_id is not None and row.workspace_id != workspace_id)
                    or (not admin and row.author != viewer)):
                raise AuditNotFound(f"There is no audit #{audit_id} that you can see. "
                                    "`coach audit list` (or `/incentive-audit history`) shows the ones there are.")
            return self._report(row)

    def history(self, team: str | None = None, viewer: str | None = None, admin: bool = True,
                workspace_id: str | None = None, limit: int = HISTORY_LIMIT) -> list[HistoryEntry]:
        """Past audits, newest first, each with what changed since the team's audit before it (audits
        without a team name are not compared). A viewer who is not admin sees only the audits they ran;
        ``workspace_id`` keeps the list to one Slack workspace (None: every audit, for the CLI)."""
        author = None if admin else viewer
        key = team_key(team) if team else None
        entries = []
        with self._uow() as uow:
            for row in uow.audits.recent(limit, author=author, team_key=key, workspace_id=workspace_id):
                entry = HistoryEntry(row.id, row.team_name, row.author, as_utc(row.created_at), row.score, row.rag,
                                     row.role_count, row.shared_to)
                before = uow.audits.previous(row, author=author)
                if before is not None:
                    entry.changes = [f"Since audit #{before.id}:"] + changes(self._report(before), self._report(row))
                    entry.previous_id = before.id
                entries.append(entry)
        return entries

    def since_previous(self, audit_id: int, viewer: str | None = None, admin: bool = True,
                       workspace_id: str | None = None) -> tuple[AuditReport | None, list[str]]:
        """The team's audit before this one that the viewer may see, and what changed since (the sentences of
        ``history``); (None, []) for a team's first audit. Raises AuditNotFound as ``get`` does."""
        report = self.get(audit_id, viewer, admin, workspace_id)
        with self._uow() as uow:
            before = uow.audits.previous(uow.audits.get(audit_id), author=None if admin else viewer)
            if before is None:
                return None, []
            previous = self._report(before)
        return previous, changes(previous, report)

    def mark_shared(self, audit_id: int, channel: str) -> None:
        with self._uow() as uow:
            row = uow.audits.get(audit_id)
            if row is None:
                raise AuditNotFound(f"There is no audit #{audit_id}.")
            uow.audits.mark_shared(row, channel, utcnow())
            uow.commit()
