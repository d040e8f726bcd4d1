"""Process logging for `coach run`: JSON lines with the fields, text on a terminal, noisy libraries held at
WARNING unless debugging, one handler however often it is configured, and tokens redacted everywhere."""

from __future__ import annotations

import io
import json
import logging
from datetime import datetime, timedelta

import pytest

from bot.observability import logs
from tests.observability.logcapture import json_logs, parsed

FAKE_TOKEN = "xoxb-4242-4343-notarealtokenvalue"
SIGNING_SECRET = "observability-signing-secret-0123456789"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def restore_logging():
    """configure() owns the root logger; json_logs puts back what pytest had afterwards."""
    with json_logs():
        yield


def test_json_lines_carry_time_level_logger_message_extras_and_a_redacted_exception():
    log = logging.getLogger("bot.test.observability")
    with json_logs("INFO", [SIGNING_SECRET]) as stream:  # configure(), then the redactor, as `coach run` does
        log.info("Question %s on %s", "answered", "mention",
                 extra={"event": "question", "surface": "mention", "latency_ms": 812.5, "channel_id": "C0OBS"})
        try:
            raise RuntimeError(f"Slack said no to {FAKE_TOKEN} signed with {SIGNING_SECRET}")
        except RuntimeError:
            log.exception("Posting failed", extra={"event": "post", "detail": f"token {FAKE_TOKEN}"})
        log.debug("not at INFO")
    first, second = parsed(stream)
    assert first["message"] == "Question answered on mention" and first["level"] == "INFO"
    assert first["logger"] == "bot.test.observability"
    assert (first["event"], first["surface"], first["latency_ms"], first["channel_id"]) == \
        ("question", "mention", 812.5, "C0OBS")
    when = datetime.fromisoformat(first["time"])
    assert when.utcoffset() == timedelta(0) and abs(datetime.now(when.tzinfo) - when) < timedelta(minutes=5)
    assert second["level"] == "ERROR" and "Traceback" in second["exception"] and "RuntimeError" in second["exception"]
    assert "xoxb-[redacted]" in second["exception"] and second["detail"] == "token xoxb-[redacted]"
    out = stream.getvalue()
    assert FAKE_TOKEN not in out and SIGNING_SECRET not in out and "not at INFO" not in out


def test_auto_is_json_off_a_terminal_and_text_on_one(restore_logging):
    piped, terminal = io.StringIO(), Terminal()
    logs.configure("INFO", "auto", piped)
    logging.getLogger("bot.test").warning("to a pipe")
    logs.configure("INFO", "auto", terminal)
    logging.getLogger("bot.test").warning("to a terminal")
    assert json.loads(piped.getvalue())["message"] == "to a pipe"
    assert terminal.getvalue().rstrip().endswith("WARNING bot.test: to a terminal")
    forced = io.StringIO()
    logs.configure("INFO", "text", forced)
    logging.getLogger("bot.test").warning("plain")
    assert forced.getvalue().rstrip().endswith("WARNING bot.test: plain")


def test_configuring_again_replaces_the_handler(restore_logging):
    first, second = io.StringIO(), io.StringIO()
    logs.configure("INFO", "json", first)
    logs.configure("INFO", "json", second)
    logging.getLogger("bot.test").warning("once")
    assert len(logging.getLogger().handlers) == 1
    assert first.getvalue() == "" and len(parsed(second)) == 1


def test_libraries_that_log_bodies_are_held_at_warning_unless_debugging(restore_logging):
    stream = io.StringIO()
    logs.configure("INFO", "json", stream)
    for name in ("slack_bolt", "slack_sdk.web.base_client", "urllib3", "chromadb"):
        logging.getLogger(name).info("request body: the question text")
        logging.getLogger(name).debug("request body: the question text")
    assert "the question text" not in stream.getvalue()
    logs.configure("DEBUG", "json", stream)
    logging.getLogger("slack_bolt.App").debug("request body: shown when debugging")
    assert parsed(stream)[-1]["message"] == "request body: shown when debugging"


def test_a_bolt_logger_made_before_or_after_configuring_is_held_too(restore_logging):
    # Bolt gives each logger it makes the root's level of that moment (slack_bolt.logger.get_bolt_logger), which
    # outranks the level held on "slack_bolt": the hold must not depend on which came first.
    from slack_bolt.logger import get_bolt_logger

    stream = io.StringIO()
    logging.getLogger().setLevel(logging.INFO)
    before = get_bolt_logger(type("MadeBefore", (), {}))
    logs.configure("INFO", "json", stream)
    after = get_bolt_logger(type("MadeAfter", (), {}))
    assert after.level == logging.INFO
    for logger in (before, after):
        logger.info("request body: the question text")
    assert "the question text" not in stream.getvalue()
    logs.configure("DEBUG", "json", stream)
    for logger in (before, after):
        logger.debug(f"request body: shown when debugging ({logger.name})")
    assert [line["message"] for line in parsed(stream)][-2:] == [
        "request body: shown when debugging (slack_bolt.MadeBefore)",
        "request body: shown when debugging (slack_bolt.MadeAfter)"]
