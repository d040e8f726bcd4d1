"""Shared fixtures: a real database, a real Chroma store and the real model, built once per session."""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
QA_DIR = ROOT / "tests" / "qa"
COACH = [sys.executable, "-m", "bot.cli.main"]  # the `coach` console script, for tests that need a real process
WIDE = {"COLUMNS": "200"}  # rich wraps at 80 columns when not on a terminal: keep each message on one line

# Server-backed runs: with COACH_TEST_POSTGRES_URL (an admin URL, e.g. the one .ci/postgres.sh prints) every
# test container gets its own throw-away PostgreSQL database instead of SQLite.
POSTGRES_ADMIN_URL = os.environ.get("COACH_TEST_POSTGRES_URL") or None
_CREATED_DATABASES: list[str] = []
# With COACH_TEST_CHROMA_URL (a `chroma run` server, as .ci/run starts) every test container keeps its vectors
# in its own collection on that server instead of an embedded Chroma under its data dir.
CHROMA_TEST_URL = os.environ.get("COACH_TEST_CHROMA_URL") or None
_CREATED_COLLECTIONS: list[str] = []

# Keep the developer's own COACH_*/SLACK_* environment out of the tests, and a terminal's width: the CLI's output
# off a terminal is not wrapped unless COLUMNS is set, and pytest-xdist's workers set it to 80. COACH_TEST_* stay:
# they configure the run (its servers, its browser), and pytest-xdist's workers, started after this ran in the
# controller, read them again (tests/test_suite_setup.py).
for _name in list(os.environ):
    if _name.startswith(("COACH_", "SLACK_")) and not _name.startswith("COACH_TEST_") or _name == "COLUMNS":
        del os.environ[_name]


@pytest.fixture(autouse=True, scope="session")
def _project_cwd():
    """Document keys are relative to the working directory, as when the CLI runs from the project root."""
    old = os.getcwd()
    os.chdir(ROOT)
    yield
    os.chdir(old)


def _admin_engine():
    from sqlalchemy import create_engine

    return create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")


def test_database_url() -> str | None:
    """A new empty PostgreSQL database when server-backed tests are on, else None (SQLite in the data dir)."""
    if not POSTGRES_ADMIN_URL:
        return None
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    name = f"coach_test_{uuid.uuid4().hex[:12]}"
    engine = _admin_engine()
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    _CREATED_DATABASES.append(name)
    return make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


test_database_url.__test__ = False  # a helper, not a test


def test_chroma_settings() -> dict:
    """Settings that put a container's vectors in a new collection on the test Chroma server, when there is one."""
    if not CHROMA_TEST_URL:
        return {}
    name = f"coach-test-{uuid.uuid4().hex[:12]}"
    _CREATED_COLLECTIONS.append(name)
    return {"chroma_url": CHROMA_TEST_URL, "chroma_collection": name}


test_chroma_settings.__test__ = False


def pytest_report_header(config):
    database = "PostgreSQL at " + POSTGRES_ADMIN_URL.split("@")[-1] if POSTGRES_ADMIN_URL else "SQLite"
    return f"database: {database}; vectors: {'Chroma server at ' + CHROMA_TEST_URL if CHROMA_TEST_URL else 'embedded Chroma'}"


def _drop_collections() -> None:
    if not _CREATED_COLLECTIONS:
        return
    from bot.retrieval.vectors import make_chroma_client

    client = make_chroma_client(Path("."), CHROMA_TEST_URL)
    existing = {c.name for c in client.list_collections()}
    for name in _CREATED_COLLECTIONS:
        if name in existing:
            client.delete_collection(name)


def pytest_sessionfinish(session, exitstatus):
    _drop_collections()
    if not _CREATED_DATABASES:
        return
    import time
    import warnings

    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    engine = _admin_engine()
    with engine.connect() as conn:
        for name in _CREATED_DATABASES:
            for attempt in range(3):  # a connection another role opened (a DBA's psql) can make FORCE refuse
                try:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                    break
                except DBAPIError as exc:
                    if attempt == 2:  # housekeeping only: the tests' results stand
                        warnings.warn(f"could not drop test database {name}: {str(exc).splitlines()[0]}")
                    time.sleep(1)
    engine.dispose()


def cli_env(container) -> dict:
    """Environment that points a `coach` process at a test container's data dir and database."""
    s = container.settings
    return {"COACH_DATA_DIR": str(s.data_dir), "COACH_DATABASE_URL": s.database_url or "",
            "COACH_CHROMA_URL": s.chroma_url or "", "COACH_CHROMA_COLLECTION": s.chroma_collection}


def run_coach(args, capsys, monkeypatch, env=None, stdin=None) -> tuple[int, str, str]:
    """Run `coach ARGS` in this process, as the console script does: (exit code, stdout, stderr)."""
    import io

    from bot.cli.main import main

    for key, value in (env or {}).items():
        monkeypatch.setenv(key, str(value))
    monkeypatch.setattr(sys, "argv", ["coach", *args])
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code or 0
    out, err = capsys.readouterr()
    return code, out, err


def migrate_to(container, step, revision: str) -> None:
    """Run Alembic's ``step`` (command.upgrade or command.downgrade) to ``revision`` on ``container``'s database."""
    from bot.store import db

    cfg = db.alembic_config(container.settings.db_url)
    with container.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        step(cfg, revision)


_CONTAINERS: list = []  # every container make_container built, closed by _close_containers


def make_container(data_dir: Path, **settings):
    from bot.config import Settings
    from bot.container import Container

    settings.setdefault("database_url", test_database_url())
    for key, value in test_chroma_settings().items():
        settings.setdefault(key, value)
    chat_model = settings.pop("chat_model", None)
    c = Container(Settings(data_dir=data_dir, **settings), chat_model=chat_model)
    _CONTAINERS.append(c)
    c.migrate()
    return c


@pytest.fixture(autouse=True)
def _close_containers():
    """Close the containers a test built once it ends (those of session and module fixtures, built before it
    starts, stay open for the tests that share them). Unclosed, each kept its database and Chroma files, an
    event loop and threads: the full suite hung at a limit of 1024 open files, a common default."""
    start = len(_CONTAINERS)
    yield
    while len(_CONTAINERS) > start:
        _CONTAINERS.pop().close()


@pytest.fixture(scope="session")
def shared_embeddings():
    """One model load for the whole run (it takes seconds); containers in tests reuse it. A text is embedded by
    the real model once per run: several fixtures index the whole knowledge/ folder, and embedding it again
    each time cost half a minute per fixture (the vectors are the model's either way)."""
    from bot.retrieval.embeddings import LocalEmbeddings

    class RememberingEmbeddings(LocalEmbeddings):
        def __init__(self):
            super().__init__()
            self.remembered: dict[str, list[float]] = {}

        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            new = [t for t in dict.fromkeys(texts) if t not in self.remembered]
            if new:
                self.remembered.update(zip(new, super().embed_documents(new)))
            return [self.remembered[t] for t in texts]

    return RememberingEmbeddings()


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
