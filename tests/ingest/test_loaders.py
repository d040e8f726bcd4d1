import pytest
from fpdf import FPDF

from bot.ingest.chunking import chunk_document
from bot.ingest.loaders import LoadError, load_document


def test_markdown_front_matter(tmp_path):
    f = tmp_path / "policy.md"
    f.write_text("---\ntitle: AI Policy\ntopic: governance\naudience: [employees]\ntags: [policy, ai]\n---\n"
                 "# AI Policy\n\n## Allowed tools\n\nUse the approved assistant.\n")
    doc = load_document(f, "kb/policy.md")
    assert (doc.title, doc.topic, doc.audience, doc.tags) == ("AI Policy", "governance", ["employees"], ["policy", "ai"])
    assert "Allowed tools" in doc.text and "topic:" not in doc.text


def test_markdown_without_front_matter_takes_first_heading(tmp_path):
    f = tmp_path / "notes.md"
    f.write_text("# Rollout notes\n\nSome text.\n")
    assert load_document(f, "notes.md").title == "Rollout notes"


def test_broken_front_matter_is_a_load_error(tmp_path):
    f = tmp_path / "bad.md"
    f.write_text("---\ntitle: [unclosed\n---\nText\n")
    with pytest.raises(LoadError, match="front matter"):
        load_document(f, "bad.md")


def test_plain_text_title_from_file_name(tmp_path):
    f = tmp_path / "ai_usage-guidelines.txt"
    f.write_text("Always check outputs before sending them to customers.")
    doc = load_document(f, "x.txt")
    assert doc.title == "Ai usage guidelines" and "check outputs" in doc.text


def test_html_headings_become_breadcrumbs_and_scripts_are_dropped(tmp_path):
    f = tmp_path / "page.html"
    f.write_text("<html><head><title>Intranet: AI help</title><script>var x = 'secret';</script></head><body>"
                 "<h2>Requesting access</h2><p>Open a ticket with &amp; wait.</p>"
                 "<h3>Approval</h3><p>Your manager approves.</p></body></html>")
    doc = load_document(f, "page.html")
    assert doc.title == "Intranet: AI help"
    crumbs = [c.breadcrumb for c in chunk_document(doc)]
    assert crumbs == ["Intranet: AI help › Requesting access", "Intranet: AI help › Requesting access › Approval"]
    assert "secret" not in doc.text and "Open a ticket with & wait." in doc.text


def test_pdf_pages_become_sections(tmp_path):
    pdf = FPDF()
    for text in ("Pilot checklist: define one KPI.", "Scale checklist: publish the playbook."):
        pdf.add_page()
        pdf.set_font("Helvetica", size=12)
        pdf.cell(text=text)
    pdf.set_title("Rollout Checklist")
    f = tmp_path / "checklist.pdf"
    pdf.output(str(f))
    doc = load_document(f, "checklist.pdf")
    chunks = chunk_document(doc)
    assert doc.title == "Rollout Checklist"
    assert [c.breadcrumb for c in chunks] == ["Rollout Checklist › Page 1", "Rollout Checklist › Page 2"]
    assert "define one KPI" in chunks[0].text


def test_corrupt_pdf_and_unsupported_types(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(LoadError):
        load_document(bad, "broken.pdf")
    other = tmp_path / "sheet.numbers"
    other.write_bytes(b"PK")
    with pytest.raises(LoadError, match="unsupported"):
        load_document(other, "sheet.numbers")


def test_html_tables_become_rows_named_by_their_header(tmp_path):
    from bot.ingest.units import units

    f = tmp_path / "outcomes.html"
    f.write_text("<html><body><h2>Outcomes</h2><p>The pilot went well:</p><table><tr><th>Metric</th><th>Change</th>"
                 "</tr><tr><td>Handling time</td><td>35% lower</td></tr><tr><td>Errors</td><td>25% fewer</td></tr>"
                 "</table><p>Next we scale.</p></body></html>")
    (chunk,) = chunk_document(load_document(f, "outcomes.html"))
    assert [(u.kind, u.text) for u in units(chunk.text)] == [
        ("sentence", "The pilot went well:"), ("row", "**Handling time**: 35% lower"),
        ("row", "**Errors**: 25% fewer"), ("sentence", "Next we scale.")]
