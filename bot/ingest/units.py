"""Sentences, list items and table rows of a passage: the units that are embedded one by one and quoted.

Hand-written because no library splits Markdown this way: list items and table rows must stay whole
(a table row becomes one readable line), and a sentence splitter must not break on "e.g." or "vs.".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    intro: bool  # ends with ":" and introduces a list


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


def _table_rows(lines: list[str]) -> list[str]:
    cells = [[c.strip() for c in line.strip().strip("|").split("|")] for line in lines
             if not _TABLE_SEP.match(line)]
    if len(cells) < 2:
        return [" ".join(c for c in cells[0] if c)] if cells else []
    header, rows = cells[0], cells[1:]
    out = []
    for row in rows:
        pairs = [f"{h.lower()}: {v}" for h, v in zip(header[1:], row[1:]) if v]
        out.append(f"{row[0]} — {'; '.join(pairs)}." if pairs else row[0])
    return out


def units(chunk_text: str) -> list[Unit]:
    """Sentences, list items and table rows of a chunk, in order."""
    out: list[Unit] = []
    blocks = re.split(r"\n\s*\n", chunk_text.strip())
    for block in blocks:
        lines = [ln for ln in block.splitlines() if ln.strip()]
        if not lines:
            continue
        if all(ln.strip().startswith("|") for ln in lines):
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
