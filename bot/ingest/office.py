"""Word, PowerPoint and Excel files as Markdown: headings stay sections, each slide and each sheet a section.

The files are read with python-docx, python-pptx and openpyxl rather than markitdown[docx,pptx,xlsx]. Both
work offline, but markitdown adds pandas, magika and mammoth (about 90 MB more than the three readers' 25 MB),
its DOCX path (mammoth, after its own rewrite of the XML) failed on a file python-docx wrote ("Could not find
the body element"), and its sheets print empty cells as "NaN". Reading the styles and placeholders ourselves
also decides what becomes a section: Word's heading styles, a slide's title, a sheet's name.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bot.ingest.loaders import LoadError, SourceDocument, title_from_name
from bot.ingest.tables import cell_text, markdown_tables

MAX_SHEET_ROWS = 5000  # a sheet longer than this is data to analyse, not a page to quote from


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _heading(level: int, text: str) -> str:
    # The chunker splits on #, ## and ###: deeper headings start sections at the third level.
    return f"{'#' * min(max(level, 1), 3)} {text}"


def _plain(text: str) -> str:
    """A paragraph that cannot be read as a heading or a table row."""
    return f"\\{text}" if text.startswith(("#", "|")) else text


def _table(rows: list[list[str]]) -> str:
    """A table with its first row as the header; a one-row table (a boxed note) as its cells' text."""
    return markdown_tables(rows) or "\n\n".join(cell for row in rows for cell in row if cell)


def _not_a_package(path: Path, what: str) -> str:
    """Why ``path`` is not a zip package: Office saves a password-protected file as an OLE container."""
    import olefile

    try:
        if olefile.isOleFile(str(path)):
            with olefile.OleFileIO(str(path)) as ole:
                if ole.exists("EncryptionInfo"):
                    return "password-protected: save a copy without a password to ingest it"
            return f"an old binary Office file under a new name: save it as a {what}"
    except OSError:
        pass
    return f"not a readable {what} (not a zip package)"


def _convert(path: Path, key: str, what: str, convert: Callable[[Path], tuple[str | None, str]]) -> SourceDocument:
    if not zipfile.is_zipfile(path):
        raise LoadError(_not_a_package(path, what))
    try:
        title, text = convert(path)
    except LoadError:
        raise
    except Exception as exc:  # a damaged package fails in the XML parser, the zip reader or the library itself
        raise LoadError(f"not a readable {what} ({exc.__class__.__name__})") from exc
    if not text.strip():
        raise LoadError(f"the {what} has no text")
    return SourceDocument(path=key, title=title or title_from_name(path), text=text)


# --- Word ---------------------------------------------------------------------------------------------------

def _style_names(style) -> Iterator[str]:
    """The paragraph's style and the styles it is based on (a custom "Chapter" style based on "Heading 1")."""
    while style is not None:
        yield (style.name or "").lower()
        style = style.base_style


def _docx(path: Path) -> tuple[str | None, str]:
    from docx import Document
    from docx.table import Table

    document = Document(str(path))
    title = _one_line(document.core_properties.title or "") or None
    blocks: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            blocks.append(_table([[cell_text(cell.text) for cell in row.cells] for row in block.rows]))
            continue
        text = _one_line(block.text)
        if not text:
            continue
        names = list(_style_names(block.style))
        level = next((int(m.group(1)) for n in names if (m := re.fullmatch(r"heading (\d)", n))), None)
        if "title" in names:
            title = title or text
            blocks.append(_heading(1, text))
        elif level is not None:
            blocks.append(_heading(level, text))
        elif any(n.startswith("list") for n in names):
            blocks.append(f"- {text}")
        else:
            blocks.append(_plain(text))
    # List items stay together as one list; everything else is a paragraph of its own.
    text = ""
    for previous, block in zip(["", *blocks], blocks):
        text += ("\n" if previous.startswith("- ") and block.startswith("- ") else "\n\n") + block
    return title, text.strip()


