"""Keep Slack tokens and secrets out of logs, whatever logs them (our code, Bolt, slack_sdk, tracebacks)."""

from __future__ import annotations

import logging
import re

_TOKEN = re.compile(r"\b(xox[abposre]|xapp|xoxe\.xox[bp])-[A-Za-z0-9-]+")
# Attributes every LogRecord has; anything else on a record came from a call's extra={...}
_RECORD_FIELDS = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}


def redact(text: str) -> str:
    return _TOKEN.sub(lambda m: f"{m.group(1)}-[redacted]", text)


class TokenRedactor(logging.Filter):
    def __init__(self, secrets: list[str] | None = None):
        super().__init__()
        self.secrets = [s for s in (secrets or []) if s and len(s) >= 8]

    def _clean(self, text: str) -> str:
        text = redact(text)
        for secret in self.secrets:
            text = text.replace(secret, "[redacted]")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self._clean(record.getMessage())
        record.args = None
        for key, value in list(record.__dict__.items()):  # extra fields, which JSON logs print one by one
            if isinstance(value, str) and key not in _RECORD_FIELDS:
                setattr(record, key, self._clean(value))
        if record.exc_info:
            record.exc_text = self._clean(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


def install(secrets: list[str] | None = None) -> TokenRedactor:
    """Attach the filter to every handler of the root logger (add handlers before calling this)."""
    redactor = TokenRedactor(secrets)
    for handler in logging.getLogger().handlers:
        for old in [f for f in handler.filters if isinstance(f, TokenRedactor)]:
            handler.removeFilter(old)
        handler.addFilter(redactor)
    return redactor
