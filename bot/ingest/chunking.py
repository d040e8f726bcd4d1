"""Heading-aware chunking that keeps the breadcrumb (document › section › subsection) with each chunk."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from langchain_text_splitters import (
    MarkdownHeaderTextSplitter,
    RecursiveCharacterTextSplitter,
)

from bot.ingest.loaders import SourceDocument
from bot.ingest.units import plain, units

CHUNKER_VERSION = "8"  # bump when chunking or what is embedded changes: every chunk is then re-embedded
SEPARATOR = " › "
_HEADERS = [("#", "h1"), ("##", "h2"), ("###", "h3")]
# A section's own list of the questions it answers, hidden from readers of the rendered Markdown:
#   <!-- questions
#   - how can we tell the pilot worked?
#   -->
_QUESTIONS = re.compile(r"<!--\s*questions\b(.*?)-->", re.DOTALL)
MAX_QUESTION_CHARS = 300


@dataclass(frozen=True)
class ChunkDraft:
    id: str
    ordinal: int
    breadcrumb: str
    text: str

    @property
    def embedding_text(self) -> str:
        """What the dense index embeds: the section path and the text, without the document title.

        Every chunk of a document shares its title, so embedding it makes a document's sections look
        alike; leaving it out measurably improved Recall@3 on tests/qa (BM25 still sees the title).
        """
        return f"{self.section_path}\n{self.text}"

    @property
    def section_path(self) -> str:
        parts = self.breadcrumb.split(SEPARATOR, 1)
        return parts[1] if len(parts) > 1 else parts[0]

    def unit_texts(self) -> list[tuple[str, str]]:
        """(unit id, text to embed) for each sentence, list item and table row, prefixed by the section.

        A question usually targets one sentence of a section; scoring a section by its best sentence as
        well as by its whole text raised Recall@3 on tests/qa, and the same vectors pick the sentences
        an answer quotes. Unit ids are ``<chunk id>#<position>`` as numbered by ``units()``.
        """
        return [(f"{self.id}#{u.position}", f"{self.section_path}: {plain(u.text)}") for u in units(self.text)]


def _chunk_id(path: str, breadcrumb: str, text: str, seen: dict[str, int]) -> str:
    # Content-addressed ids: an edit re-embeds only the chunks whose text or heading changed, and a new
    # CHUNKER_VERSION (a change in what is embedded) gives every chunk a new id, so all are re-embedded.
    key = f"{CHUNKER_VERSION}\x00{path}\x00{breadcrumb}\x00{text}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    seen[digest] = seen.get(digest, 0) + 1
    return digest if seen[digest] == 1 else f"{digest}-{seen[digest]}"


def anchor(heading: str) -> str:
    """The section's anchor as GitHub renders it ("Success criteria (pilot)" -> "success-criteria-pilot"), so
    `PATH#ANCHOR` in `coach teach` is what a reader copies from the rendered page. Hand-written: one line of
    GitHub's rule, which slug libraries (made for URLs) do not follow."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def breadcrumb_anchor(breadcrumb: str) -> str:
    """The anchor of the section a chunk's breadcrumb ends in (its last heading)."""
    return anchor(breadcrumb.split(SEPARATOR)[-1])


@dataclass(frozen=True)
class Section:
    breadcrumb: str
    anchor: str
    body: str  # without its questions block
    questions: tuple[str, ...]  # the questions the section says it answers (its `<!-- questions -->` block)


def sections(doc: SourceDocument) -> list[Section]:
    """A document's sections in order: each heading with its text (empty ones dropped) and its questions."""
    header_splitter = MarkdownHeaderTextSplitter(headers_to_split_on=_HEADERS, strip_headers=True)
    out: list[Section] = []
    for section in header_splitter.split_text(doc.text):
        # The header splitter joins a section's paragraphs with "  \n": restore the blank lines, so long
        # sections are split between paragraphs and tables stay blocks of their own.
        body = section.page_content.replace("  \n", "\n\n")
        questions = tuple(q for block in _QUESTIONS.findall(body) for q in _question_lines(block))
        body = _QUESTIONS.sub("", body).strip()
        if not body:
            continue
        trail = [doc.title]
        for key in ("h1", "h2", "h3"):
            heading = section.metadata.get(key)
            if heading and heading.strip().lower() != doc.title.strip().lower():
                trail.append(heading.strip())
        breadcrumb = SEPARATOR.join(trail)
        out.append(Section(breadcrumb, breadcrumb_anchor(breadcrumb), body, questions))
    return out


def _question_lines(block: str) -> list[str]:
    lines = (" ".join(line.strip().removeprefix("- ").split()) for line in block.replace("\n\n", "\n").splitlines())
    return [q[:MAX_QUESTION_CHARS] for q in lines if q]


def chunk_document(doc: SourceDocument, chunk_size: int = 1200, chunk_overlap: int = 150,
                   parsed: list[Section] | None = None) -> list[ChunkDraft]:
    """``parsed``: the document's sections, when the caller has split it already (the indexer reads their
    questions too)."""
    size_splitter = RecursiveCharacterTextSplitter(chunk_size=chunk_size,
                                                   chunk_overlap=min(chunk_overlap, chunk_size // 2),
                                                   separators=["\n\n", "\n", ". ", " ", ""])
    drafts: list[ChunkDraft] = []
    seen: dict[str, int] = {}
    for section in parsed if parsed is not None else sections(doc):
        breadcrumb = section.breadcrumb
        for piece in size_splitter.split_text(section.body):
            piece = piece.strip()
            if piece:
                drafts.append(ChunkDraft(_chunk_id(doc.path, breadcrumb, piece, seen), len(drafts),
                                         breadcrumb, piece))
    return drafts
