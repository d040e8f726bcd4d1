"""The operator's HTTP endpoints: GET /healthz (liveness), /readyz (readiness) and /metrics (Prometheus).

HTTP mode serves them on Slack's port (bot.slack.http); Socket Mode has no HTTP server of its own, so with
COACH_HEALTH_PORT set it serves them alone on that port (``operator_server``), for the probes of Kubernetes
or a load balancer and for Prometheus. Hand-written ASGI: three read-only paths do not justify a web framework,
and uvicorn (already serving HTTP mode) runs it."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor

import uvicorn

from bot.observability.metrics import Metrics

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"
METRICS_PATH = "/metrics"


async def send_response(send, status: int, body: str | bytes, content_type: str) -> None:
    raw = body.encode("utf-8") if isinstance(body, str) else body
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type.encode("latin-1")),
                            (b"content-length", str(len(raw)).encode("ascii"))]})
    await send({"type": "http.response.body", "body": raw})


class OperatorEndpoints:
    """``handle`` answers the three paths and says whether it did. Readiness checks and scrapes read the
    database, so they run through ``run_blocking`` (a thread pool), never on the event loop."""

    def __init__(self, metrics: Metrics | None, readiness: Callable[[], dict] | None,
                 run_blocking: Callable[..., Awaitable]):
        self.metrics = metrics  # None: no /metrics
        self.readiness = readiness  # None: no /readyz
        self._run = run_blocking

    async def handle(self, scope, send) -> bool:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            return False
        path = scope["path"]
        if path == HEALTH_PATH:
            await send_response(send, 200, json.dumps({"ok": True}), "application/json")
            return True
        if path == READY_PATH and self.readiness is not None:
            report = await self._run(self.readiness)
            await send_response(send, 200 if report["ready"] else 503, json.dumps(report), "application/json")
            return True
        if path == METRICS_PATH and self.metrics is not None:
            accept = dict(scope.get("headers") or []).get(b"accept", b"").decode("latin-1")
            body, content_type = await self._run(self.metrics.exposition, accept)
            await send_response(send, 200, body, content_type)
            return True
        return False


class OperatorApp:
    """The endpoints alone, as an ASGI app (Socket Mode); anything else is 404."""

    def __init__(self, metrics: Metrics | None, readiness: Callable[[], dict] | None):
        self.executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="operator-http")
        self.endpoints = OperatorEndpoints(metrics, readiness, self._run)

    async def _run(self, func, *args):
        return await asyncio.get_running_loop().run_in_executor(self.executor, func, *args)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return
        if not await self.endpoints.handle(scope, send):
            await send_response(send, 404, "Not Found: this port serves /healthz, /readyz and /metrics",
                                "text/plain; charset=utf-8")


def operator_server(metrics: Metrics | None, readiness: Callable[[], dict] | None, sock: socket.socket
                    ) -> tuple[uvicorn.Server, threading.Thread]:
    """Serve OperatorApp on an already bound socket from a daemon thread; returns the server (``should_exit``
    stops it) and its thread."""
    from bot.web.server import serve_in_thread

    return serve_in_thread(OperatorApp(metrics, readiness), sock, name="operator-http")
