"""Prometheus metrics of one bot process (prometheus_client), served by `coach run --http` at GET /metrics.

Each Metrics owns its CollectorRegistry: the container builds one, and several apps in one process (tests,
the benchmark) do not share counters. Domain services do not import this module; the container hands them
plain callbacks (ConversationService.on_answer, FeedbackService.on_feedback) that end up here."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import choose_encoder

log = logging.getLogger(__name__)

REQUEST_KINDS = ("event", "command", "action", "view", "options", "shortcut", "other")
OUTCOMES = ("answered", "declined")
# Slack wants its 200 within 3 seconds; the buckets are finest where acks normally land
ACK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0)
ANSWER_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0)
OUTBOX_BACKLOG = "coach_survey_outbox_backlog"
OUTBOX_HELP = "Survey DMs queued and not sent yet (pending or being sent), read from the database at scrape time"


def request_kind(body: dict) -> str:
    """The kind of a parsed Slack request body, as the `kind` label of coach_slack_requests_total."""
    kind = body.get("type")
    if kind == "event_callback":
        return "event"
    if body.get("command"):
        return "command"
    if kind in ("block_actions", "interactive_message"):
        return "action"
    if kind in ("view_submission", "view_closed"):
        return "view"
    if kind in ("block_suggestion", "dialog_suggestion"):
        return "options"
    if kind in ("shortcut", "message_action"):
        return "shortcut"
    return "other"


def job_name(job_id: str) -> str:
    """A scheduler job id without its per-instance number ("kpi-nudge:7" -> "kpi-nudge"): a bounded label."""
    head, _, tail = job_id.rpartition(":")
    return head if head and tail.isdigit() else job_id


class _OutboxBacklog:
    """A collector that counts unsent survey DMs when Prometheus scrapes; a database that does not answer
    leaves the gauge out of that scrape (and logs why) rather than failing the whole scrape."""

    def __init__(self, read: Callable[[], int]):
        self.read = read

    def describe(self) -> Iterable[GaugeMetricFamily]:
        return [GaugeMetricFamily(OUTBOX_BACKLOG, OUTBOX_HELP)]

    def collect(self) -> Iterable[GaugeMetricFamily]:
        try:
            value = self.read()
        except Exception as exc:
            log.warning("survey outbox backlog unavailable for /metrics: %s", type(exc).__name__)
            return []
        return [GaugeMetricFamily(OUTBOX_BACKLOG, OUTBOX_HELP, value=value)]


class Metrics:
    def __init__(self, surfaces: Sequence[str] = ()):
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter("coach_slack_requests", "Slack requests on POST /slack/events by kind and HTTP status",
                                ["kind", "status"], registry=r)
        self.ack_seconds = Histogram("coach_slack_ack_seconds", "From a Slack request arriving to its HTTP response "
                                     "being sent", ["kind"], buckets=ACK_BUCKETS, registry=r)
        self.answer_seconds = Histogram("coach_answer_seconds", "Time to answer a question, by surface",
                                        ["surface"], buckets=ANSWER_BUCKETS, registry=r)
        self.answers = Counter("coach_answers", "Questions handled, by surface and outcome (answered or declined)",
                               ["surface", "outcome"], registry=r)
        self.feedback = Counter("coach_feedback", "Feedback recorded, by rating (up, down, none) and how it was "
                                "given (button, shortcut, command)", ["rating", "via"], registry=r)
        self.nudges = Counter("coach_nudges_sent", "KPI nudges posted to Slack", registry=r)
        self.jobs = Counter("coach_scheduled_jobs", "Runs of the bot's scheduled jobs by job and outcome (ok, error)",
                            ["job", "outcome"], registry=r)
        for surface in surfaces:  # present from the first scrape, so rates and ratios work from zero
            for outcome in OUTCOMES:
                self.answers.labels(surface, outcome)

    # recording (callbacks the container and the Slack layer wire up) ------------------------------
    def slack_request(self, kind: str, status: int, seconds: float) -> None:
        kind = kind if kind in REQUEST_KINDS else "other"
        self.requests.labels(kind, str(status)).inc()
        self.ack_seconds.labels(kind).observe(seconds)

    def answer(self, surface: str, answered: bool, latency_ms: float) -> None:
        self.answers.labels(surface, OUTCOMES[0] if answered else OUTCOMES[1]).inc()
        self.answer_seconds.labels(surface).observe(latency_ms / 1000)

    def feedback_given(self, rating: str | None, via: str) -> None:
        self.feedback.labels(rating or "none", via).inc()

    def nudge_posted(self) -> None:
        self.nudges.inc()

    def job_done(self, job_id: str, error: BaseException | None) -> None:
        self.jobs.labels(job_name(job_id), "error" if error is not None else "ok").inc()

    def watch_outbox(self, backlog: Callable[[], int]) -> None:
        self.registry.register(_OutboxBacklog(backlog))

    # exposition ---------------------------------------------------------------------------------
    def exposition(self, accept: str = "") -> tuple[bytes, str]:
        """The scrape body and its content type, in the format the scraper's Accept header asks for
        (prometheus_client's negotiation: OpenMetrics, or the plain text format by default)."""
        encode, content_type = choose_encoder(accept)
        return encode(self.registry), content_type
