"""A Notion "Markdown & CSV" export zip and a Confluence HTML space export folder, both built here in the layout
those tools write: pages come with their titles (Notion's ids stripped), the parts that are not pages stay out,
and an unreadable export is named in the report."""

import io
import zipfile

import pytest

from bot.ingest.chunking import chunk_document
from bot.ingest.indexer import discover
from bot.ingest.loaders import LoadError, load_document
from bot.ingest.units import units

HANDBOOK, ONBOARDING, TOOLS, COPILOT = "0123456789abcdef0123456789abcdef", "1" * 32, "2" * 32, "3" * 32
EXPORT = "Export-1b2c3d4e-aaaa-bbbb-cccc-0123456789ab"


def notion_pages() -> dict[str, str]:
    root = f"Handbook {HANDBOOK}"
    return {
        f"{root}.md": "# Handbook\n\nHow Acme works with AI.\n\n# Principles\n\nWe pilot before we scale.\n",
        f"{root}/Onboarding {ONBOARDING}.md": (
            f"# Onboarding\n\n![Untitled](Onboarding%20{ONBOARDING}/Untitled.png)\n\n"
            f"The tools are listed in [AI tools](AI%20tools%20{TOOLS}.csv).\n\n## First week\n\n"
            "Request access to the approved assistant on your first day.\n\n```\n# not a heading\n```\n"),
        f"{root}/Onboarding {ONBOARDING}/Untitled.png": "\x89PNG",
        f"{root}/AI tools {TOOLS}.csv": "\ufeffName,Owner,Status\nCopilot,IT,Approved\n",  # the view's rows only
        f"{root}/AI tools {TOOLS}_all.csv": "\ufeffName,Owner,Status\nCopilot,IT,Approved\nChatGPT,Legal,Pilot\n",
        f"{root}/AI tools {TOOLS}/Copilot {COPILOT}.md": "# Copilot\n\nOwner: IT\n\nUse it for first drafts.\n",
    }


def write_zip(path, files: dict[str, str | bytes], folder: str = "") -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(f"{folder}{name}", text)


def test_notion_export_pages_are_sections_titled_without_ids(tmp_path):
    write_zip(tmp_path / f"{EXPORT}.zip", notion_pages(), folder=f"{EXPORT}/")
    doc = load_document(tmp_path / f"{EXPORT}.zip", "kb/export.zip")
    chunks = chunk_document(doc)
    assert doc.title == "Handbook"  # the one page at the top
    assert [c.breadcrumb for c in chunks] == [  # a page, then the pages in its folder
        "Handbook", "Handbook › Principles", "Handbook › AI tools", "Handbook › AI tools › Copilot",
        "Handbook › Onboarding", "Handbook › Onboarding › First week"]
    assert chunks[4].text == "The tools are listed in AI tools."  # no image, no link into the export
    assert "# not a heading" in chunks[5].text  # code blocks keep their lines
    # the database's every row (its _all.csv), each once, quoted with the column names
    assert [u.text for u in units(chunks[2].text)] == ["**Copilot** — Owner: IT; Status: Approved",
                                                       "**ChatGPT** — Owner: Legal; Status: Pilot"]


def test_notion_export_in_parts_and_with_several_top_pages(tmp_path):
    pages = {**notion_pages(), f"Travel {'4' * 32}.md": "# Travel\n\nBook trains through the travel desk.\n"}
    part = io.BytesIO()
    write_zip(part, pages)
    write_zip(tmp_path / f"{EXPORT}.zip", {f"{EXPORT}-Part-1.zip": part.getvalue()})
    doc = load_document(tmp_path / f"{EXPORT}.zip", "kb/export.zip")
    assert doc.title == "Notion export"
    crumbs = [c.breadcrumb for c in chunk_document(doc)]
    assert crumbs[:2] == ["Notion export › Handbook", "Notion export › Handbook › Principles"]
    assert "Notion export › Handbook › Onboarding › First week" in crumbs and crumbs[-1] == "Notion export › Travel"
    write_zip(tmp_path / "Team wiki.zip", pages)
    assert load_document(tmp_path / "Team wiki.zip", "wiki.zip").title == "Team wiki"


