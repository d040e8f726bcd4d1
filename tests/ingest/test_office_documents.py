"""Word, PowerPoint and Excel files, each built here with the library that reads it: headings and slide titles
become breadcrumbs, sheets become sections whose rows are quoted with their column names, and a file that cannot
be read is named in the report while the others are indexed."""

import zipfile
from datetime import date

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from msoffcrypto.format.ooxml import OOXMLFile
from openpyxl import Workbook
from pptx import Presentation
from pptx.util import Inches

from bot.ingest import office
from bot.ingest.chunking import chunk_document
from bot.ingest.loaders import LoadError, load_document
from bot.ingest.units import units


def make_docx(path):
    doc = Document()
    doc.add_heading("Acme AI Policy", 0)  # the "Title" style
    doc.add_paragraph("This policy covers every AI assistant used at Acme.")
    doc.add_heading("Approved tools", 1)
    doc.add_paragraph("Use the approved assistant for drafting and summarising.")
    doc.add_heading("Requesting access", 2)
    doc.add_paragraph("Open a ticket with the service desk.", style="List Bullet")
    doc.add_paragraph("Your manager approves within two days.", style="List Bullet")
    table = doc.add_table(rows=3, cols=3)
    for row, cells in zip(table.rows, [("Tool", "Owner", "Status"), ("Copilot", "IT", "Approved"),
                                       ("ChatGPT", "Legal", "Pilot")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    chapter = doc.styles.add_style("Chapter", WD_STYLE_TYPE.PARAGRAPH)
    chapter.base_style = doc.styles["Heading 1"]  # a house style built on a heading is a heading too
    doc.add_paragraph("Data rules", style="Chapter")
    doc.add_paragraph("Never paste customer records into an external AI tool.")
    doc.save(path)


def make_pptx(path):
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[0])
    slide.shapes.title.text = "Rollout plan"
    slide.placeholders[1].text = "Spring pilot"
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = "Pilot results"
    body = slide.placeholders[1].text_frame
    body.text = "Handling time fell by 35 percent in the support team."
    detail = body.add_paragraph()
    detail.text = "Measured over eight weeks"
    detail.level = 1
    slide.notes_slide.notes_text_frame.text = "The sample was 40 agents."
    slide = deck.slides.add_slide(deck.slide_layouts[5])  # title only: the table is its own shape
    slide.shapes.title.text = "Next steps"
    table = slide.shapes.add_table(3, 2, Inches(1), Inches(2), Inches(6), Inches(2)).table
    for r, cells in enumerate([("Team", "Start"), ("Sales", "June"), ("Finance", "September")]):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    deck.save(path)


def make_xlsx(path, rows_in_long_sheet=3):
    book = Workbook()
    tools = book.active
    tools.title = "Tools"
    tools.append(["Tool", "Owner", "Adoption", "Reviewed"])
    tools.append(["Copilot", "IT", 0.42, date(2025, 3, 1)])
    tools.append([])  # a blank row is dropped
    tools.append(["ChatGPT", None, 0.175, date(2025, 4, 15)])
    for row in tools.iter_rows(min_row=2, min_col=3, max_col=3):
        row[0].number_format = "0.0%"
    long = book.create_sheet("Prompts")
    long.append(["Prompt", "Use", "Team"])
    for n in range(rows_in_long_sheet):
        long.append([f"Prompt {n}", f"Summarise the weekly report number {n} for the leadership team", "Ops"])
    hidden = book.create_sheet("Lookup")
    hidden.append(["internal", "codes"])
    hidden.append(["x", "y"])
    hidden.sheet_state = "hidden"
    book.properties.title = "AI tool register"
    book.save(path)


def test_docx_headings_become_breadcrumbs_with_lists_and_tables(tmp_path):
    make_docx(tmp_path / "policy.docx")
    doc = load_document(tmp_path / "policy.docx", "kb/policy.docx")
    chunks = chunk_document(doc)
    assert doc.title == "Acme AI Policy"
    assert [c.breadcrumb for c in chunks] == [
        "Acme AI Policy", "Acme AI Policy › Approved tools", "Acme AI Policy › Approved tools › Requesting access",
        "Acme AI Policy › Data rules"]
    assert [(u.kind, u.text) for u in units(chunks[2].text)] == [
        ("bullet", "Open a ticket with the service desk."), ("bullet", "Your manager approves within two days."),
        ("row", "**Copilot** — Owner: IT; Status: Approved"), ("row", "**ChatGPT** — Owner: Legal; Status: Pilot")]


def test_pptx_slide_titles_become_breadcrumbs_with_bullets_tables_and_notes(tmp_path):
    make_pptx(tmp_path / "rollout.pptx")
    doc = load_document(tmp_path / "rollout.pptx", "kb/rollout.pptx")
    chunks = chunk_document(doc)
    assert doc.title == "Rollout plan"  # the first slide's title, the deck having no title property
    assert [c.breadcrumb for c in chunks] == ["Rollout plan › Slide 1: Rollout plan",
                                              "Rollout plan › Slide 2: Pilot results",
                                              "Rollout plan › Slide 3: Next steps"]
    assert [(u.kind, u.text) for u in units(chunks[1].text)] == [
        ("bullet", "Handling time fell by 35 percent in the support team."),
        ("bullet", "Measured over eight weeks"), ("sentence", "Speaker notes: The sample was 40 agents.")]
    assert [u.text for u in units(chunks[2].text)] == ["**Sales**: June", "**Finance**: September"]


def test_xlsx_sheets_become_sections_and_rows_keep_their_column_names(tmp_path):
    make_xlsx(tmp_path / "register.xlsx", rows_in_long_sheet=40)
    doc = load_document(tmp_path / "register.xlsx", "kb/register.xlsx")
    chunks = chunk_document(doc)
    assert doc.title == "AI tool register" and "internal" not in doc.text  # hidden sheets are left out
    assert [u.text for u in units(chunks[0].text)] == [
        "**Copilot** — Owner: IT; Adoption: 42%; Reviewed: 2025-03-01",
        "**ChatGPT** — Adoption: 17.5%; Reviewed: 2025-04-15"]
    prompts = [c for c in chunks if c.breadcrumb == "AI tool register › Prompts"]
    rows = [u.text for c in prompts for u in units(c.text)]
    # a long sheet spans several chunks, and the rows of every one are quoted with their column names
    assert len(prompts) > 2 and len(rows) == 40
    assert all(r.startswith("**Prompt ") and " — Use: Summarise" in r and r.endswith("; Team: Ops") for r in rows)


def test_a_sheet_too_long_to_quote_is_refused_with_its_name(tmp_path, monkeypatch):
    monkeypatch.setattr(office, "MAX_SHEET_ROWS", 10)
    make_xlsx(tmp_path / "register.xlsx", rows_in_long_sheet=20)
    with pytest.raises(LoadError, match="the sheet 'Prompts' has more than 10 rows"):
        load_document(tmp_path / "register.xlsx", "register.xlsx")


def encrypt(path, out):
    with open(path, "rb") as plain, open(out, "wb") as locked:
        OOXMLFile(plain).encrypt("s3cret", locked)


@pytest.mark.parametrize("name, make", [("policy.docx", make_docx), ("rollout.pptx", make_pptx),
                                        ("register.xlsx", make_xlsx)])
def test_unreadable_office_files_say_why(tmp_path, name, make):
    make(tmp_path / name)
    encrypt(tmp_path / name, tmp_path / f"locked-{name}")
    with pytest.raises(LoadError, match="^password-protected: save a copy without a password"):
        load_document(tmp_path / f"locked-{name}", name)
    (tmp_path / f"cut-{name}").write_bytes((tmp_path / name).read_bytes()[:2000])  # a download cut short
    with pytest.raises(LoadError, match="^not a readable .* \\(not a zip package\\)$"):
        load_document(tmp_path / f"cut-{name}", name)
    with zipfile.ZipFile(tmp_path / f"other-{name}", "w") as package:  # a zip, but not of that kind
        package.writestr("notes.txt", "hello")
    with pytest.raises(LoadError, match=r"^not a readable .*\(\w+\)$"):
        load_document(tmp_path / f"other-{name}", name)


def test_empty_document_is_a_load_error(tmp_path):
    Document().save(tmp_path / "empty.docx")
    with pytest.raises(LoadError, match="has no text"):
        load_document(tmp_path / "empty.docx", "empty.docx")


def test_ingest_indexes_office_files_and_names_the_unreadable_ones(fresh, tmp_path):
    folder = tmp_path / "kb"
    folder.mkdir()
    make_docx(folder / "policy.docx")
    make_pptx(folder / "rollout.pptx")
    make_xlsx(folder / "register.xlsx")
    encrypt(folder / "register.xlsx", folder / "budget.xlsx")
    (folder / "old.pptx").write_bytes(b"PK\x03\x04 not really a deck")
    c = fresh()
    report = c.indexer.ingest([folder])
    assert sorted(p.rsplit("/", 1)[1] for p in report.added) == ["policy.docx", "register.xlsx", "rollout.pptx"]
    assert sorted((p.rsplit("/", 1)[1], why) for p, why in report.failed) == [
        ("budget.xlsx", "password-protected: save a copy without a password to ingest it"),
        ("old.pptx", "not a readable PowerPoint deck (.pptx) (not a zip package)")]
    answer = c.answers.ask("By how much did handling time fall in the pilot?")
    assert answer.answered and "35 percent" in answer.text
    assert answer.sources[0].path.endswith("kb/rollout.pptx") and answer.sources[0].section == "Slide 2: Pilot results"
