"""The Slack harness: a fake Slack Web API, and the real app served over HTTP on 127.0.0.1.

Every Block Kit payload the app sends during a test (messages, ephemeral replies, response_url posts, views)
is parsed with slack_sdk.models, round-tripped and validated when the test ends, and checked for mass
mentions."""

from __future__ import annotations

import contextlib
import copy
import json
import re
import threading
import time
from dataclasses import dataclass

import pytest
from pydantic import SecretStr
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from tests.slack.fake_slack import FakeSlack
from tests.slack.signed import SlackSender

SECRET = "test-signing-secret-5d41402abc4b2a76b9719d911017c592"
BOT_TOKEN = "xoxb-1111-2222-testtokenvalue"
ADMIN, HR_USER, MANAGER, EMPLOYEE = "U0ADMIN", "U0HRPERSON", "U0MANAGER", "U0EMPLOYEE"
_OWN_CACHED = ("rate_limiter", "conversations", "feedback", "usage", "roles", "metrics", "readiness", "scheduler",
               "workspaces", "survey_jobs", "nudge_jobs", "slack_deps", "answer_queue")
_TABLES = ("incentive_audit_roles", "incentive_audits",
           "survey_outbox", "survey_responses", "survey_recipients", "surveys",
           "nudge_slots", "nudge_schedules", "okr_key_results", "okr_objectives", "kpi_measurements",
           "feedback", "usage_events", "conversation_turns", "processed_events", "rate_hits", "role_grants",
           "slack_installations", "slack_bots", "slack_oauth_states", "adoption_activity", "adoption_licences",
           "adoption_sources", "adoption_identities", "directory_people")
_MASS_MENTION = re.compile(r"<!(channel|here|everyone)|<!subteam\^")


@dataclass
class Harness:
    container: object
    app: object
    server: object
    thread: threading.Thread
    sender: SlackSender
    fake: FakeSlack

    def drain(self) -> None:
        _drain(self)

    def usage(self) -> list:
        from sqlalchemy import select

        from bot.store.tables.usage import UsageEvent

        with self.container.uow() as uow:
            return list(uow.session.scalars(select(UsageEvent).order_by(UsageEvent.id)))

    def feedback(self) -> list:
        from sqlalchemy import select

        from bot.store.tables.feedback import Feedback

        with self.container.uow() as uow:
            return list(uow.session.scalars(select(Feedback).order_by(Feedback.id)))

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def slack_container(kb, fake: FakeSlack, **settings):
    """The shared knowledge-base container with Slack settings pointing at the fake Slack."""
    c = copy.copy(kb)
    for name in _OWN_CACHED:
        c.__dict__.pop(name, None)
    base = dict(slack_bot_token=SecretStr(BOT_TOKEN), slack_signing_secret=SecretStr(SECRET),
                slack_api_url=fake.api_url, admins=[ADMIN], hr=[HR_USER], managers=[MANAGER])
    c.settings = kb.settings.model_copy(update={**base, **settings})
    return c


def start_harness(container, fake: FakeSlack) -> Harness:
    from bot.slack.app import build_app
    from bot.slack.http import bind, make_server

    app = build_app(container.settings, container.slack_deps, container.workspaces,
                    answer_queue=container.answer_queue)
    server = make_server(app, SECRET, "127.0.0.1", 0, metrics=container.metrics,
                         readiness=container.readiness.report)
    sock = bind("127.0.0.1", 0)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True, name="coach-http")
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the app's HTTP server did not start")
        time.sleep(0.01)
    port = sock.getsockname()[1]
    return Harness(container, app, server, thread, SlackSender(f"http://127.0.0.1:{port}", SECRET), fake)


@pytest.fixture(scope="session")
def fake_slack():
    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def slack(kb, fake_slack):
    kb.answers.ask("warm up")  # the model loads once, before any timing-sensitive test
    harness = start_harness(slack_container(kb, fake_slack), fake_slack)
    yield harness
    harness.stop()


@contextlib.contextmanager
def answers_held(slack: Harness, monkeypatch):
    """Hold every answer until the block ends; yields an Event that is set once an answer is being worked on.
    Lets a test see what Slack got before the answer (its ack) without timing anything."""
    answers = slack.container.conversations.answers
    real_ask, working, release = answers.ask, threading.Event(), threading.Event()

    def held_ask(*args, **kwargs):
        working.set()
        release.wait(30)
        return real_ask(*args, **kwargs)

    monkeypatch.setattr(answers, "ask", held_ask)
    try:
        yield working
    finally:
        release.set()


def validate_blocks(blocks: list[dict], limit: int = 50) -> None:
    assert 0 < len(blocks) <= limit, f"{len(blocks)} blocks"
    parsed = Block.parse_all(blocks)
    assert len(parsed) == len(blocks)
    for obj, raw in zip(parsed, blocks):
        assert obj is not None, f"unparsable block {raw}"
        obj.validate_json()
        assert obj.to_dict() == raw, f"block does not round-trip: {raw}"
        if raw.get("type") == "section":
            assert len(raw["text"]["text"]) <= 3000


def validate_view(view: dict) -> None:
    parsed = View(**view)
    parsed.validate_json()
    assert parsed.to_dict() == view, "view does not round-trip"
    validate_blocks(view["blocks"], limit=100)


def validate_payload(params: dict) -> None:
    if "blocks" in params:
        validate_blocks(params["blocks"])
    if "view" in params:
        validate_view(params["view"])
    shown = dict(params)
    if "view" in shown:  # private_metadata travels with a view but is never displayed
        shown["view"] = {k: v for k, v in shown["view"].items() if k != "private_metadata"}
    text = json.dumps(shown, ensure_ascii=False)
    assert not _MASS_MENTION.search(text), "the app sent a mass mention"


def clean_tables(container) -> None:
    from sqlalchemy import text

    with container.engine.begin() as conn:
        for table in _TABLES:
            conn.execute(text(f"DELETE FROM {table}"))


@pytest.fixture(autouse=True)
def _slack_test_slate(request, fake_slack):
    fake_slack.reset()
    fake_slack.departments.clear()
    fake_slack.user_groups.clear()
    yield
    if "slack" in request.fixturenames:
        _drain(request.getfixturevalue("slack"))
    if "slack" in request.fixturenames or "kb" in request.fixturenames:
        clean_tables(request.getfixturevalue("kb"))
    for call in list(fake_slack.calls):
        validate_payload(call.params)


def _drain(harness: Harness) -> None:
    """Wait until every listener started by the test has finished (once all worker threads are inside the
    barrier at the same time, nothing submitted before it is still running), then the answers they queued."""
    executor = harness.app.listener_runner.listener_executor
    workers = executor._max_workers
    barrier = threading.Barrier(workers + 1)
    for _ in range(workers):
        executor.submit(barrier.wait, 10)
    barrier.wait(10)
    assert harness.container.answer_queue.join(60), "answers still running"  # what the listeners queued


@pytest.fixture(scope="module")
def oauth_slack(kb, fake_slack):
    """The app installing through OAuth (SLACK_CLIENT_ID and SLACK_CLIENT_SECRET), served over HTTP."""
    from pydantic import SecretStr

    container = slack_container(kb, fake_slack, slack_bot_token=None, slack_client_id="111.222",
                                slack_client_secret=SecretStr("client-secret-value-123"))
    harness = start_harness(container, fake_slack)
    yield harness
    harness.stop()
    clean_tables(kb)
