"""Read Markdown, plain text, HTML and PDF files into one shape: Markdown text plus metadata."""

from __future__ import annotations

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
             ".pdf": "pdf"}


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


def _title_from_name(path: Path) -> str:
    return re.sub(r"[-_]+", " ", path.stem).strip().capitalize() or path.name


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
    title = str(meta.get("title") or _first_heading(post.content) or _title_from_name(path))
    return SourceDocument(path=key, title=title, text=post.content, topic=meta.get("topic"),
                          audience=_as_list(meta.get("audience")), tags=_as_list(meta.get("tags")))


def load_text(path: Path, key: str) -> SourceDocument:
    text = path.read_text(encoding="utf-8", errors="replace")
    return SourceDocument(path=key, title=_title_from_name(path), text=text)


def load_html(path: Path, key: str) -> SourceDocument:
    soup = BeautifulSoup(path.read_bytes(), "html.parser")
    for tag in soup(["script", "style", "nav", "footer", "noscript"]):
        tag.decompose()
    title = soup.title.get_text(strip=True) if soup.title else None
    body = soup.body or soup
    text = markdownify(str(body), heading_style="ATX", strip=["img"])
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return SourceDocument(path=key, title=title or _first_heading(text) or _title_from_name(path), text=text)


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
    return SourceDocument(path=key, title=str(meta_title or _title_from_name(path)), text=text)


_LOADERS = {"markdown": load_markdown, "text": load_text, "html": load_html, "pdf": load_pdf}


def load_document(path: Path, key: str) -> SourceDocument:
    kind = SUPPORTED.get(path.suffix.lower())
    if kind is None:
        raise LoadError(f"unsupported file type {path.suffix or '(none)'}")
    try:
        return _LOADERS[kind](path, key)
    except UnicodeDecodeError as exc:
        raise LoadError("not valid UTF-8 text") from exc
