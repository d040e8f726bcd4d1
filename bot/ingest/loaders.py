"""Read Markdown, plain text, HTML, PDF, Word, PowerPoint, Excel and CSV files, and Notion export zips, into one
shape: Markdown text plus metadata. Office files: bot/ingest/office.py; the exports: bot/ingest/exports.py."""

from __future__ import annotations

import csv
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
from bs4 import BeautifulSoup
from markdownify import markdownify

# pypdf logs what it finds wrong in a damaged file ("EOF marker not found") as warnings on stderr; the ingest
# report already names every file it could not read, and why, so only pypdf's errors get through.
logging.getLogger("pypdf").setLevel(logging.ERROR)

SUPPORTED = {".md": "markdown", ".markdown": "markdown", ".txt": "text", ".html": "html", ".htm": "html",
             ".pdf": "pdf", ".docx": "office", ".pptx": "office", ".xlsx": "office", ".csv": "csv", ".zip": "zip"}
# Notion ends each exported page's file and folder name with the page's id: "Onboarding 1f0c…9a2b.md", and a
# database's table of every row with "_all": "AI tools 2b7e…41cd_all.csv".
NOTION_ID = re.compile(r"\s+[0-9a-fA-F]{32}(_all)?$")


class LoadError(Exception):
    """A file we cannot read; ingestion reports it and carries on with the rest."""


@dataclass
class SourceDocument:
    path: str
    title: str
    text: str  # Markdown (headings with #) or plain text
    topic: str | None = None
    audience: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def title_from_name(path: Path) -> str:
    name = re.sub(r"[-_]+", " ", NOTION_ID.sub("", path.stem)).strip()
    return name[:1].upper() + name[1:] or path.name


def _first_heading(text: str) -> str | None:
    match = re.search(r"^#\s+(.+?)\s*#*\s*$", text, flags=re.MULTILINE)
    return match.group(1).strip() if match else None


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v) for v in value]


def load_markdown(path: Path, key: str) -> SourceDocument:
    try:
        post = frontmatter.loads(path.read_text(encoding="utf-8", errors="replace"))
    except Exception as exc:  # malformed front matter
        raise LoadError(f"front matter is not valid YAML ({exc.__class__.__name__})") from exc
    meta = post.metadata or {}
    if NOTION_ID.search(path.stem):  # a page of an unzipped Notion export
        from bot.ingest.exports import notion_markdown

        post.content = notion_markdown(post.content)
    title = str(meta.get("title") or _first_heading(post.content) or title_from_name(path))
    return SourceDocument(path=key, title=title, text=post.content, topic=meta.get("topic"),
                          audience=_as_list(meta.get("audience")), tags=_as_list(meta.get("tags")))


def load_text(path: Path, key: str) -> SourceDocument:
    text = path.read_text(encoding="utf-8", errors="replace")
    return SourceDocument(path=key, title=title_from_name(path), text=text)


def load_html(path: Path, key: str) -> SourceDocument:
    from bot.ingest.exports import confluence_page

    soup = BeautifulSoup(path.read_bytes(), "html.parser")
    for tag in soup(["script", "style", "nav", "footer", "noscript"]):
        tag.decompose()
    title = soup.title.get_text(strip=True) if soup.title else None
    body = soup.body or soup
    if page := confluence_page(soup):  # a page of a Confluence space export: its title and its content only
        title, body = page
    text = markdownify(str(body), heading_style="ATX", strip=["img"])
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return SourceDocument(path=key, title=title or _first_heading(text) or title_from_name(path), text=text)


def load_pdf(path: Path, key: str) -> SourceDocument:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        meta_title = (reader.metadata.title if reader.metadata else None) or None
    except (PdfReadError, OSError, ValueError) as exc:
        raise LoadError(f"not a readable PDF ({exc.__class__.__name__})") from exc
    # PDFs carry no reliable heading structure, so each page becomes a section: citations say "page N".
    text = "\n\n".join(f"## Page {n}\n\n{body}" for n, body in enumerate(pages, start=1) if body)
    if not text:
        raise LoadError("the PDF has no extractable text (scanned images need OCR first)")
    return SourceDocument(path=key, title=str(meta_title or title_from_name(path)), text=text)


def load_csv(path: Path, key: str) -> SourceDocument:
    from bot.ingest.tables import csv_table

    try:
        text = csv_table(path.read_bytes())
    except csv.Error as exc:  # e.g. a field over the csv module's size limit
        raise LoadError(f"not a readable CSV file ({exc})") from exc
    if not text:
        raise LoadError("the CSV file has no rows under its header row")
    return SourceDocument(path=key, title=title_from_name(path), text=text)


def load_office(path: Path, key: str) -> SourceDocument:
    # python-docx, python-pptx and openpyxl load only when such a file comes
    from bot.ingest import office

    return office.LOADERS[path.suffix.lower()](path, key)


def load_zip(path: Path, key: str) -> SourceDocument:
    from bot.ingest.exports import notion_zip_document

    return notion_zip_document(path, key)


_LOADERS = {"markdown": load_markdown, "text": load_text, "html": load_html, "pdf": load_pdf, "csv": load_csv,
            "office": load_office, "zip": load_zip}


def load_document(path: Path, key: str) -> SourceDocument:
    kind = SUPPORTED.get(path.suffix.lower())
    if kind is None:
        raise LoadError(f"unsupported file type {path.suffix or '(none)'}")
    try:
        return _LOADERS[kind](path, key)
    except UnicodeDecodeError as exc:
        raise LoadError("not valid UTF-8 text") from exc
