"""`coach run`: Socket Mode (SLACK_APP_TOKEN) or HTTP mode (`--http --port P`).

run_slack() is the CLI's entry point: it sets up logging, checks the Slack credentials, then builds the
process's objects with the composition root's builder (Container.slack_process, passed in: nothing in bot/slack
imports the container) and hands them to serve().

SIGTERM (or Ctrl-C) stops the process without losing what Slack was told was received: it stops taking
requests (uvicorn closes its socket; Socket Mode closes its connection), lets Bolt's listeners hand over what
they acknowledged, answers what is queued for up to COACH_SHUTDOWN_GRACE_SECONDS, then exits
(finish_work)."""

from __future__ import annotations

import logging
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

from slack_bolt import App
from slack_bolt.error import BoltError
from slack_sdk.errors import SlackApiError

from bot.config import Settings
from bot.errors import UserError
from bot.observability import logs
from bot.observability.endpoints import operator_server
from bot.observability.metrics import Metrics
from bot.scheduler import Job, Scheduler
from bot.slack import redact
from bot.slack.answer_queue import AnswerQueue
from bot.slack.app import build_app, check_credentials
from bot.slack.client import api_base_url
from bot.slack.deps import SlackDeps
from bot.slack.http import bind, make_server
from bot.slack.replay import ReplayGuard
from bot.slack.workspaces import Workspaces, uses_oauth

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SlackProcess:
    """What a Slack bot process runs with, built by the composition root."""

    settings: Settings
    deps: SlackDeps
    workspaces: Workspaces
    scheduler: Scheduler
    jobs: list[Job]  # started on the scheduler once the app is ready
    metrics: Metrics
    readiness: Callable[[], dict]  # GET /readyz
    warm_up: Callable[[], None]  # before serving: fail fast on an unmigrated database, load the model
    answer_queue: AnswerQueue  # answers after the ack; drained on SIGTERM
    replay: ReplayGuard | None = None  # HTTP mode: signatures already used, shared by the replicas
    web: Callable[[], object] | None = None  # builds the dashboard's ASGI app (bot.web), served under /app


def _secrets(s: Settings) -> list[str]:
    return [v.get_secret_value() for v in (s.slack_bot_token, s.slack_app_token, s.slack_signing_secret,
                                           s.slack_client_secret, s.llm_api_key) if v is not None]


def run_slack(s: Settings, build: Callable[[], SlackProcess], http: bool = False, port: int = 3000,
              host: str = "0.0.0.0") -> None:
    """``build`` makes the process's objects once the settings are known to be complete."""
    logs.configure(s.log_level, s.log_format)  # JSON lines unless stderr is a terminal (COACH_LOG_FORMAT)
    redact.install(_secrets(s))
    if not http and s.slack_app_token is None:
        raise UserError("Socket Mode needs SLACK_APP_TOKEN (xapp-…, Slack app › Basic Information › App-Level "
                        "Tokens); or serve HTTP with `coach run --http --port 3000`.")
    check_credentials(s, verify_requests=http, oauth=uses_oauth(s))  # before anything is built
    serve(build(), http=http, port=port, host=host)


@contextmanager
def reaching_slack(api_url: str) -> Iterator[None]:
    """Start-up's calls to Slack (Bolt's auth.test, Socket Mode's connection): Slack out of reach, or refusing a
    token, is one line naming what to check (a UserError: exit code 2), not a traceback among the log lines."""
    try:
        yield
    except BoltError as exc:  # Bolt's check of the bot token: "`token` is invalid (auth.test result: {...})"
        if not str(exc).startswith("`token` is invalid"):
            raise
        raise UserError(f"Slack refused SLACK_BOT_TOKEN ({_slack_error(str(exc))}): check the token (Slack app › "
                        "OAuth & Permissions › Bot User OAuth Token, xoxb-…) and that the app is installed.") from None
    except SlackApiError as exc:  # Socket Mode's apps.connections.open
        raise UserError(f"Slack refused to open a Socket Mode connection ({exc.response.get('error')}): check "
                        "SLACK_APP_TOKEN (xapp-…, with the connections:write scope) and that Socket Mode is "
                        "on in the app's settings.") from None
    except OSError as exc:  # refused, timed out, no such host (urllib's URLError is an OSError)
        reason = getattr(exc, "reason", None) or exc
        raise UserError(f"Slack could not be reached at {api_url} ({reason}): check the network connection, "
                        "a proxy (HTTPS_PROXY) or firewall, and SLACK_API_URL.") from None


