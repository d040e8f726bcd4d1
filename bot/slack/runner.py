"""`coach run`: Socket Mode (SLACK_APP_TOKEN) or HTTP mode (`--http --port P`).

run_slack() is the CLI's entry point and the one place here that reads the container: it sets up logging,
checks the Slack credentials, and hands the objects the composition root built (SlackProcess, from
Container.slack_process) to serve()."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.errors import UserError
from bot.observability import logs
from bot.observability.endpoints import operator_server
from bot.observability.metrics import Metrics
from bot.scheduler import Job, Scheduler
from bot.slack import redact
from bot.slack.app import build_app, check_credentials
from bot.slack.deps import SlackDeps
from bot.slack.http import bind, make_server
from bot.slack.replay import ReplayGuard
from bot.slack.workspaces import Workspaces, uses_oauth

if TYPE_CHECKING:
    from bot.container import Container

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
    replay: ReplayGuard | None = None  # HTTP mode: signatures already used, shared by the replicas


def _secrets(s: Settings) -> list[str]:
    return [v.get_secret_value() for v in (s.slack_bot_token, s.slack_app_token, s.slack_signing_secret,
                                           s.slack_client_secret, s.llm_api_key) if v is not None]


def run_slack(container: Container, http: bool = False, port: int = 3000, host: str = "0.0.0.0") -> None:
    s = container.settings
    logs.configure(s.log_level, s.log_format)  # JSON lines unless stderr is a terminal (COACH_LOG_FORMAT)
    redact.install(_secrets(s))
    if not http and s.slack_app_token is None:
        raise UserError("Socket Mode needs SLACK_APP_TOKEN (xapp-…, Slack app › Basic Information › App-Level "
                        "Tokens); or serve HTTP with `coach run --http --port 3000`.")
    check_credentials(s, verify_requests=http, oauth=uses_oauth(s))  # before anything is built
    serve(container.slack_process(), http=http, port=port, host=host)


def serve(process: SlackProcess, http: bool = False, port: int = 3000, host: str = "0.0.0.0") -> None:
    """Serve Slack until stopped, with the process's timed jobs on its scheduler."""
    p, s = process, process.settings
    app = build_app(s, p.deps, p.workspaces, verify_requests=http)
    p.warm_up()
    operator = None
    if http:
        server = make_server(app, s.slack_signing_secret.get_secret_value(), host, port, metrics=p.metrics,
                             readiness=p.readiness, max_body_bytes=s.max_body_bytes, replay=p.replay)
        paths = "POST /slack/events, GET /healthz, GET /readyz, GET /metrics" + (
            ", GET /slack/install, GET /slack/oauth_redirect" if p.workspaces.oauth else "")
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
        print("adoption coach: connected to Slack in Socket Mode (Ctrl-C to stop)", flush=True)
        run = SocketModeHandler(app, s.slack_app_token.get_secret_value()).start
    p.scheduler.start_jobs(p.jobs)
    try:
        run()
    finally:
        p.scheduler.shutdown(wait=False)
        if operator is not None:
            operator.should_exit = True
