"""Readiness checks without Slack: a ready knowledge base, an empty index, an unmigrated database, a model
not loaded yet, an unreachable database, and the short cache that keeps probes off the database."""

from __future__ import annotations

from bot.config import Settings
from bot.container import Container
from bot.observability.readiness import Readiness
from tests.conftest import test_database_url


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
