"""Sentences, list items and table rows of a passage: the units that are embedded one by one and quoted.

Hand-written because no library splits Markdown this way: list items and table rows must stay whole
(a table row becomes one readable line), and a sentence splitter must not break on "e.g." or "vs.".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import zip_longest

_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_ABBREV = re.compile(r"\b(e\.g|i\.e|vs|etc|approx|incl|Dr|Mr|Ms|No)\.$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”')\]]?\s+(?=[\"“(\[]?[A-Z0-9*_`])")


@dataclass(frozen=True)
class Unit:
    text: str  # plain Markdown inline text
    kind: str  # "sentence", "bullet", "row"
    position: int  # order within the chunk
    lead: bool  # first unit of its paragraph or the chunk's first sentence
    intro: bool  # introduces a list or a table: ends with ":" or comes right before a table


def split_sentences(paragraph: str) -> list[str]:
    parts: list[str] = []
    buf = ""
    for piece in _SENTENCE_END.split(paragraph):
        buf = f"{buf} {piece}".strip() if buf else piece.strip()
        if not _ABBREV.search(buf):
            parts.append(buf)
            buf = ""
    if buf:
        parts.append(buf)
    return [p for p in parts if p]


def _is_row(line: str) -> bool:
    return line.lstrip().startswith("|")


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _table_rows(lines: list[str]) -> list[str]:
    """One readable line per data row, each cell named by its column header.

    "| Analyst | Number of reports | Accuracy of decisions |" under "| Role | Old metric | New metric |"
    becomes "**Analyst** — Old metric: Number of reports; New metric: Accuracy of decisions"; a two-column
    row becomes "**Label**: value". A table split across chunks has no header (no separator in the second
    line) in its later chunks: those rows keep their cells in order.
    """
    has_header = len(lines) > 1 and bool(_TABLE_SEP.match(lines[1]))
    rows = [_cells(line) for line in lines if not _TABLE_SEP.match(line)]
    header, rows = (rows[0][1:], rows[1:]) if has_header else ([], rows)
    out = []
    for label, *values in rows:
        if len(values) == 1:
            pairs, joiner = [v for v in values if v], ": "
        else:
            pairs = [f"{name}: {value}" if name else value
                     for name, value in zip_longest(header, values, fillvalue="") if value]
            joiner = " — "
        lead = f"**{label}**" if label and "**" not in label else label
        out.append(joiner.join(part for part in (lead, "; ".join(pairs)) if part))
    return [r for r in out if r]


def _blocks(chunk_text: str) -> list[list[str]]:
    """Paragraphs, list runs and tables, each as its non-empty lines.

    A blank line ends a paragraph (bot.ingest.chunking restores the blank lines MarkdownHeaderTextSplitter
    turns into "  \\n"). A run of lines starting with "|" is a table wherever it appears.
    """
    blocks: list[list[str]] = []
    for paragraph in re.split(r"\n\s*\n", chunk_text.strip()):
        current: list[str] = []
        for line in paragraph.splitlines():
            if not line.strip():
                continue
            if current and _is_row(line) != _is_row(current[-1]):
                blocks.append(current)
                current = []
            current.append(line.rstrip())
        if current:
            blocks.append(current)
    return blocks


def units(chunk_text: str) -> list[Unit]:
    """Sentences, list items and table rows of a chunk, in order."""
    out: list[Unit] = []
    for lines in _blocks(chunk_text):
        if _is_row(lines[0]):
            if out and out[-1].kind == "sentence":  # the sentence before a table introduces its rows
                out[-1] = replace(out[-1], intro=True)
            for row in _table_rows(lines):
                out.append(Unit(row, "row", len(out), False, False))
            continue
        paragraph: list[str] = []

        def flush():
            if paragraph:
                for i, sentence in enumerate(split_sentences(" ".join(paragraph))):
                    out.append(Unit(sentence, "sentence", len(out), i == 0, sentence.endswith(":")))
                paragraph.clear()

        for line in lines:
            if _BULLET.match(line):
                flush()
                item = _BULLET.sub("", line).strip()
                out.append(Unit(item, "bullet", len(out), False, item.endswith(":")))
            elif out and out[-1].kind == "bullet" and line.startswith((" ", "\t")) and not paragraph:
                prev = out.pop()  # continuation line of a list item
                out.append(Unit(f"{prev.text} {line.strip()}", "bullet", prev.position, False, prev.intro))
            else:
                paragraph.append(line.strip())
        flush()
    return out


def plain(markdown_inline: str) -> str:
    """Inline Markdown without its markup (for terminals and lexical matching)."""
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", markdown_inline)
    return re.sub(r"(\*\*|__|`)", "", text)
