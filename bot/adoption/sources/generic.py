"""Any other tool: a CSV of ``email, tool, day[, count]`` (header names in any case and order; extra
columns ignored). ``day`` is YYYY-MM-DD; ``tool`` is lower-cased with spaces as hyphens, and a known tool's
label ("GitHub Copilot", "Microsoft 365 Copilot"…) becomes its key.

Built for millions of rows: csv.reader, columns found once, and emails, tools and days each checked once and
then looked up, since a ledger file repeats the same few thousand people, few tools and few days."""

from __future__ import annotations

import csv
from collections.abc import Callable

from bot.adoption.records import EMAIL, TOOLS, Activity, Report
from bot.adoption.sources.reading import (
    delimiter,
    find_column,
    gc_paused,
    parse_count,
    parse_day,
    require_column,
    text_of,
)
from bot.errors import UserError

_new = tuple.__new__  # the same Activity without the namedtuple's Python-level __new__: 10% faster here
EXPECTED = "a CSV with the columns email, tool, day and optionally count"
_ALIASES = {"chatgpt": "chatgpt-enterprise", "claude-enterprise": "claude", "gemini-for-workspace": "gemini"}


def tool_key(name: str) -> str:
    """The tool a CSV names, as the ledger keys it: "GitHub Copilot" -> "github-copilot"."""
    text = "-".join(name.strip().lower().split())
    known = {"-".join(label.lower().split()): key for key, label in TOOLS.items()}
    return known.get(text) or _ALIASES.get(text) or text


def parse(text: str) -> Report:
    """One activity per (email, tool, day); counts of repeated rows are added."""
    with gc_paused():
        return _parse(text_of(text, EXPECTED))


def _parse(text: str) -> Report:
    lines = text.split("\n")  # a list of lines takes half the memory of io.StringIO's copy, at the same speed
    reader = csv.reader(lines, delimiter=delimiter(lines[0]))
    header = [h.strip() for h in next(reader)]
    ei = require_column(header, "email", "email_address")
    ti = require_column(header, "tool")
    di = require_column(header, "day", "date")
    ci = find_column(header, "count")
    emails, tools = _Cells(_email), _Cells(_tool)
    days, counts = _Cells(lambda raw: parse_day(raw, "day")), _Cells(lambda raw: parse_count(raw, "count"))
    merged: dict[tuple, Activity] = {}
    keep = merged.setdefault
    rows = 0
    for number, row in enumerate(reader, start=1):
        try:
            email, tool, day = emails[row[ei]], tools[row[ti]], days[row[di]]
            count = None if ci is None else counts[row[ci]]
        except (IndexError, UserError) as exc:
            if not any(c.strip() for c in row):
                continue  # a blank line
            if isinstance(exc, IndexError):
                raise UserError(f"row {number}: {len(row)} fields where the header has {len(header)}.") from None
            raise UserError(f"row {number}, {exc}") from None
        rows += 1
        activity = _new(Activity, (email, EMAIL, tool, day, count))
        earlier = keep((email, tool, day), activity)
        if earlier is not activity and count is not None:  # a repeated day: add the counts
            total = count if earlier.count is None else earlier.count + count
            merged[email, tool, day] = earlier._replace(count=total)
    return Report(activities=list(merged.values()), rows=rows)


class _Cells(dict):
    """Each distinct cell text checked once, then looked up: a file repeats the same few thousand emails,
    few tools, few days and small counts millions of times."""

    def __init__(self, check: Callable[[str], object]):
        super().__init__()
        self.check = check

    def __missing__(self, raw: str) -> object:
        value = self[raw] = self.check(raw)
        return value


def _email(raw: str) -> str:
    email = raw.strip().lower()
    if "@" not in email or " " in email:
        raise UserError(f"email: {raw!r} is not an email address.")
    return email


def _tool(raw: str) -> str:
    if not raw.strip():
        raise UserError("tool: empty; name the tool (e.g. github-copilot).")
    return tool_key(raw)