def locked(zip_bytes: bytes) -> bytes:
    """The zip with each entry marked encrypted, as a zip tool writes it for a password (Python writes none)."""
    data = bytearray(zip_bytes)
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            data[start + flags_at] |= 0x1
            start += 4
    return bytes(data)


def test_unreadable_zips_say_why(tmp_path):
    (tmp_path / "cut.zip").write_bytes(b"PK\x03\x04 cut short")
    with pytest.raises(LoadError, match=r"^not a readable zip \(BadZipFile\)$"):
        load_document(tmp_path / "cut.zip", "cut.zip")
    plain = io.BytesIO()
    write_zip(plain, notion_pages())
    (tmp_path / "locked.zip").write_bytes(locked(plain.getvalue()))
    with pytest.raises(LoadError, match="^the zip is password-protected"):
        load_document(tmp_path / "locked.zip", "locked.zip")
    write_zip(tmp_path / "photos.zip", {"team.jpg": "\xff\xd8"})
    with pytest.raises(LoadError, match="^no Markdown pages or CSV files in the zip"):
        load_document(tmp_path / "photos.zip", "photos.zip")


def test_csv_files_as_excel_and_google_sheets_save_them(tmp_path):
    (tmp_path / "outils.csv").write_bytes("Outil;Propriétaire;Statut\nCopilot;Équipe IT;Approuvé\n".encode("cp1252"))
    (tmp_path / "Tool owners.csv").write_text('Tool,Owner,Notes\nCopilot,IT,"Drafts, summaries\nand notes"\n')
    (tmp_path / "dump.csv").write_text(f'Tool,Notes\nCopilot,"{"x" * 200_000}"\n')
    (tmp_path / "header-only.csv").write_text("Tool,Owner\n")
    doc = load_document(tmp_path / "outils.csv", "outils.csv")
    assert doc.title == "Outils" and [u.text for u in units(doc.text)] == ["**Copilot** — Propriétaire: Équipe IT; "
                                                                           "Statut: Approuvé"]
    doc = load_document(tmp_path / "Tool owners.csv", "owners.csv")
    assert doc.title == "Tool owners"
    assert [u.text for u in units(doc.text)] == ["**Copilot** — Owner: IT; Notes: Drafts, summaries and notes"]
    with pytest.raises(LoadError, match="^not a readable CSV file \\(field larger than field limit"):
        load_document(tmp_path / "dump.csv", "dump.csv")
    with pytest.raises(LoadError, match="^the CSV file has no rows under its header row$"):
        load_document(tmp_path / "header-only.csv", "header-only.csv")


def confluence_page(space: str, title: str, crumbs: list[tuple[str, str]], content: str) -> str:
    items = "".join(f'<li><span><a href="{href}">{text}</a></span></li>' for href, text in crumbs)
    return (f'<!DOCTYPE html><html><head><title>{space} : {title}</title>'
            '<link rel="stylesheet" href="styles/site.css" type="text/css" /></head>'
            '<body class="theme-default aui-theme-default"><div id="page"><div id="main" class="aui-page-panel">'
            f'<div id="main-header"><div id="breadcrumb-section"><ol id="breadcrumbs">{items}</ol></div>'
            f'<h1 id="title-heading" class="pagetitle"><span id="title-text"> {space} : {title} </span></h1></div>'
            '<div id="content" class="view"><div class="page-metadata">Created by <span class="author"> Dana Lee'
            '</span>, last modified on Mar 03, 2025</div>'
            f'<div id="main-content" class="wiki-content group">{content}</div>'
            '<div class="pageSection group"><h2 id="attachments" class="pageSectionTitle">Attachments:</h2>'
            '<a href="attachments/65538/65539.pdf">checklist.pdf</a></div></div></div>'
            '<div id="footer" role="contentinfo"><section class="footer-body"><p>Document generated by Confluence '
            'on Mar 04, 2025 10:12</p></section></div></div></body></html>')


