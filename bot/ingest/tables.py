"""Rows of a spreadsheet or CSV file as Markdown tables, the shape bot.ingest.units reads row by row."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, time

# A long sheet becomes several tables of about this many characters, each under its header row: the chunker
# (COACH_CHUNK_SIZE, 1,200 by default) then cuts between tables, so every row is quoted with its column names
# ("**Copilot** — Owner: IT; Status: Approved") instead of losing them in the chunks after the first.
BLOCK_CHARS = 900


def cell_text(value: object, number_format: str = "General") -> str:
    """One cell as the reader sees it: dates without midnight, percentages as percentages, one line."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        if "%" in number_format:
            return f"{value * 100:.15g}%"
        return str(value) if isinstance(value, int) else f"{value:.15g}"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, (date, time)):
        return value.isoformat()
    # "|" would split the cell in two, a line break would end the row, and PostgreSQL refuses NUL in text.
    return re.sub(r"[\s\x00]+", " ", str(value)).replace("|", "/").strip()


def markdown_tables(rows: list[list[str]], block_chars: int = BLOCK_CHARS) -> str:
    """``rows`` (the first non-empty one is the header) as Markdown tables of about ``block_chars`` each, blank
    rows dropped; "" when there is no data row under the header."""
    rows = [row for row in rows if any(cell for cell in row)]
    if len(rows) < 2:
        return ""
    width = max(max((i + 1 for i, cell in enumerate(row) if cell), default=0) for row in rows)

    def line(row: list[str]) -> str:
        cells = (list(row) + [""] * width)[:width]
        return "| " + " | ".join(cells) + " |"

    head = f"{line(rows[0])}\n|{'---|' * width}"
    tables: list[list[str]] = []
    size = 0
    for row in rows[1:]:
        text = line(row)
        if not tables or size + len(text) > block_chars:
            tables.append([head])
            size = len(head)
        tables[-1].append(text)
        size += len(text) + 1
    return "\n\n".join("\n".join(table) for table in tables)


def csv_table(raw: bytes) -> str:
    """A CSV file's rows as Markdown tables. UTF-8 (Notion, Google Sheets) or, failing that, Windows-1252 (Excel's
    "CSV" on Windows); commas, or the semicolons or tabs of Excel in other locales."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:  # one column, or too few rows to tell
        dialect = csv.excel
    return markdown_tables([[cell_text(cell) for cell in row] for row in csv.reader(io.StringIO(text, newline=""), dialect)])
