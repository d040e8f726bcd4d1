"""Serving the dashboard on a port of its own: `coach web` (in the foreground) and Socket Mode's COACH_WEB_PORT
(a daemon thread beside the Socket Mode connection). HTTP mode serves it on Slack's port instead
(bot.slack.http routes /app to it)."""

from __future__ import annotations

import socket
import threading

import uvicorn
from starlette.types import ASGIApp


def web_server(app: ASGIApp) -> uvicorn.Server:
    """uvicorn with no logging set-up of its own: its lines go through the bot's root handler (JSON, redacted)."""
    config = uvicorn.Config(app, lifespan="off", log_config=None, log_level="warning", access_log=False,
                            server_header=False)
    return uvicorn.Server(config)


def serve_in_thread(app: ASGIApp, sock: socket.socket, name: str = "web-http"
                    ) -> tuple[uvicorn.Server, threading.Thread]:
    """Serve on an already bound socket from a daemon thread; ``server.should_exit = True`` stops it. (Socket
    Mode's operator port, bot.observability.endpoints, is served the same way.)"""
    server = web_server(app)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name=name, daemon=True)
    thread.start()
    return server, thread
