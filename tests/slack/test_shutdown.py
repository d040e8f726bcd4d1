"""Stopping the bot loses no acknowledged question: on SIGTERM it stops taking requests, answers what is
queued (within COACH_SHUTDOWN_GRACE_SECONDS), then exits. HTTP mode is tested as a real `coach run --http`
process; Socket Mode through the runner with a stand-in for slack_bolt's SocketModeHandler. The deployment
files give the process longer than that grace period before they kill it."""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from typing import ClassVar

import yaml
from pydantic import SecretStr
from slack_bolt import BoltRequest

from tests.conftest import KNOWLEDGE, ROOT, cli_env, make_container
from tests.replicas.cluster import BIN, Process, _child_env
from tests.slack.conftest import BOT_TOKEN, SECRET, slack_container
from tests.slack.signed import SlackSender

DOCS = [KNOWLEDGE / "kpis" / "framework-kpis.md", KNOWLEDGE / "framework" / "phases.md"]
QUESTIONS = ["What are the phases of an AI rollout?", "Which KPIs show AI adoption?"]


def _thread_replies(fake, events) -> dict[str, int]:
    threads = {ev["ts"] for ev in events}
    replies: dict[str, int] = {}
    for call in fake.calls_to("chat.postMessage"):
        if call.params.get("thread_ts") in threads:
            replies[call.params["thread_ts"]] = replies.get(call.params["thread_ts"], 0) + 1
    return replies


def test_sigterm_answers_every_acknowledged_question_before_the_process_exits(tmp_path, shared_embeddings,
                                                                               fake_slack):
    setup = make_container(tmp_path / "data")
    setup.__dict__["embeddings"] = shared_embeddings
    setup.indexer.ingest(DOCS)
    env = {**cli_env(setup), "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SECRET,
           "SLACK_API_URL": fake_slack.api_url, "COACH_RATE_LIMIT_QUESTIONS": "0", "COACH_ANSWER_WORKERS": "1",
           "COACH_SHUTDOWN_GRACE_SECONDS": "60", "COACH_NUDGES_ENABLED": "false", "COACH_LOG_FORMAT": "text"}
    bot = Process("bot", [str(BIN / "coach"), "run", "--http", "--host", "127.0.0.1", "--port", "0"],
                  _child_env({k: v for k, v in env.items() if v}), cwd=ROOT)
    try:
        banner = bot.wait_for_line("adoption coach: HTTP mode on ", 240)
        sender = SlackSender(f"http://127.0.0.1:{banner.split(' on ', 1)[1].split(' ', 1)[0].rsplit(':', 1)[1]}",
                             SECRET)
        events = [sender.mention(f"{QUESTIONS[i % 2]} ({i})", user=f"U0STOP{i:02d}") for i in range(30)]
        for ev in events:
            assert sender.event(ev).status == 200
        bot.proc.send_signal(signal.SIGTERM)
        bot.proc.wait(90)
    finally:
        bot.stop()
    replies = _thread_replies(fake_slack, events)
    assert sorted(replies) == sorted(ev["ts"] for ev in events), bot.output()
    assert set(replies.values()) == {1}
    assert bot.proc.returncode in (0, -signal.SIGTERM), bot.output()


class StandInSocketMode:
    """slack_bolt's SocketModeHandler as the runner uses it: connect() delivers the events through the app, as
    Slack's WebSocket would, then the process gets SIGTERM; close() ends the connection."""

    instances: ClassVar[list[StandInSocketMode]] = []
    events: ClassVar[list[dict]] = []

    def __init__(self, app, app_token: str):
        self.app, self.closed_at, self.dispatched = app, None, 0
        self.sigterm = threading.Timer(0.1, os.kill, (os.getpid(), signal.SIGTERM))
        StandInSocketMode.instances.append(self)

    def connect(self) -> None:
        for i, ev in enumerate(self.events):
            body = {"type": "event_callback", "team_id": "T0TEST", "api_app_id": "A0COACH", "event": ev,
                    "event_id": f"Ev0SOCKET{i:03d}", "event_time": int(time.time()),
                    "authorizations": [{"team_id": "T0TEST", "user_id": "U0BOT", "is_bot": True}]}
            assert self.app.dispatch(BoltRequest(mode="socket_mode", body=body)).status == 200
            self.dispatched += 1
        self.sigterm.start()

    def start(self) -> None:  # connect, and serve until the connection ends
        self.connect()

    def close(self) -> None:
        self.closed_at = time.monotonic()


def test_socket_mode_stops_on_sigterm_after_answering_what_it_acknowledged(kb, fake_slack, monkeypatch):
    from slack_bolt.adapter import socket_mode

    from bot.slack.runner import serve

    container = slack_container(kb, fake_slack, slack_app_token=SecretStr("xapp-1-A0COACH-1-stand-in"),
                                answer_workers=1, nudges_enabled=False, rate_limit_questions=0)
    answers = container.conversations.answers
    real_ask = answers.ask
    monkeypatch.setattr(answers, "ask", lambda *a, **kw: time.sleep(0.2) or real_ask(*a, **kw))  # a queue builds up
    StandInSocketMode.instances, StandInSocketMode.events = [], [
        SlackSender.mention(f"{QUESTIONS[i % 2]} (socket {i})", user=f"U0SOCK{i:02d}") for i in range(8)]
    monkeypatch.setattr(socket_mode, "SocketModeHandler", StandInSocketMode)
    received = []
    previous = signal.signal(signal.SIGTERM, lambda *_: received.append("test"))  # never the default: pytest lives
    try:
        serve(container.slack_process(), http=False)
        returned_at = time.monotonic()
    finally:
        for handler in StandInSocketMode.instances:
            handler.sigterm.join(10)
        signal.signal(signal.SIGTERM, previous)
    [handler] = StandInSocketMode.instances
    assert handler.dispatched == 8 and handler.closed_at is not None and handler.closed_at <= returned_at
    replies = _thread_replies(fake_slack, StandInSocketMode.events)  # answered before serve() returned
    assert len(replies) == 8 and set(replies.values()) == {1}


def test_the_deployments_give_the_process_longer_than_its_grace_period():
    from bot.config import Settings

    deploy = ROOT / "deploy"
    config_env = dict(line.split("=", 1) for line in (deploy / "k8s" / "config.env").read_text().splitlines()
                      if "=" in line and not line.startswith("#"))
    grace = int(config_env.get("COACH_SHUTDOWN_GRACE_SECONDS", Settings.model_fields["shutdown_grace_seconds"].default))
    pod = yaml.safe_load((deploy / "k8s" / "deployment.yaml").read_text())["spec"]["template"]["spec"]
    assert grace + 5 <= pod["terminationGracePeriodSeconds"]
    compose = yaml.safe_load((deploy / "compose.yaml").read_text())["services"]["bot"]
    stop = re.fullmatch(r"(\d+)s", str(compose.get("stop_grace_period", "10s")))  # Docker's default is 10 s
    compose_grace = int((compose.get("environment") or {}).get("COACH_SHUTDOWN_GRACE_SECONDS", grace))
    assert stop and compose_grace + 5 <= int(stop.group(1))

