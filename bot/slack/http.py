"""HTTP mode: Bolt's ASGI adapter served by uvicorn, plus strict request handling and the operator's
endpoints: GET /healthz (liveness: the process answers), GET /readyz (readiness, bot.observability.readiness)
and GET /metrics (Prometheus, bot.observability.metrics), and the web dashboard under /app (bot.web).

Bolt reads a whole request body, then parses it before it checks the signature, and a body it cannot parse
makes it fail with a 500. Here a request is checked in Slack's order instead: a body over ``max_body_bytes``
(COACH_MAX_BODY_BYTES) gets 413 before it is read (a declared Content-Length over it, or a chunked body once
the bytes read pass it), on every route; a forged or stale signature, or one already used (bot.slack.replay),
gets 401; then a body that is empty, cannot be parsed, or has fields of types Slack never sends gets 400;
only then does Bolt dispatch it (and should dispatching still raise, the answer is a 400, not a 500). A
replay that carries X-Slack-Retry-Num gets an empty 200 instead: were it Slack's own retry, the request has
been handled, and a 200 stops further retries. Bolt's App is synchronous, so its calls
run on a thread pool and the event loop stays free to accept the next request. Each Slack request is
counted by kind and status, with the time from its arrival to its response being sent (the ack latency).

On SIGTERM (or Ctrl-C) uvicorn stops accepting connections and finishes the requests in flight; then, in its
lifespan shutdown, ``on_shutdown`` runs (bot.slack.runner: answer what was acknowledged) before it exits."""

from __future__ import annotations

import asyncio
import logging
import re
import socket
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import uvicorn
from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.asgi import SlackRequestHandler
from slack_bolt.adapter.asgi.http_request import AsgiHttpRequest
from slack_bolt.adapter.asgi.http_response import AsgiHttpResponse
from slack_sdk.signature import SignatureVerifier
from starlette.types import ASGIApp

from bot.asgi_body import BodyTooLarge, declared_length, read_body
from bot.config import DEFAULT_MAX_BODY_BYTES
from bot.observability.endpoints import (
    HEALTH_PATH,
    METRICS_PATH,
    READY_PATH,
    OperatorEndpoints,
)
from bot.observability.metrics import Metrics, request_kind
from bot.slack.replay import ReplayGuard, SignatureCache

__all__ = ["EVENTS_PATH", "HEALTH_PATH", "METRICS_PATH", "READY_PATH", "BodyTooLarge", "CoachRequestHandler", "bind",
           "make_server"]

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
_TIMESTAMP = re.compile(r"[0-9]{1,12}")  # Unix seconds, as Slack sends them


async def _raw_body(request: AsgiHttpRequest, limit: int) -> bytes:
    """The body, read no further than ``limit`` bytes: BodyTooLarge once it passes them."""
    return await read_body(request.receive, limit)


# The top-level fields Bolt reads before any listener runs, with the types Slack sends them as (events API,
# slash commands, interactivity). A signed body where one of them has another type cannot come from Slack.
_FIELD_TYPES = {"type": str, "event": dict, "event_id": str, "authorizations": list, "command": str,
                "actions": list, "view": dict, "user": (dict, str), "team": (dict, str, type(None)),
                "channel": (dict, str, type(None)), "container": dict, "message": (dict, type(None)),
                "callback_id": str, "response_url": str, "trigger_id": str, "enterprise": (dict, type(None))}


def shape_problem(body: dict) -> str | None:
    """Why a parsed body cannot be a Slack request (a field of the wrong type), or None."""
    for name, kinds in _FIELD_TYPES.items():
        if name in body and not isinstance(body[name], kinds):
            return f"{name} has the wrong type"
    if not all(isinstance(item, dict) for item in body.get("authorizations") or []):
        return "authorizations must hold objects"
    if not all(isinstance(item, dict) and isinstance(item.get("action_id"), str) for item in body.get("actions") or []):
        return "actions must hold objects with an action_id"
    if not isinstance(body.get("event", {}).get("type", ""), str):
        return "event.type has the wrong type"
    return None


