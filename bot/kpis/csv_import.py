"""`coach kpi import FILE.csv`: every row is checked first; one bad row and nothing is imported.

Columns (header row, any order): kpi, period, value (required); scope (organisation, department, team, or
department:NAME), scope_name, note (optional). Comma, semicolon or tab separated; UTF-8 (with or without BOM)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from bot.errors import UserError
from bot.kpis.catalog import Catalog
from bot.kpis.measurements import Entry, check_entry
from bot.kpis.scopes import make_scope, parse_scope

REQUIRED = ("kpi", "period", "value")
OPTIONAL = ("scope", "scope_name", "note")
MAX_ROWS = 20_000
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


@dataclass(frozen=True)
class RowError:
    line: int  # line in the file (the header is line 1)
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class ImportRejected(UserError):
    """The file has errors; nothing was imported."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(f"Nothing imported: {len(errors)} problem(s) in the file, first {errors[0]}.")


def _value(raw: str) -> float:
    text = raw.strip().removesuffix("%").strip().replace("\u2212", "-")
    if not _NUMBER.match(text):
        raise UserError(f"value {raw.strip()!r} is not a number (use a dot for decimals, e.g. 62.5)")
    return float(text)


def _dialect(sample: str):
    try:
        return csv.Sniffer().sniff(sample.splitlines()[0] if sample else "", delimiters=",;\t")
    except csv.Error:
        return csv.excel


def parse_csv(text: str, catalog: Catalog) -> tuple[list[Entry], list[RowError]]:
    """Checked entries and the problems found; entries are only usable when there are no problems."""
    if not text.strip():
        return [], [RowError(1, "the file is empty; the first line must name the columns "
                                f"({', '.join(REQUIRED)}, optionally {', '.join(OPTIONAL)})")]
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), _dialect(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in next(reader)]
    unknown = [h for h in header if h not in REQUIRED + OPTIONAL]
    missing = [h for h in REQUIRED if h not in header]
    if unknown or missing or len(set(header)) != len(header):
        parts = []
        if missing:
            parts.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            parts.append(f"unknown column(s) {', '.join(unknown)}")
        if len(set(header)) != len(header):
            parts.append("a column appears twice")
        return [], [RowError(1, "; ".join(parts) + f" (expected {', '.join(REQUIRED + OPTIONAL)})")]
    entries: list[Entry] = []
    errors: list[RowError] = []
    seen: dict[tuple, int] = {}
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(entries) + len(errors) >= MAX_ROWS:
            errors.append(RowError(line, f"more than {MAX_ROWS} rows; split the file"))
            break
        if len(cells) != len(header):
            errors.append(RowError(line, f"{len(cells)} fields where the header has {len(header)}"))
            continue
        row = dict(zip(header, cells))
        try:
            raw_scope = (row.get("scope") or "").strip()
            if ":" in raw_scope:
                if (row.get("scope_name") or "").strip():
                    raise UserError("give the name either in scope (department:Sales) or in scope_name, not both")
                scope = parse_scope(raw_scope)
            else:
                scope = make_scope(raw_scope or None, row.get("scope_name"))
            entry = check_entry(catalog, row["kpi"].strip(), scope, row["period"], _value(row["value"]),
                                row.get("note") or "")
        except UserError as exc:
            errors.append(RowError(line, str(exc)))
            continue
        key = (entry.kpi.key, entry.scope, entry.period.label)
        if key in seen:
            errors.append(RowError(line, f"the same KPI, scope and period as line {seen[key]}"))
            continue
        seen[key] = line
        entries.append(entry)
    if not entries and not errors:
        errors.append(RowError(2, "no data rows under the header"))
    return entries, errors


def import_csv(text: str, catalog: Catalog, store) -> tuple[int, int]:
    """Check every row, then store all of them in one transaction; ImportRejected lists every problem."""
    entries, errors = parse_csv(text, catalog)
    if errors:
        raise ImportRejected(errors)
    return store(entries)
