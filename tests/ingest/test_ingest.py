"""Incremental ingestion against the real model, Chroma and BM25, in a throw-away data dir."""

import os
from pathlib import Path

import pytest

from bot.errors import UserError


@pytest.fixture
def docs(tmp_path):
    folder = tmp_path / "policies"
    folder.mkdir()
    (folder / "ai-policy.md").write_text(
        "---\ntitle: Acme AI Policy\ntopic: governance\n---\n# Acme AI Policy\n\n"
        "## Approved assistants\n\nAcme employees may use the approved assistant for drafting emails.\n\n"
        "## Data rules\n\nNever paste customer records into an external AI tool.\n")
    (folder / "faq.txt").write_text("The AI champions network meets every second Thursday.")
    (folder / "intranet.html").write_text("<html><head><title>Prompt library</title></head><body>"
                                           "<h2>Sharing prompts</h2><p>Post reusable prompts in the prompt library "
                                           "channel.</p></body></html>")
    (folder / "notes.numbers").write_bytes(b"ignored: not a supported type")
    return folder


class CountingEmbeddings:
    """Wraps the real embeddings and counts how many texts were embedded."""

    def __init__(self, inner):
        self.inner = inner
        self.embedded = 0

    def embed_documents(self, texts):
        self.embedded += len(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text):
        return self.inner.embed_query(text)


@pytest.fixture
def container(fresh):
    c = fresh()
    c.__dict__["embeddings"] = CountingEmbeddings(c.embeddings)
    return c


def unit_count(c):
    with c.uow() as uow:
        return uow.documents.unit_count()


def chunk_ids(c):
    with c.uow() as uow:
        return {cid for cid, _ in uow.documents.all_chunks()}


def test_first_ingest_indexes_supported_files(container, docs):
    report = container.indexer.ingest([docs])
    assert len(report.added) == 3 and not report.failed
    assert report.chunks_embedded == report.chunks_total == 4
    assert container.vectors.count() == 4 and container.lexical.size == 4
    # every chunk here is one sentence, so one sentence vector each: 4 chunks + 4 units embedded
    assert unit_count(container) == 4 and container.embeddings.embedded == 8
    answer = container.answers.ask("may I paste customer records into an AI tool?")
    assert answer.answered and "Never paste customer records" in answer.text
    assert answer.sources[0].path.endswith("policies/ai-policy.md")
    assert answer.sources[0].section == "Data rules"


def test_the_sources_list_each_document_with_its_passages_and_time(container, docs):
    assert container.indexer.sources() == []
    report = container.indexer.ingest([docs])
    listed = container.indexer.sources()
    assert [d.path for d in listed] == sorted(d.path for d in listed) and len(listed) == len(report.added) == 3
    assert sum(d.chunks for d in listed) == report.chunks_total == 4
    assert all(d.chunks >= 1 and d.indexed_at is not None and d.title for d in listed)


def test_unchanged_documents_are_not_re_embedded(container, docs):
    container.indexer.ingest([docs])
    container.embeddings.embedded = 0
    report = container.indexer.ingest([docs])
    assert len(report.unchanged) == 3 and not (report.added or report.updated or report.removed)
    assert report.chunks_embedded == 0 and container.embeddings.embedded == 0
    assert not report.lexical_rebuilt


def test_a_lost_vector_store_is_re_built_although_the_documents_are_unchanged(container, docs):
    container.indexer.ingest([docs])
    container.vectors.reset()  # e.g. the Chroma server's volume was lost; the database was kept
    report = container.indexer.ingest([docs])
    assert len(report.added) == 3 and report.chunks_embedded == 4
    assert container.vectors.count() == report.chunks_total == 4
    assert container.answers.ask("may I paste customer records into an AI tool?").answered


