"""`coach run`: Socket Mode (SLACK_APP_TOKEN) or HTTP mode (`--http --port P`)."""

from __future__ import annotations

import logging

from bot.container import Container
from bot.errors import UserError
from bot.observability import logs
from bot.slack import redact
from bot.slack.app import build_app, uses_oauth
from bot.observability.endpoints import operator_server
from bot.slack.http import bind, make_server

log = logging.getLogger(__name__)


def _secrets(container: Container) -> list[str]:
    s = container.settings
    return [v.get_secret_value() for v in (s.slack_bot_token, s.slack_app_token, s.slack_signing_secret,
                                           s.slack_client_secret, s.llm_api_key) if v is not None]


def prepare(container: Container) -> None:
    """Fail fast on an unmigrated database, and load the model now rather than on the first question."""
    container.session_factory  # noqa: B018 -- raises UserError with the fix when not migrated
    if container.indexer.refresh_lexical():  # a replica that did not run the ingest catches up from the database
        log.info("BM25 index re-built from the database")
    container.answers.warm_up()


def start_jobs(container: Container) -> None:
    """Timed work inside this process on the shared scheduler (bot.scheduler): the KPI nudges, and whatever
    jobs other features put on container.scheduler."""
    from bot.slack.nudge_delivery import attach_nudges

    container.scheduler.on_job_done(container.metrics.job_done)  # coach_scheduled_jobs_total
    attach_nudges(container)
    container.survey_jobs.attach(container.scheduler)  # survey invitations, reminders, opening and closing
    # keep this replica's BM25 index in step with the database after an ingest run elsewhere
    container.scheduler.add_interval_job("index:refresh", container.indexer.refresh_lexical,
                                         seconds=container.settings.index_refresh_seconds)
    # daily blanking of old question text (COACH_QUESTION_RETENTION_DAYS); idempotent, so every replica may run it
    from bot.store import retention

    retention.schedule(container.scheduler,
                       retention.QuestionRetention(container.uow, container.settings.question_retention_days))
    container.scheduler.start()


def run_slack(container: Container, http: bool = False, port: int = 3000, host: str = "0.0.0.0") -> None:
    s = container.settings
    logs.configure(s.log_level, s.log_format)  # JSON lines unless stderr is a terminal (COACH_LOG_FORMAT)
    redact.install(_secrets(container))
    if http:
        app = build_app(container, verify_requests=True)
        prepare(container)
        server = make_server(app, s.slack_signing_secret.get_secret_value(), host, port,
                             metrics=container.metrics, readiness=container.readiness.report)
        paths = "POST /slack/events, GET /healthz, GET /readyz, GET /metrics" + (
            ", GET /slack/install, GET /slack/oauth_redirect" if uses_oauth(container) else "")
        sock = bind(host, port)  # bound before the banner, which names the real port (port 0 picks a free one)
        print(f"adoption coach: HTTP mode on {host}:{sock.getsockname()[1]} ({paths})", flush=True)
        start_jobs(container)
        try:
            server.run(sockets=[sock])
        finally:
            container.scheduler.shutdown(wait=False)
        return
    if s.slack_app_token is None:
        raise UserError("Socket Mode needs SLACK_APP_TOKEN (xapp-…, Slack app › Basic Information › App-Level "
                        "Tokens); or serve HTTP with `coach run --http --port 3000`.")
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    app = build_app(container, verify_requests=False)
    prepare(container)
    operator = None
    if s.health_port:  # probes and Prometheus, which Socket Mode has no HTTP server for
        sock = bind(s.health_host, s.health_port)
        operator, _ = operator_server(container.metrics, container.readiness.report, sock)
        print(f"adoption coach: GET /healthz, /readyz and /metrics on {s.health_host}:{sock.getsockname()[1]}",
              flush=True)
    print("adoption coach: connected to Slack in Socket Mode (Ctrl-C to stop)", flush=True)
    start_jobs(container)
    try:
        SocketModeHandler(app, s.slack_app_token.get_secret_value()).start()
    finally:
        container.scheduler.shutdown(wait=False)
        if operator is not None:
            operator.should_exit = True
