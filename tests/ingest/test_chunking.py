from bot.ingest.chunking import chunk_document
from bot.ingest.loaders import SourceDocument
from bot.ingest.units import units

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


TABLE_DOC = """# Roles

## Role mapping

The mapping shows which metric to retire for each role.

| Role | Old metric | New metric |
|---|---|---|
| Analyst | Reports delivered | Decision accuracy |
| Sales rep | Quota alone | Quota plus forecast accuracy |

Start with the roles that change fastest.

## Outcomes

| Outcome | Result |
|---|---|
| Handling time | 35% lower |
"""


def test_tables_become_one_unit_per_row_named_by_the_header():
    # The header splitter joins paragraphs with "  \\n": a table inside a section must still be found
    mapping, outcomes = chunk_document(SourceDocument(path="k/roles.md", title="Roles", text=TABLE_DOC))
    found = units(mapping.text)
    assert [(u.kind, u.text) for u in found] == [
        ("sentence", "The mapping shows which metric to retire for each role."),
        ("row", "**Analyst** — Old metric: Reports delivered; New metric: Decision accuracy"),
        ("row", "**Sales rep** — Old metric: Quota alone; New metric: Quota plus forecast accuracy"),
        ("sentence", "Start with the roles that change fastest."),
    ]
    assert [u.intro for u in found] == [True, False, False, False]  # the sentence before a table introduces it
    assert [(u.kind, u.text) for u in units(outcomes.text)] == [("row", "**Handling time**: 35% lower")]
    assert all("|" not in text for _, text in mapping.unit_texts())


def test_table_rows_directly_after_a_line_and_without_a_header():
    text = "Intro line:  \n| Analyst | Reports | Accuracy |\n| Sales rep | Quota | Forecasts |\nAfter the table."
    assert [(u.kind, u.text) for u in units(text)] == [
        ("sentence", "Intro line:"),
        ("row", "**Analyst** — Reports; Accuracy"),
        ("row", "**Sales rep** — Quota; Forecasts"),
        ("sentence", "After the table."),
    ]


def test_paragraph_breaks_survive_the_header_splitter():
    (chunk,) = chunk_document(SourceDocument(path="k/p.md", title="P", text="## S\n\nFirst paragraph.\n\nSecond one."))
    assert chunk.text == "First paragraph.\n\nSecond one."
    assert [u.lead for u in units(chunk.text)] == [True, True]
