"""The parsers of the AI tools' usage reports, one module per source, each with ``parse(text) -> Report``.

``parse(source, text)`` picks the parser by the source names of ``records.SOURCES`` ("csv" is the generic
``email, tool, day[, count]`` file). Pure functions: no database, no HTTP. docs/adoption-sources.md says which
fields each source uses."""

from __future__ import annotations

from importlib import import_module

from bot.adoption.records import SOURCES, Report
from bot.errors import UserError

# The module that reads each source (imported when used, so the package loads none it does not need)
MODULES = {
    "m365-copilot": "m365",
    "github-copilot": "github",
    "chatgpt-enterprise": "chatgpt",
    "claude": "claude",
    "gemini": "gemini",
    "csv": "generic",
}


def parse(source: str, text: str) -> Report:
    """The report of ``text`` read as ``source``'s format; an unknown source names the known ones."""
    name = MODULES.get(source.strip().lower())
    if name is None:
        raise UserError(f"Unknown source {source!r}; known sources: {', '.join(SOURCES)}.")
    return import_module(f"{__name__}.{name}").parse(text)