def test_edited_document_replaces_only_changed_chunks(container, docs):
    container.indexer.ingest([docs])
    before = chunk_ids(container)
    container.embeddings.embedded = 0
    policy = docs / "ai-policy.md"
    policy.write_text(policy.read_text().replace("drafting emails", "drafting emails and summarising meetings"))
    report = container.indexer.ingest([docs])
    assert report.updated == [k for k in report.updated if k.endswith("ai-policy.md")] and len(report.updated) == 1
    assert report.chunks_embedded == 1 and container.embeddings.embedded == 2  # the chunk and its sentence
    after = chunk_ids(container)
    assert len(after) == 4 and len(before - after) == 1 and len(after - before) == 1
    assert container.vectors.count() == 4 and unit_count(container) == 4
    answer = container.answers.ask("can I use the approved assistant to summarise meetings?")
    assert "summarising meetings" in answer.text


def test_deleted_document_leaves_every_index(container, docs):
    container.indexer.ingest([docs])
    (docs / "faq.txt").unlink()
    report = container.indexer.ingest([docs])
    assert [os.path.basename(p) for p in report.removed] == ["faq.txt"]
    assert container.vectors.count() == 3 and container.lexical.size == 3
    assert unit_count(container) == 3
    with container.uow() as uow:
        assert all(not d.path.endswith("faq.txt") for d in uow.documents.all())
    assert not container.lexical.search("champions network Thursday", 5)


def test_ingesting_the_working_dir_removes_deleted_files(container, docs, monkeypatch):
    # `coach ingest .` names the folder "."; its documents are keyed relative to it ("faq.txt")
    monkeypatch.chdir(docs)
    first = container.indexer.ingest([Path(".")])
    assert sorted(first.added) == ["ai-policy.md", "faq.txt", "intranet.html"]
    (docs / "faq.txt").unlink()
    report = container.indexer.ingest([Path(".")])
    assert report.removed == ["faq.txt"] and len(report.unchanged) == 2
    assert container.vectors.count() == 3 and container.lexical.size == 3
    assert not container.lexical.search("champions network Thursday", 5)
    (docs / "intranet.html").unlink()  # the working dir by its full name holds the same keys
    assert container.indexer.ingest([docs]).removed == ["intranet.html"]


def test_unreadable_file_is_reported_and_the_rest_indexed(container, docs):
    (docs / "scan.pdf").write_bytes(b"%PDF-1.4 garbage")
    report = container.indexer.ingest([docs])
    assert [os.path.basename(p) for p, _ in report.failed] == ["scan.pdf"]
    assert len(report.added) == 3


def test_missing_path_is_a_user_error_and_changes_nothing(container, docs):
    container.indexer.ingest([docs])
    with pytest.raises(UserError, match="No such file"):
        container.indexer.ingest([docs / "nope"])
    with pytest.raises(UserError, match="supported types"):
        container.indexer.ingest([docs / "notes.numbers"])
    assert container.vectors.count() == 4


def test_ingesting_one_file_does_not_remove_others(container, docs):
    container.indexer.ingest([docs])
    report = container.indexer.ingest([docs / "faq.txt"])
    assert report.unchanged and not report.removed
    assert container.vectors.count() == 4


def test_out_of_date_names_added_edited_and_removed_files_without_indexing_them(container, docs):
    container.indexer.ingest([docs])
    assert container.indexer.out_of_date([docs]) == []
    embedded = container.embeddings.embedded
    (docs / "ai-policy.md").write_text("# Acme AI Policy\n\n## Approved assistants\n\nOnly the approved assistant.\n")
    (docs / "new.txt").write_text("Office hours for AI questions are on Fridays.")
    (docs / "faq.txt").unlink()
    stale = container.indexer.out_of_date([docs])
    assert sorted(os.path.basename(p) for p in stale) == ["ai-policy.md", "faq.txt", "new.txt"]
    assert container.embeddings.embedded == embedded and container.vectors.count() == 4  # nothing re-indexed
    container.indexer.ingest([docs])
    assert container.indexer.out_of_date([docs]) == []
