"""Shared fixtures: a real database, a real Chroma store and the real model, built once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
QA_DIR = ROOT / "tests" / "qa"

# Keep the developer's own COACH_*/SLACK_* environment out of the tests.
for _name in list(os.environ):
    if _name.startswith(("COACH_", "SLACK_")):
        del os.environ[_name]


@pytest.fixture(autouse=True, scope="session")
def _project_cwd():
    """Document keys are relative to the working directory, as when the CLI runs from the project root."""
    old = os.getcwd()
    os.chdir(ROOT)
    yield
    os.chdir(old)


def make_container(data_dir: Path, **settings):
    from bot.config import Settings
    from bot.container import Container

    chat_model = settings.pop("chat_model", None)
    c = Container(Settings(data_dir=data_dir, **settings), chat_model=chat_model)
    c.migrate()
    return c


@pytest.fixture(scope="session")
def shared_embeddings():
    """One model load for the whole run (it takes seconds); containers in tests reuse it."""
    from bot.retrieval.embeddings import LocalEmbeddings

    return LocalEmbeddings()


@pytest.fixture(scope="session")
def kb(tmp_path_factory, shared_embeddings):
    """A container with the whole knowledge/ folder indexed."""
    c = make_container(tmp_path_factory.mktemp("kb"))
    c.__dict__["embeddings"] = shared_embeddings
    report = c.indexer.ingest([KNOWLEDGE])
    assert report.chunks_total > 100 and not report.failed
    return c


@pytest.fixture
def fresh(tmp_path, shared_embeddings):
    """An empty, migrated container in its own data dir (for ingest tests)."""
    def build(**settings):
        c = make_container(tmp_path / "data", **settings)
        c.__dict__["embeddings"] = shared_embeddings
        return c
    return build
