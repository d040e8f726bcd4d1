"""The one way the bot writes CSV: the stdlib writer, with every cell a spreadsheet could run as a formula
neutralised (OWASP, "CSV Injection").

People's own words end up in these files (survey comments, an audit's role names and metrics), and a cell
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by Excel, LibreOffice and Google
Sheets as a formula (``=HYPERLINK(…)``, ``+cmd|…``, ``@SUM(…)``). Such a text cell gets a leading single quote,
which the spreadsheet shows as text. Numbers stay numbers: ints and floats as they are, and text that is
just a number (``-3.5``, ``+2``, ``-1e-3``), which no spreadsheet runs as a formula.

Line breaks inside a cell are written as ``\n``: the stdlib writer (with ``\n`` line ends) would leave a cell
holding a bare ``\r`` unquoted, and a spreadsheet would start a new row there."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralise(value: object) -> object:
    """The cell as a spreadsheet may safely read it: text that would start a formula gets a leading "'"."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def _cell(value: object) -> object:
    value = neutralise(value)
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


class SafeWriter:
    """``csv.writer`` whose rows are neutralised cell by cell (``\\n`` line ends, as every export uses)."""

    def __init__(self, out):
        self._writer = csv.writer(out, lineterminator="\n")

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def to_csv(header: Sequence[str], rows: Iterable[Iterable[object]]) -> str:
    """A header and rows (sequences of cells) as CSV text."""
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def dicts_to_csv(columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> str:
    """Rows as mappings, written in ``columns`` order (a missing key is an empty cell, an unknown key an error,
    as with ``csv.DictWriter``)."""
    def cells(row: Mapping[str, object]) -> list[object]:
        unknown = set(row) - set(columns)
        if unknown:
            raise ValueError(f"Keys not in the CSV columns: {', '.join(sorted(map(str, unknown)))}")
        return [row.get(c, "") for c in columns]

    return to_csv(columns, (cells(row) for row in rows))
