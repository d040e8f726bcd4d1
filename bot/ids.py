"""Record ids typed by people or carried in Slack payloads, parsed in one place.

Ids are database integers (64-bit on PostgreSQL and SQLite): anything that is not a whole number in that range
cannot name a record, so it gets the caller's own "there is no …" message rather than an OverflowError."""

from __future__ import annotations

import re

from bot.errors import UserError

MAX_ID = 2**63 - 1
CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,31}$")  # the ids Slack gives channels, private channels and DMs


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


def channel_id(value: str | None, field: str = "channel") -> str:
    """``value`` as a Slack channel id (upper case); ``UserError`` on ``field`` when it is not one (the nudge form
    and the share-audit form ask for channels)."""
    channel = (value or "").strip().upper()
    if not CHANNEL_ID.match(channel):
        raise UserError(f"{channel!r} is not a Slack channel ID (they look like C012AB3CD; in Slack: "
                        "channel name › About › Channel ID).", field)
    return channel