def _slack_error(message: str) -> str:
    found = re.search(r"'error': '([^']+)'", message)
    return found.group(1) if found else "auth.test failed"


def finish_work(app: App, answer_queue: AnswerQueue, grace_seconds: float) -> int:
    """Once no request comes in any more: wait for Bolt's listeners to hand over what they acknowledged, then
    for the answer queue to answer it, within ``grace_seconds`` in all. Returns the jobs left undone (logged)."""
    deadline = time.monotonic() + grace_seconds
    done_before = answer_queue.done
    listeners = threading.Thread(target=app.listener_runner.listener_executor.shutdown, name="listeners-stop",
                                 daemon=True)
    listeners.start()
    listeners.join(grace_seconds)
    left = answer_queue.drain(max(0.0, deadline - time.monotonic()))
    if left:
        log.warning("Stopped with %d queued answer(s) not done after %g s (COACH_SHUTDOWN_GRACE_SECONDS)", left,
                    grace_seconds)
    else:
        log.info("Stopped after finishing the %d queued job(s)", answer_queue.done - done_before)
    return left


def serve_socket_mode(handler, finish: Callable[[], object], api_url: str = "Slack",
                      connected: Callable[[], object] = lambda: None) -> None:
    """Socket Mode until SIGTERM or Ctrl-C: then the connection is closed, so no new events arrive, and
    ``finish`` answers what was acknowledged. Signals reach the main thread only, where `coach run` runs.
    ``connected`` runs once the connection is open (the timed jobs start)."""
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        with reaching_slack(api_url):
            handler.connect()
        print("adoption coach: connected to Slack in Socket Mode (Ctrl-C to stop)", flush=True)
        connected()
        while not stop.wait(1):
            pass
    finally:
        for sig, handling in previous.items():
            signal.signal(sig, handling)
    handler.close()
    finish()


def serve(process: SlackProcess, http: bool = False, port: int = 3000, host: str = "0.0.0.0") -> None:
    """Serve Slack until stopped, with the process's timed jobs on its scheduler."""
    p, s = process, process.settings
    with reaching_slack(api_base_url(s)):
        app = build_app(s, p.deps, p.workspaces, verify_requests=http, answer_queue=p.answer_queue)
    p.warm_up()
    finish = partial(finish_work, app, p.answer_queue, s.shutdown_grace_seconds)
    operator = dashboard = None
    if http:
        web = p.web() if p.web is not None else None
        server = make_server(app, s.slack_signing_secret.get_secret_value(), host, port, metrics=p.metrics,
                             readiness=p.readiness, max_body_bytes=s.max_body_bytes, replay=p.replay,
                             on_shutdown=finish, web=web)
        paths = "POST /slack/events, GET /healthz, GET /readyz, GET /metrics" + (
            ", GET /slack/install, GET /slack/oauth_redirect" if p.workspaces.oauth else "") + (
            ", the dashboard at /app" if web is not None else "")
        sock = bind(host, port)  # bound before the banner, which names the real port (port 0 picks a free one)
        print(f"adoption coach: HTTP mode on {host}:{sock.getsockname()[1]} ({paths})", flush=True)
        run = partial(server.run, sockets=[sock])
    else:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        if s.health_port:  # probes and Prometheus, which Socket Mode has no HTTP server for
            sock = bind(s.health_host, s.health_port)
            operator, _ = operator_server(p.metrics, p.readiness, sock)
            print(f"adoption coach: GET /healthz, /readyz and /metrics on {s.health_host}:{sock.getsockname()[1]}",
                  flush=True)
        if s.web_port and p.web is not None:  # the dashboard, which Socket Mode has no HTTP server for
            from bot.web.server import serve_in_thread

            sock = bind(s.web_host, s.web_port)
            dashboard, _ = serve_in_thread(p.web(), sock)
            print(f"adoption coach: the dashboard on {s.web_host}:{sock.getsockname()[1]}/app", flush=True)
        # the jobs start once connected: a refused connection then stops a process that has nothing running
        run = partial(serve_socket_mode, SocketModeHandler(app, s.slack_app_token.get_secret_value()), finish,
                      api_base_url(s), connected=partial(p.scheduler.start_jobs, p.jobs))
    if http:
        p.scheduler.start_jobs(p.jobs)
    try:
        run()
    finally:
        p.scheduler.shutdown(wait=False)
        for side in (operator, dashboard):
            if side is not None:
                side.should_exit = True