def docx_document(path: Path, key: str) -> SourceDocument:
    return _convert(path, key, "Word document (.docx)", _docx)


# --- PowerPoint ---------------------------------------------------------------------------------------------

def _shape_blocks(shape: Any) -> list[str]:
    from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER

    if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
        return [b for inner in _reading_order(shape.shapes) for b in _shape_blocks(inner)]
    if shape.has_table:
        return [_table([[cell_text(cell.text) for cell in row.cells] for row in shape.table.rows])]
    if not shape.has_text_frame:
        return []  # pictures, charts, media
    kind = shape.placeholder_format.type if shape.is_placeholder else None
    if kind in (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.HEADER):
        return []
    bullets = kind in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.VERTICAL_BODY)
    paragraphs = [(p.level, _one_line(p.text)) for p in shape.text_frame.paragraphs]
    if bullets:
        return ["\n".join(f"{'  ' * level}- {text}" for level, text in paragraphs if text)]
    return [_plain(text) for _, text in paragraphs if text]


def _reading_order(shapes) -> list:
    return sorted(shapes, key=lambda s: (s.top or 0, s.left or 0))


def _pptx(path: Path) -> tuple[str | None, str]:
    from pptx import Presentation

    deck = Presentation(str(path))
    first_title = None
    slides: list[str] = []
    for number, slide in enumerate(deck.slides, start=1):
        title_shape = slide.shapes.title
        title = _one_line(title_shape.text_frame.text) if title_shape is not None else ""
        first_title = first_title or title or None
        # The slide's number in the heading: a citation then says where to look in the deck.
        parts = [_heading(1, f"Slide {number}: {title}" if title else f"Slide {number}")]
        parts += [b for shape in _reading_order(slide.shapes)
                  if title_shape is None or shape.shape_id != title_shape.shape_id for b in _shape_blocks(shape)]
        if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
            notes = [_one_line(p.text) for p in slide.notes_slide.notes_text_frame.paragraphs]
            notes = [n for n in notes if n]
            if notes:
                parts.append(_plain(f"Speaker notes: {notes[0]}"))
                parts += [_plain(n) for n in notes[1:]]
        slides.append("\n\n".join(p for p in parts if p))
    return _one_line(deck.core_properties.title or "") or first_title, "\n\n".join(slides)


def pptx_document(path: Path, key: str) -> SourceDocument:
    return _convert(path, key, "PowerPoint deck (.pptx)", _pptx)


# --- Excel --------------------------------------------------------------------------------------------------

def _xlsx(path: Path) -> tuple[str | None, str]:
    from openpyxl import load_workbook

    # data_only: a formula's last computed value (what Excel shows), not the formula.
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheets: list[str] = []
        for sheet in book.worksheets:
            if sheet.sheet_state != "visible":
                continue
            sheet.reset_dimensions()  # some writers store a wrong size ("A1"): read the rows that are there
            rows: list[list[str]] = []
            for row in sheet.iter_rows():
                cells = [cell_text(c.value, getattr(c, "number_format", None) or "General") for c in row]
                if any(cells):
                    rows.append(cells)
                if len(rows) > MAX_SHEET_ROWS:
                    raise LoadError(f"the sheet {sheet.title!r} has more than {MAX_SHEET_ROWS:,} rows: ingest a "
                                    "shorter summary of it")
            table = markdown_tables(rows)
            if table:
                sheets.append(f"{_heading(1, sheet.title)}\n\n{table}")
        return _one_line(book.properties.title or "") or None, "\n\n".join(sheets)
    finally:
        book.close()


def xlsx_document(path: Path, key: str) -> SourceDocument:
    return _convert(path, key, "Excel workbook (.xlsx)", _xlsx)


LOADERS = {".docx": docx_document, ".pptx": pptx_document, ".xlsx": xlsx_document}
