"""What every source parser shares: CSV with forgiving headers, JSON or NDJSON rows, days and counts read
with errors that name the row and the field, and repeated (identity, tool, day) rows merged into one.

Rows are numbered from 1: in a CSV, row 1 is the first line under the header; in NDJSON, the line number; in
a JSON list, the position in that list."""

from __future__ import annotations

import csv
import gc
import io
import json
import math
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

from bot.adoption.records import Activity
from bot.errors import UserError

BOM = "\ufeff"


def text_of(text: str, expected: str) -> str:
    """The text without a byte-order mark; an empty file is an error that says what was expected."""
    text = text.lstrip(BOM)
    if not text.strip():
        raise UserError(f"The file is empty: expected {expected}.")
    return text


def key(name: str) -> str:
    """A header or JSON key as compared: case, spaces, underscores and hyphens ignored
    ("Last Activity Date", "last_activity_date" and "lastActivityDate" are the same)."""
    return name.strip().lstrip(BOM).lower().replace(" ", "").replace("_", "").replace("-", "")


def delimiter(header_line: str) -> str:
    """Comma, semicolon or tab: whichever the header line uses most (spreadsheets in some locales save with
    semicolons). Counting is simpler and more predictable than csv.Sniffer on one line."""
    return max(",;\t", key=header_line.count)


def read_csv(text: str, expected: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header as written and the data rows as (row number, cells); blank rows are skipped."""
    text = text_of(text, expected)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter(text.split("\n", 1)[0]))
    header = [h.strip() for h in next(reader)]

    def rows() -> Iterator[tuple[int, list[str]]]:
        for number, cells in enumerate(reader, start=1):
            if any(c.strip() for c in cells):
                yield number, cells

    return header, rows()


def find_column(header: list[str], *names: str) -> int | None:
    """The index of the first column whose name is one of ``names`` (compared with ``key``)."""
    keys = [key(h) for h in header]
    for name in names:
        if key(name) in keys:
            return keys.index(key(name))
    return None


def require_column(header: list[str], *names: str) -> int:
    index = find_column(header, *names)
    if index is None:
        found = ", ".join(h for h in header if h) or "none"
        raise UserError(f"The file has no {names[0]} column (columns found: {found}).")
    return index


def cell(cells: list[str], index: int | None) -> str:
    """The stripped cell at ``index``; "" when the column is absent or the row is short."""
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def parse_day(value: object, where: str) -> date:
    """A day from "YYYY-MM-DD" or an ISO 8601 / RFC 3339 time (then its UTC date)."""
    if isinstance(value, str):
        text = value.strip()
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            moment = None
        if moment is not None:
            if moment.tzinfo is not None:
                moment = moment.astimezone(UTC)
            return moment.date()
    raise UserError(f"{where}: {value!r} is not a date (expected YYYY-MM-DD).")


def optional_day(value: object, where: str) -> date | None:
    """None for an empty or absent date, else ``parse_day``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_day(value, where)


def parse_count(value: object, where: str) -> int | None:
    """A whole number of zero or more; None when empty or absent. "12.0" (spreadsheets) is 12."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    if isinstance(value, str):
        try:
            number = int(value)
        except ValueError:
            try:
                number = float(value)
            except ValueError:
                number = None
    if number is None or not math.isfinite(number) or number < 0 or number != int(number):
        raise UserError(f"{where}: {value!r} is not a count (a whole number, 0 or more).")
    return int(number)


def parse_flag(value: object, where: str) -> bool:
    """true/false as JSON or as a spreadsheet writes it (TRUE, yes, 1); empty is false."""
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    text = str(value).strip().lower()
    if text in ("true", "yes", "y", "1", "t"):
        return True
    if text in ("false", "no", "n", "0", "f", ""):
        return False
    raise UserError(f"{where}: {value!r} is not true or false.")


def load_json(text: str, expected: str) -> object:
    """One JSON document; the error says where it breaks."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(f"The file is not valid JSON ({exc.msg} at line {exc.lineno}); expected {expected}.") from None


def json_rows(text: str, expected: str, list_keys: tuple[str, ...]) -> tuple[dict, Iterator[tuple[str, dict]]]:
    """The rows of a JSON document (a list, or an object holding the list under one of ``list_keys``) or of
    NDJSON (one object a line). Returns the enclosing object ({} for a list or NDJSON; a lone object is both
    the enclosing object and the one row) and the rows as (label, row): "row N" in a list, "line N" in NDJSON."""
    text = text_of(text, expected)
    stripped = text.lstrip()
    document: object
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        if not stripped.startswith("{"):
            raise UserError(f"The file is neither JSON nor NDJSON; expected {expected}.") from None
        return {}, _ndjson_rows(text, expected)
    if isinstance(document, list):
        return {}, _list_rows(document, "row")
    if isinstance(document, dict):
        for name in list_keys:
            if name in document:
                rows = document[name]
                if not isinstance(rows, list):
                    raise UserError(f"The file's {name!r} is not a list; expected {expected}.")
                return document, _list_rows(rows, "row")
        return document, _list_rows([document], "row")  # one object: a single row (or a shape to explain)
    raise UserError(f"The file holds a JSON {type(document).__name__}; expected {expected}.")


def _list_rows(rows: list, word: str) -> Iterator[tuple[str, dict]]:
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise UserError(f"{word} {number}: expected a JSON object, found {type(row).__name__}.")
        yield f"{word} {number}", row


def _ndjson_rows(text: str, expected: str) -> Iterator[tuple[str, dict]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UserError(f"line {number}: not valid JSON ({exc.msg}); expected {expected}.") from None
        if not isinstance(row, dict):
            raise UserError(f"line {number}: expected a JSON object, found {type(row).__name__}.")
        yield f"line {number}", row


def merge(activities: Iterable[Activity]) -> list[Activity]:
    """One activity per (identity, tool, day), in first-seen order; counts of repeats are added (an unknown
    count adds nothing; the sum is unknown only when every count is)."""
    merged: dict[tuple, Activity] = {}
    for activity in activities:
        k = (activity.identity, activity.tool, activity.day)
        earlier = merged.get(k)
        if earlier is None:
            merged[k] = activity
        elif activity.count is not None:
            total = activity.count if earlier.count is None else earlier.count + activity.count
            merged[k] = earlier._replace(count=total)
    return list(merged.values())


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of small acyclic objects are made: each ``Activity`` (a
    tuple subclass) stays tracked, and the repeated full collections over them cost more than the parse."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
