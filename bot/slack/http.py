"""HTTP mode: Bolt's ASGI adapter served by uvicorn, plus /healthz and strict request handling.

Bolt parses a request body before it checks the signature, and a body it cannot parse makes it fail with a
500. Here a request is checked in Slack's order instead: a forged or stale signature gets 401, then a body
that cannot be parsed gets 400; only then does Bolt dispatch it. Bolt's App is synchronous, so its calls
run on a thread pool and the event loop stays free to accept the next request."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from concurrent.futures import ThreadPoolExecutor

import uvicorn
from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.asgi import SlackRequestHandler
from slack_bolt.adapter.asgi.http_request import AsgiHttpRequest
from slack_bolt.adapter.asgi.http_response import AsgiHttpResponse
from slack_sdk.signature import SignatureVerifier

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"


async def _raw_body(request: AsgiHttpRequest) -> bytes:
    chunks = bytearray()
    while True:
        message = await request.receive()
        if message["type"] != "http.request":
            break
        chunks.extend(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return bytes(chunks)


def _text(status: int, message: str) -> BoltResponse:
    return BoltResponse(status=status, body=message, headers={"content-type": "text/plain; charset=utf-8"})


class CoachRequestHandler(SlackRequestHandler):
    def __init__(self, app: App, signing_secret: str, workers: int = 16):
        super().__init__(app, path=EVENTS_PATH)
        self.verifier = SignatureVerifier(signing_secret)
        self.executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="slack-http")

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["path"] == HEALTH_PATH and scope["method"] in ("GET", "HEAD"):
            response = AsgiHttpResponse(status=200, headers={"content-type": ["application/json"]},
                                        body=json.dumps({"ok": True}))
            await send(response.get_response_start())
            await send(response.get_response_body())
            return
        await super().__call__(scope, receive, send)

    async def _run(self, func, *args) -> BoltResponse:
        return await asyncio.get_running_loop().run_in_executor(self.executor, func, *args)

    async def dispatch(self, request: AsgiHttpRequest) -> BoltResponse:
        body = await _raw_body(request)
        return await self._run(self.handle_event_request, body, request.query_string, request.get_headers())

    def handle_event_request(self, body: bytes, query: str, headers: dict) -> BoltResponse:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return _text(400, "Bad Request: the body is not UTF-8")
        if not self.verifier.is_valid_request(text, headers):
            return _text(401, "Unauthorized: invalid or stale signature")
        try:
            request = BoltRequest(body=text, query=query, headers=headers)
        except Exception as exc:  # JSON that does not parse, or parses to something other than an object
            log.info("Unparsable Slack request body (%s)", type(exc).__name__)
            return _text(400, "Bad Request: the body cannot be parsed")
        if not isinstance(request.body, dict):
            return _text(400, "Bad Request: the body is not an object")
        return self.app.dispatch(request)

    async def handle_installation(self, request: AsgiHttpRequest) -> BoltResponse:
        body = (await _raw_body(request)).decode("utf-8", "replace")
        req = BoltRequest(body=body, query=request.query_string, headers=request.get_headers())
        return await self._run(self.app.oauth_flow.handle_installation, req)

    async def handle_callback(self, request: AsgiHttpRequest) -> BoltResponse:
        body = (await _raw_body(request)).decode("utf-8", "replace")
        req = BoltRequest(body=body, query=request.query_string, headers=request.get_headers())
        return await self._run(self.app.oauth_flow.handle_callback, req)


def make_server(app: App, signing_secret: str, host: str, port: int) -> uvicorn.Server:
    config = uvicorn.Config(CoachRequestHandler(app, signing_secret), host=host, port=port, lifespan="off",
                            log_level="warning", access_log=False, server_header=False)
    return uvicorn.Server(config)


def bind(host: str, port: int) -> socket.socket:
    """A listening socket (port 0 picks a free one; tests and the benchmark use that)."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    return sock
