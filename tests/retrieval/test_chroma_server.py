"""Chroma in server mode (COACH_CHROMA_URL): the same retrieval as the embedded store; a clear message when the
server is unreachable; a second process with an empty data dir builds its BM25 index from the database.

The whole suite also runs against a Chroma server when COACH_TEST_CHROMA_URL is set (.ci/run does that);
these tests start their own `chroma run` otherwise, so they run everywhere."""

from __future__ import annotations

import uuid

import pytest

from tests.conftest import (
    CHROMA_TEST_URL,
    KNOWLEDGE,
    cli_env,
    make_container,
    run_coach,
)
from tests.replicas.cluster import ChromaServer

DOCS = [KNOWLEDGE / "kpis" / "framework-kpis.md", KNOWLEDGE / "framework" / "phases.md",
        KNOWLEDGE / "okrs"]
QUESTIONS = ["What are the phases of an AI rollout?", "How is the employee adoption rate measured?",
             "How do we write OKRs for AI?", "What is time-to-decision?"]


@pytest.fixture(scope="module")
def chroma_url():
    if CHROMA_TEST_URL:
        yield CHROMA_TEST_URL
        return
    server = ChromaServer()
    yield server.url
    server.stop()


def _server_settings(url: str) -> dict:
    return {"chroma_url": url, "chroma_collection": f"server-test-{uuid.uuid4().hex[:8]}"}


def _build(path, embeddings, **settings):
    c = make_container(path, **settings)
    c.__dict__["embeddings"] = embeddings
    return c


def test_server_mode_retrieves_and_answers_like_the_embedded_store(tmp_path, shared_embeddings, chroma_url):
    embedded = _build(tmp_path / "embedded", shared_embeddings, chroma_url=None, chroma_collection="knowledge")
    served = _build(tmp_path / "served", shared_embeddings, **_server_settings(chroma_url))
    for c in (embedded, served):
        c.indexer.ingest(DOCS)
    assert not (tmp_path / "served" / "chroma").exists()  # nothing embedded under the data dir
    assert embedded.vectors.count() == served.vectors.count() > 10
    for question in QUESTIONS:
        for mode in ("vector", "hybrid"):
            hits_a, hits_b = embedded.retriever.search(question, 8, mode), served.retriever.search(question, 8, mode)
            assert [h.chunk_id for h in hits_a] == [h.chunk_id for h in hits_b], (question, mode)
        a, b = embedded.answers.ask(question), served.answers.ask(question)
        assert [(s.path, s.section) for s in a.sources] == [(s.path, s.section) for s in b.sources], question
        assert a.text == b.text and a.confidence == pytest.approx(b.confidence, abs=1e-4)


def test_an_unreachable_server_is_a_clear_error(tmp_path, capsys, monkeypatch):
    c = make_container(tmp_path / "data", chroma_url=None)
    env = cli_env(c) | {"COACH_CHROMA_URL": "http://127.0.0.1:9"}
    code, _, err = run_coach(["ask", "What are the phases?"], capsys, monkeypatch, env)
    assert code == 2
    assert "Cannot reach the Chroma server at http://127.0.0.1:9 (COACH_CHROMA_URL)" in err
    code, _, err = run_coach(["ask", "x"], capsys, monkeypatch, env | {"COACH_CHROMA_URL": "chroma:8000"})
    assert code == 2 and "COACH_CHROMA_URL must look like http://host:8000" in err


def test_a_replica_with_an_empty_data_dir_builds_its_bm25_index_from_the_database(tmp_path, shared_embeddings,
                                                                                  chroma_url):
    first = _build(tmp_path / "first", shared_embeddings, **_server_settings(chroma_url))
    first.indexer.ingest(DOCS[:2])
    shared = {"database_url": first.settings.db_url, "chroma_url": chroma_url,
              "chroma_collection": first.settings.chroma_collection}
    second = _build(tmp_path / "second", shared_embeddings, **shared)
    assert second.lexical.size == 0
    assert second.indexer.refresh_lexical() is True
    assert second.lexical.size == first.lexical.size > 0
    assert second.indexer.refresh_lexical() is False  # in step: nothing to do
    question = QUESTIONS[1]
    assert [h.chunk_id for h in second.retriever.search(question, 8)] == \
           [h.chunk_id for h in first.retriever.search(question, 8)]

    first.indexer.ingest(DOCS)  # an ingest elsewhere (a set-up job) adds documents
    assert second.indexer.refresh_lexical() is True
    assert second.lexical.size == first.lexical.size
    assert second.lexical.fingerprint == first.lexical.fingerprint
