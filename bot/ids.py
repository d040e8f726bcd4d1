"""Record ids typed by people or carried in Slack payloads, parsed in one place.

Ids are database integers (64-bit on PostgreSQL and SQLite): anything that is not a whole number in that range
cannot name a record, so it gets the caller's own "there is no …" message rather than an OverflowError."""

from __future__ import annotations

from bot.errors import UserError

MAX_ID = 2**63 - 1


def parse_id(text: object, missing: str) -> int:
    """``text`` ("42", "#42", 42) as an id; ``UserError(missing)`` when it cannot be one (e.g. "There is no
    survey 99999999999999999999.")."""
    if isinstance(text, bool):
        raise UserError(missing)
    if isinstance(text, int):
        value = text
    else:
        raw = str(text if text is not None else "").strip().lstrip("#")
        if not raw.isascii() or not raw.isdigit() or len(raw) > 19:
            raise UserError(missing)
        value = int(raw)
    if not 0 < value <= MAX_ID:
        raise UserError(missing)
    return value
