"""Logging for the long-running bot (`coach run`): one handler on stderr, JSON lines or plain text.

JSON lines come from python-json-logger: each line is one object with ``time`` (ISO 8601, UTC), ``level``,
``logger``, ``message``, any ``extra={...}`` fields of the call (event, surface, outcome, latency_ms, team and
channel ids, ...) and ``exception`` (the traceback) when there is one.

What people write to the bot (questions, answers, comments, survey answers) is logged only at DEBUG. The
Slack and HTTP libraries log request and response bodies at DEBUG too, so below DEBUG they are held at
WARNING. Interactive CLI commands keep their plain stderr logging (bot.cli.main); this is for `coach run`.
The token redactor (bot.slack.redact.install) goes on the handler installed here, after configure()."""

from __future__ import annotations

import logging
import sys
from typing import TextIO

from pythonjsonlogger.json import JsonFormatter

# Loggers that log message bodies at DEBUG, or per-request or per-probe chatter at INFO (alembic: each
# readiness check of the schema revision)
CHATTY = ("slack_bolt", "slack_sdk", "urllib3", "httpx", "httpcore", "chromadb", "apscheduler", "alembic")
_CHILDREN = tuple(f"{family}." for family in CHATTY)  # their loggers below the family's own: "slack_bolt.App"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def json_formatter() -> logging.Formatter:
    return JsonFormatter("%(levelname)s %(name)s %(message)s", timestamp="time",
                         rename_fields={"levelname": "level", "name": "logger", "exc_info": "exception"})


def wants_json(log_format: str, stream: TextIO) -> bool:
    if log_format == "auto":
        isatty = getattr(stream, "isatty", None)
        return not (isatty and isatty())
    return log_format == "json"


def configure(level: str = "INFO", log_format: str = "auto", stream: TextIO | None = None) -> logging.Handler:
    """Make one handler on ``stream`` (default stderr) the root logger's only handler, at ``level``.

    Calling it again replaces the handler, so the process never logs a line twice."""
    stream = stream if stream is not None else sys.stderr
    handler = logging.StreamHandler(stream)
    handler.setFormatter(json_formatter() if wants_json(log_format, stream) else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    debug = root.level <= logging.DEBUG
    for name in CHATTY:
        logging.getLogger(name).setLevel(logging.NOTSET if debug else logging.WARNING)
    # Bolt gives each logger it makes (slack_bolt.App, ...) the root's level of that moment, which would outrank the
    # hold above: loggers made before this call follow their family again, and the handler holds the ones made after.
    for name, logger in list(logging.root.manager.loggerDict.items()):
        if isinstance(logger, logging.Logger) and name.startswith(_CHILDREN):
            logger.setLevel(logging.NOTSET)
    if not debug:
        handler.addFilter(_held)
    return handler


def _held(record: logging.LogRecord) -> bool:
    """False for a chatty library's record under WARNING (they log request bodies at INFO and DEBUG)."""
    return record.levelno >= logging.WARNING or not (record.name in CHATTY or record.name.startswith(_CHILDREN))
