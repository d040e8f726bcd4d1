from bot.ingest.chunking import chunk_document
from bot.ingest.loaders import SourceDocument

DOC = """# Guide

Intro paragraph about the guide.

## Measuring adoption

Adoption is active users divided by eligible users.

### Benchmarks

Aim for 60-80% within a year.

## Incentives

Change one metric.
"""


def test_breadcrumbs_follow_headings_and_skip_repeated_title():
    chunks = chunk_document(SourceDocument(path="k/guide.md", title="Guide", text=DOC))
    crumbs = [c.breadcrumb for c in chunks]
    assert crumbs == ["Guide", "Guide › Measuring adoption", "Guide › Measuring adoption › Benchmarks",
                      "Guide › Incentives"]
    assert chunks[2].text == "Aim for 60-80% within a year."
    assert [c.ordinal for c in chunks] == [0, 1, 2, 3]


def test_embedding_text_leaves_out_the_document_title():
    chunks = chunk_document(SourceDocument(path="k/guide.md", title="Guide", text=DOC))
    assert chunks[2].embedding_text == "Measuring adoption › Benchmarks\nAim for 60-80% within a year."
    assert chunks[0].embedding_text.startswith("Guide\n")


def test_long_sections_are_split_and_keep_their_breadcrumb():
    body = "\n\n".join(f"Paragraph {i} " + "word " * 60 for i in range(12))
    chunks = chunk_document(SourceDocument(path="k/long.md", title="Long", text=f"## Big section\n\n{body}"),
                            chunk_size=500, chunk_overlap=50)
    assert len(chunks) > 4
    assert all(c.breadcrumb == "Long › Big section" and len(c.text) <= 500 for c in chunks)


def test_ids_are_content_addressed():
    a = chunk_document(SourceDocument(path="k/guide.md", title="Guide", text=DOC))
    b = chunk_document(SourceDocument(path="k/guide.md", title="Guide", text=DOC.replace("Change one", "Change two")))
    assert [c.id for c in a[:3]] == [c.id for c in b[:3]]  # untouched sections keep their ids
    assert a[3].id != b[3].id
    other_path = chunk_document(SourceDocument(path="k/other.md", title="Guide", text=DOC))
    assert {c.id for c in a}.isdisjoint(c.id for c in other_path)


def test_identical_pieces_get_distinct_ids():
    text = "## Same\n\n" + "\n\n".join(["Repeated paragraph with enough words to fill a piece."] * 3)
    chunks = chunk_document(SourceDocument(path="k/dup.md", title="Dup", text=text), chunk_size=60,
                            chunk_overlap=0)
    assert len(chunks) == 3 and len({c.text for c in chunks}) == 1
    assert len({c.id for c in chunks}) == 3


def test_empty_sections_produce_no_chunks():
    assert chunk_document(SourceDocument(path="k/e.md", title="E", text="## Only a heading\n\n## Another\n")) == []


def test_unit_texts_carry_the_section_path_and_stable_ids():
    doc = SourceDocument(path="k/g.md", title="Guide", text="## Deliverables\n\nPhase 1 has two:\n\n"
                                                             "- **Process inventory** - what runs today.\n"
                                                             "- Data readiness score.\n")
    (chunk,) = chunk_document(doc)
    assert chunk.unit_texts() == [
        (f"{chunk.id}#0", "Deliverables: Phase 1 has two:"),
        (f"{chunk.id}#1", "Deliverables: Process inventory - what runs today."),
        (f"{chunk.id}#2", "Deliverables: Data readiness score."),
    ]
