"""JSON logs into a string for a test, configured as `coach run` does, with the root logger put back after."""

from __future__ import annotations

import io
import json
import logging
from contextlib import contextmanager

from bot.observability import logs
from bot.slack import redact


@contextmanager
def json_logs(level: str = "INFO", secrets: list[str] | None = None):
    root = logging.getLogger()
    handlers, root_level = root.handlers[:], root.level
    chatty = {name: logging.getLogger(name).level for name in logs.CHATTY}
    stream = io.StringIO()
    try:
        logs.configure(level, "json", stream)
        redact.install(secrets or [])
        yield stream
    finally:
        root.handlers[:] = handlers
        root.setLevel(root_level)
        for name, old in chatty.items():
            logging.getLogger(name).setLevel(old)


def parsed(stream: io.StringIO) -> list[dict]:
    """Every line as a JSON object (json.loads fails the test on a line that is not one)."""
    return [json.loads(line) for line in stream.getvalue().splitlines()]
