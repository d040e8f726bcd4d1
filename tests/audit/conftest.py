"""Fixtures for the incentive audit: the bundled catalog and an engine on the shared embedding model."""

from __future__ import annotations

import pytest

from bot.audit.catalog import load_catalog
from bot.audit.engine import AuditEngine
from bot.audit.inputs import AuditRequest, RoleInput


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture(scope="session")
def engine(catalog, shared_embeddings):
    """No retriever: citations come from the catalog and the fixed framework sections."""
    return AuditEngine(catalog, shared_embeddings)


@pytest.fixture
def audit_one(engine):
    """Audit a single role; returns its RoleReport."""
    def run(name, metrics, rewards="", ai_workflows="", displaced_work=""):
        report = engine.audit(AuditRequest("Test team", (RoleInput(name, metrics, rewards, ai_workflows,
                                                                   displaced_work),)), "tester")
        return report.roles[0]
    return run


def request(*roles, team="Support EMEA") -> AuditRequest:
    return AuditRequest(team, tuple(RoleInput(*r) if isinstance(r, tuple) else r for r in roles))