def _text(status: int, message: str, **headers: str) -> BoltResponse:
    return BoltResponse(status=status, body=message, headers={"content-type": "text/plain; charset=utf-8",
                                                              **headers})


def _too_large(limit: int) -> BoltResponse:
    # the connection is closed after it, so the rest of the body is never read
    return _text(413, f"Payload Too Large: the body is over {limit} bytes", connection="close")


async def _send(send, response: BoltResponse) -> None:
    reply = AsgiHttpResponse(status=response.status, headers=response.headers, body=response.body)
    await send(reply.get_response_start())
    await send(reply.get_response_body())


def _timestamp(headers: dict) -> int | None:
    """X-Slack-Request-Timestamp as a number, or None when it is missing or not one."""
    value = headers.get("x-slack-request-timestamp")
    return int(value) if isinstance(value, str) and _TIMESTAMP.fullmatch(value) else None


class CoachRequestHandler(SlackRequestHandler):
    def __init__(self, app: App, signing_secret: str, workers: int = 16, *, metrics: Metrics | None = None,
                 readiness: Callable[[], dict] | None = None, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
                 replay: ReplayGuard | None = None, on_shutdown: Callable[[], None] | None = None,
                 web: ASGIApp | None = None):
        super().__init__(app, path=EVENTS_PATH)
        self.on_shutdown = on_shutdown
        self.web = web  # the dashboard (bot.web), served under /app
        self.verifier = SignatureVerifier(signing_secret)
        self.max_body_bytes = max_body_bytes
        self.replay = replay or SignatureCache()  # per process unless given the database's (bot.slack.replay)
        self.executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="slack-http")
        self.metrics = metrics  # None: nothing counted, no /metrics
        self.endpoints = OperatorEndpoints(metrics, readiness, self._run)  # readiness None: no /readyz

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            if await self.endpoints.handle(scope, send):  # GET /healthz, /readyz, /metrics
                return
            if scope["method"] == "POST" and scope["path"] == EVENTS_PATH:
                await self._slack_request(scope, receive, send)
                return
            if self.web is not None and (scope["path"] == "/app" or scope["path"].startswith("/app/")):
                await self.web(scope, receive, send)  # it refuses a body over the limit itself (bot.web.app)
                return
            try:  # Bolt's routes: the OAuth pages read the body, anything else is a 404
                if declared_length(scope) > self.max_body_bytes:
                    raise BodyTooLarge
                await super().__call__(scope, receive, send)
            except BodyTooLarge:
                await _send(send, _too_large(self.max_body_bytes))
            return
        await super().__call__(scope, receive, send)

    async def _handle_lifespan(self, receive, send) -> None:
        """uvicorn's start-up and shutdown; the shutdown runs ``on_shutdown`` (blocking: on a thread of its own)."""
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
            message = await receive()
        if message["type"] == "lifespan.shutdown":
            if self.on_shutdown is not None:
                try:
                    await asyncio.to_thread(self.on_shutdown)
                except Exception:
                    log.exception("Shutting down failed")
            await send({"type": "lifespan.shutdown.complete"})

    async def _run(self, func, *args):
        return await asyncio.get_running_loop().run_in_executor(self.executor, func, *args)

    async def _slack_request(self, scope, receive, send) -> None:
        """POST /slack/events, in place of Bolt's dispatch (which would parse before checking the signature)."""
        started = time.perf_counter()
        kind, status = "other", 500
        try:
            request = AsgiHttpRequest(scope, receive)
            try:
                if declared_length(scope) > self.max_body_bytes:
                    raise BodyTooLarge
                body = await _raw_body(request, self.max_body_bytes)
            except BodyTooLarge:
                response = _too_large(self.max_body_bytes)
            else:
                response, kind = await self._run(self.handle_event_request, body, request.query_string,
                                                 request.get_headers())
            status = response.status
            await _send(send, response)
        finally:
            if self.metrics is not None:
                self.metrics.slack_request(kind, status, time.perf_counter() - started)

    def handle_event_request(self, body: bytes, query: str, headers: dict) -> tuple[BoltResponse, str]:
        """The response, and the kind of request it was ("other" when it was refused before parsing)."""
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return _text(400, "Bad Request: the body is not UTF-8"), "other"
        headers = {name.lower(): value for name, value in headers.items()}
        timestamp = _timestamp(headers)
        if timestamp is None or not self.verifier.is_valid_request(text, headers):
            return _text(401, "Unauthorized: invalid or stale signature"), "other"
        try:
            request = BoltRequest(body=text, query=query, headers=headers)
        except Exception as exc:  # JSON that does not parse, or parses to something other than an object
            log.info("Unparsable Slack request body (%s)", type(exc).__name__)
            return _text(400, "Bad Request: the body cannot be parsed"), "other"
        if not isinstance(request.body, dict):
            return _text(400, "Bad Request: the body is not an object"), "other"
        # A select's search (block_suggestion) reads and changes nothing, and Slack sends the same one twice
        # within a second when a person types, deletes and retypes: it is not refused as a replay.
        searching = request.body.get("type") == "block_suggestion"
        if not searching and not self.replay.first_time(headers["x-slack-signature"], timestamp):
            log.warning("A Slack request was sent again with the same signature; refused")
            if "x-slack-retry-num" in headers:  # handled the first time: a 200 ends Slack's retries
                return BoltResponse(status=200, body=""), "other"
            return _text(401, "Unauthorized: this request was already received"), "other"
        if not request.body:
            return _text(400, "Bad Request: the body is empty"), "other"
        problem = shape_problem(request.body)
        if problem:
            log.info("Slack request body of the wrong shape: %s", problem)
            return _text(400, f"Bad Request: {problem}"), "other"
        try:
            return self.app.dispatch(request), request_kind(request.body)
        except Exception as exc:  # Bolt could not make sense of the body; the request changed nothing
            log.warning("Slack request could not be dispatched (%s)", type(exc).__name__)
            return _text(400, "Bad Request: the body cannot be handled"), "other"

    async def handle_installation(self, request: AsgiHttpRequest) -> BoltResponse:
        body = (await _raw_body(request, self.max_body_bytes)).decode("utf-8", "replace")
        req = BoltRequest(body=body, query=request.query_string, headers=request.get_headers())
        return await self._run(self.app.oauth_flow.handle_installation, req)

    async def handle_callback(self, request: AsgiHttpRequest) -> BoltResponse:
        body = (await _raw_body(request, self.max_body_bytes)).decode("utf-8", "replace")
        req = BoltRequest(body=body, query=request.query_string, headers=request.get_headers())
        return await self._run(self.app.oauth_flow.handle_callback, req)