def make_confluence_export(folder):
    folder.mkdir()
    space = [("index.html", "AI Programme")]
    (folder / "index.html").write_text(confluence_page("AI Programme", "AI Programme", [], (
        '<h2>Available Pages:</h2><ul><li><a href="Onboarding_65538.html">Onboarding</a></li></ul>')))
    (folder / "Onboarding_65538.html").write_text(confluence_page("AI Programme", "Onboarding", space, (
        '<h1 id="Onboarding-Firstweek">First week</h1><p>Request access to the approved assistant on your '
        'first day.</p><h2 id="Onboarding-Training">Training</h2><p>Finish the prompt course in month one.</p>')))
    (folder / "First-prompts_65540.html").write_text(confluence_page(
        "AI Programme", "First prompts", [*space, ("Onboarding_65538.html", "Onboarding")],
        "<p>Start with a summary of a long email thread.</p>"))
    for extra in ("attachments/65538", "styles", "images/icons"):
        (folder / extra).mkdir(parents=True)
    (folder / "attachments/65538/65539.pdf").write_bytes(b"%PDF-1.4 an attachment, not a page")
    (folder / "styles/site.css").write_text("body { margin: 0 }")


def test_confluence_page_keeps_its_title_and_content_only(tmp_path):
    make_confluence_export(tmp_path / "space")
    doc = load_document(tmp_path / "space" / "Onboarding_65538.html", "kb/Onboarding_65538.html")
    chunks = chunk_document(doc)
    assert doc.title == "Onboarding"
    assert [(c.breadcrumb, c.text) for c in chunks] == [
        ("Onboarding › First week", "Request access to the approved assistant on your first day."),
        ("Onboarding › First week › Training", "Finish the prompt course in month one.")]


def test_discovery_leaves_out_what_is_not_a_page(tmp_path):
    make_confluence_export(tmp_path / "space")
    notion = tmp_path / "notion"
    for name, text in notion_pages().items():
        (notion / name).parent.mkdir(parents=True, exist_ok=True)
        (notion / name).write_text(text)
    files, _ = discover([tmp_path])
    assert sorted(f.relative_to(tmp_path).as_posix() for f in files) == [
        f"notion/Handbook {HANDBOOK}.md", f"notion/Handbook {HANDBOOK}/AI tools {TOOLS}/Copilot {COPILOT}.md",
        f"notion/Handbook {HANDBOOK}/AI tools {TOOLS}_all.csv",
        f"notion/Handbook {HANDBOOK}/Onboarding {ONBOARDING}.md",
        "space/First-prompts_65540.html", "space/Onboarding_65538.html"]
    onboarding = load_document(notion / f"Handbook {HANDBOOK}" / f"Onboarding {ONBOARDING}.md", "onboarding.md")
    assert onboarding.title == "Onboarding" and "Untitled.png" not in onboarding.text


def test_ingest_indexes_exports_and_names_the_unreadable_ones(fresh, tmp_path):
    folder = tmp_path / "kb"
    make_confluence_export(folder)
    write_zip(folder / f"{EXPORT}.zip", notion_pages(), folder=f"{EXPORT}/")
    (folder / "old-export.zip").write_bytes(b"PK\x03\x04 cut short")
    c = fresh()
    report = c.indexer.ingest([folder])
    assert sorted(p.rsplit("/", 1)[1] for p in report.added) == [
        f"{EXPORT}.zip", "First-prompts_65540.html", "Onboarding_65538.html"]
    assert [(p.rsplit("/", 1)[1], why) for p, why in report.failed] == [
        ("old-export.zip", "not a readable zip (BadZipFile)")]
    answer = c.answers.ask("Who owns ChatGPT?")
    assert answer.answered and "Legal" in answer.text
    assert answer.sources[0].path.endswith(f"{EXPORT}.zip") and answer.sources[0].section == "AI tools"
    answer = c.answers.ask("When should I finish the prompt course?")
    assert answer.answered and answer.sources[0].section == "First week › Training"
