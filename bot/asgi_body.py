"""Reading an ASGI request's body no further than a limit: Slack's HTTP handler (bot.slack.http) and the web
dashboard (bot.web.app) refuse a body over COACH_MAX_BODY_BYTES with 413 before they parse any of it."""

from __future__ import annotations

from starlette.types import Receive, Scope


class BodyTooLarge(Exception):
    """The request body is over the limit (declared, or counted while reading)."""


def declared_length(scope: Scope) -> int:
    """The Content-Length a request declares (0 without one: a chunked body is counted while it is read).
    uvicorn has already refused a malformed one with 400."""
    for name, value in scope.get("headers") or []:
        if name.lower() == b"content-length" and value.strip().isdigit():
            return int(value)
    return 0


async def read_body(receive: Receive, limit: int) -> bytes:
    """The whole body, read no further than ``limit`` bytes: BodyTooLarge once it passes them."""
    chunks = bytearray()
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.extend(message.get("body", b""))
        if len(chunks) > limit:
            raise BodyTooLarge
        if not message.get("more_body", False):
            break
    return bytes(chunks)