def make_server(app: App, signing_secret: str, host: str, port: int, *, metrics: Metrics | None = None,
                readiness: Callable[[], dict] | None = None, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
                replay: ReplayGuard | None = None, on_shutdown: Callable[[], None] | None = None,
                web: ASGIApp | None = None) -> uvicorn.Server:
    """``metrics`` and ``readiness`` (container.metrics, container.readiness.report) add /metrics and /readyz;
    ``max_body_bytes`` is settings.max_body_bytes; ``replay`` remembers used signatures (default: this
    process's memory; bot.slack.replay.DatabaseSignatureCache(container.conversations.claim) shares them between replicas);
    ``on_shutdown`` runs once the last request is done, before the server returns (SIGTERM, Ctrl-C,
    ``should_exit``); ``web``, the dashboard, is served under /app. uvicorn keeps no logging setup of its own
    (log_config=None): its lines go through the root handler, so they are JSON and redacted like the bot's own."""
    handler = CoachRequestHandler(app, signing_secret, metrics=metrics, readiness=readiness,
                                  max_body_bytes=max_body_bytes, replay=replay, on_shutdown=on_shutdown, web=web)
    config = uvicorn.Config(handler, host=host, port=port, lifespan="on" if on_shutdown else "off", log_config=None,
                            log_level="warning", access_log=False, server_header=False)
    return uvicorn.Server(config)


def bind(host: str, port: int) -> socket.socket:
    """A listening socket (port 0 picks a free one; tests and the benchmark use that)."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    return sock
