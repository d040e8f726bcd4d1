"""Readiness checks without Slack: a ready knowledge base, an empty index, an unmigrated database, a model
not loaded yet, an unreachable database, the short cache that keeps probes off the database, and a database
file or vector store deleted (or replaced) under the running bot."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.config import Settings
from bot.container import Container
from bot.observability.endpoints import OperatorEndpoints
from bot.observability.readiness import Readiness
from tests.conftest import (
    CHROMA_TEST_URL,
    KNOWLEDGE,
    POSTGRES_ADMIN_URL,
    test_database_url,
)


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def failed(report: dict) -> set[str]:
    return {name for name, check in report["checks"].items() if not check["ok"]}


def test_the_indexed_knowledge_base_is_ready(kb):
    kb.answers.ask("warm up")  # the model is in memory, as after `coach run`'s warm-up
    report = Readiness(kb).report()
    assert report["ready"] is True and failed(report) == set()
    assert set(report["checks"]) == {"database", "knowledge", "model"}
    assert "migrated" in report["checks"]["database"]["detail"]


def test_an_empty_index_is_not_ready_and_says_what_to_run(fresh):
    report = Readiness(fresh()).report()
    assert report["ready"] is False and failed(report) == {"knowledge"}
    assert "0 passage vectors, 0 BM25 passages" in report["checks"]["knowledge"]["detail"]
    assert "coach ingest" in report["checks"]["knowledge"]["detail"]


def test_an_unmigrated_database_is_not_ready_and_the_result_is_cached_briefly(tmp_path, shared_embeddings):
    c = Container(Settings(data_dir=tmp_path / "data", database_url=test_database_url()))
    c.__dict__["embeddings"] = shared_embeddings
    clock = Clock()
    readiness = Readiness(c, cache_seconds=2.0, clock=clock)
    report = readiness.report()
    assert failed(report) == {"database", "knowledge"}
    assert "is empty" in report["checks"]["database"]["detail"]
    assert "coach db upgrade" in report["checks"]["database"]["detail"]
    c.migrate()
    clock.now += 1.9
    assert readiness.report() is report  # within the cache interval the database is not asked again
    clock.now += 0.2
    assert failed(readiness.report()) == {"knowledge"}


def test_a_model_not_loaded_yet_is_not_ready_and_checking_does_not_load_it(fresh):
    from bot.retrieval.embeddings import LocalEmbeddings

    c = fresh()
    c.__dict__["embeddings"] = LocalEmbeddings()
    report = Readiness(c).report()
    assert "model" in failed(report) and report["checks"]["model"]["detail"].startswith("not loaded")
    assert c.embeddings.loaded is False


def test_a_database_that_does_not_answer_is_not_ready(tmp_path, shared_embeddings):
    c = Container(Settings(data_dir=tmp_path / "data",
                           database_url="postgresql+psycopg://nobody:secret-pw@127.0.0.1:1/none"))
    c.__dict__["embeddings"] = shared_embeddings
    report = Readiness(c).report()
    assert "database" in failed(report)
    assert report["checks"]["database"]["detail"].startswith("does not answer")
    assert "secret-pw" not in str(report)


def readyz(readiness: Readiness) -> tuple[int, dict]:
    """GET /readyz through the operator endpoints: (status, report)."""
    sent = []

    async def send(message):
        sent.append(message)

    async def run(func, *args):
        return func(*args)

    scope = {"type": "http", "method": "GET", "path": "/readyz"}
    assert asyncio.run(OperatorEndpoints(None, readiness.report, run).handle(scope, send))
    return sent[0]["status"], json.loads(sent[1]["body"])


@pytest.fixture
def indexed(fresh):
    """A small indexed knowledge base in its own data dir, whose files a test may delete."""
    c = fresh()
    assert c.indexer.ingest([KNOWLEDGE / "about-the-bot"]).chunks_total > 0
    return c


@pytest.mark.skipif(bool(POSTGRES_ADMIN_URL), reason="the database is a server, not a local file")
def test_a_deleted_database_file_is_not_ready_and_names_the_database(indexed):
    readiness = Readiness(indexed, cache_seconds=0)
    assert readyz(readiness)[0] == 200
    path = Path(make_url(indexed.settings.db_url).database)
    path.unlink()  # the pooled connections keep working on the unlinked file: every query still succeeds
    status, report = readyz(readiness)
    assert status == 503 and failed(report) == {"database"}
    assert report["checks"]["database"]["detail"] == (f"the database file {path} was deleted after the bot opened "
                                                      "it: restart the bot")
    assert not path.exists()  # the check did not create an empty database in its place


@pytest.mark.skipif(bool(POSTGRES_ADMIN_URL), reason="the database is a server, not a local file")
def test_a_replaced_database_file_is_not_ready(indexed):
    readiness = Readiness(indexed, cache_seconds=0)
    assert readyz(readiness)[0] == 200
    path = Path(make_url(indexed.settings.db_url).database)
    shutil.copyfile(path, path.with_suffix(".copy"))
    path.with_suffix(".copy").replace(path)  # e.g. a backup restored under the running bot
    status, report = readyz(readiness)
    assert status == 503 and "was replaced after the bot opened it" in report["checks"]["database"]["detail"]


@pytest.mark.skipif(bool(CHROMA_TEST_URL), reason="the vectors are on a Chroma server, not in local files")
def test_a_deleted_vector_store_is_not_ready_and_names_the_vector_store(indexed):
    readiness = Readiness(indexed, cache_seconds=0)
    assert readyz(readiness)[0] == 200
    shutil.rmtree(indexed.settings.chroma_dir)  # the embedded Chroma still counts its vectors from memory
    status, report = readyz(readiness)
    assert status == 503 and failed(report) == {"knowledge"}
    assert report["checks"]["knowledge"]["detail"] == (f"the vector store {indexed.settings.chroma_dir} was deleted "
                                                       "after the bot opened it: restart the bot")
