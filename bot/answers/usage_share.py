"""How many of a group use the tool, said as counts ("18 of our 30 analysts use it weekly", "only like 4 people
actually use it"), is what the guides call the adoption rate. People give the counts and ask "is that decent?",
"are we behind?"; the words "adoption rate" are in neither, so retrieval followed the scene's other words (the
analyst's role row for "analysts"). Hand-written: no library reads a usage share out of a sentence without a model.
"""

from __future__ import annotations

import re

from bot.answers.tool_names import PRODUCT

_HEDGE = r"(?:like\s+|about\s+|around\s+|maybe\s+|just\s+|roughly\s+)?"
_SHARE = re.compile(
    rf"\b(?:(?:only\s+)?{_HEDGE}\d+\s+(?:out\s+)?of\s+(?:(?:our|my|the|their)\s+)?\d+"
    rf"|only\s+{_HEDGE}(?:(?:\d+|two|three|four|five|six|half)\s+|a\s+handful\s+of\s+|a\s+few\s+)"
    r"(?:of\s+(?:us|them|the\s+team)|people|staff|agents|reps|users))\b"
    # people using a tool ("use it", "used the summary tool"), not "3 of the 8 KPIs we use"
    # (or a tool of its own named before one of them: "used VineEye or chatgpt for actual work")
    r"(?:(?!\b(?:we|i)\b)[^.?!]){0,40}?\b(?:actually\s+|really\s+|regularly\s+|still\s+)?(?:use|used|uses|using"
    rf"|log(?:ged)?\s+into)\s+(?:[\w-]+\s+(?:or|and)\s+)?(?:it|the|our|this|that|ai|{PRODUCT})\b",
    re.IGNORECASE)
_NAMED = re.compile(r"\badoption\b", re.IGNORECASE)


def with_adoption_rate(text: str) -> str:
    """The text with "adoption rate" after a usage share it states, unless it names adoption already."""
    m = _SHARE.search(text)
    if m is None or _NAMED.search(text):
        return text
    stop = re.search(r"[.?!,;]", text[m.end():])  # at the end of the clause that states it
    at = m.end() + (stop.start() if stop else len(text) - m.end())
    return f"{text[:at]} (adoption rate){text[at:]}"
