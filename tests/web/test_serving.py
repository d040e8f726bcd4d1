"""Where the dashboard is served: beside Socket Mode on COACH_WEB_PORT, and alone with `coach web`."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from pydantic import SecretStr

from tests.slack.conftest import slack_container
from tests.slack.fake_slack import FakeSlack


@pytest.fixture(scope="module")
def slack_api():
    fake = FakeSlack().start()
    yield fake
    fake.stop()


def _status(url: str) -> tuple[int, str]:
    """The status and Location of a GET, without following a redirect."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, response.headers.get("location", "")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("location", "")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StandInSocketMode:
    """Socket Mode without Slack: on connecting it asks the dashboard for /app, then the process gets SIGTERM."""

    seen: list = []

    def __init__(self, app, app_token):
        self.app = app

    def connect(self) -> None:
        StandInSocketMode.seen.append(_status(StandInSocketMode.url + "/app"))
        threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGTERM)).start()

    def close(self) -> None:
        pass


def test_socket_mode_serves_the_dashboard_on_the_web_port(kb, slack_api, monkeypatch, capsys):
    from slack_bolt.adapter import socket_mode

    from bot.slack.runner import serve

    port = _free_port()
    container = slack_container(kb, slack_api, slack_app_token=SecretStr("xapp-1-A0COACH-1-stand-in"),
                                nudges_enabled=False, web_port=port, web_host="127.0.0.1")
    StandInSocketMode.url, StandInSocketMode.seen = f"http://127.0.0.1:{port}", []
    monkeypatch.setattr(socket_mode, "SocketModeHandler", StandInSocketMode)
    previous = signal.signal(signal.SIGTERM, lambda *_: None)
    try:
        serve(container.slack_process(), http=False)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert StandInSocketMode.seen == [(303, "/app/login?next=%2Fapp")]
    assert f"the dashboard on 127.0.0.1:{port}/app" in capsys.readouterr().out
    time.sleep(0.5)  # the dashboard's server stops with the process
    try:
        _status(f"http://127.0.0.1:{port}/app")
        stopped = False
    except OSError:
        stopped = True
    assert stopped


def test_coach_web_without_sign_in_set_up_says_what_to_set(tmp_path, capsys, monkeypatch):
    from tests.conftest import run_coach

    code, out, err = run_coach(["web"], capsys, monkeypatch, env={"COACH_DATA_DIR": tmp_path})
    assert code == 2 and out == ""
    assert err.strip().count("\n") == 0 and "SLACK_CLIENT_ID" in err and "coach web --local" in err


def test_coach_web_local_serves_a_local_admin_on_this_machine(tmp_path, kb):
    """The real command in a process of its own, on an already migrated and indexed database."""
    env = {**os.environ, "COACH_DATABASE_URL": kb.settings.db_url, "COACH_DATA_DIR": str(tmp_path),
           "COACH_KNOWLEDGE_DIRS": str(tmp_path / "none")}
    for key, value in kb.settings.model_dump().items():
        if key.startswith("chroma_") and value:
            env[f"COACH_{key.upper()}"] = str(value)
    process = subprocess.Popen([sys.executable, "-m", "bot.cli.main", "web", "--local", "--port", "0"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=Path.cwd())
    try:
        line = process.stdout.readline()
        assert "the dashboard at http://127.0.0.1:" in line, line + process.stderr.read()
        url = line.split(" at ", 1)[1].split("/app", 1)[0]
        with urllib.request.urlopen(url + "/app/login", timeout=10) as response:
            page = response.read().decode()
        assert "Continue as the local admin" in page and "Sign in with Slack</a>" not in page
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(20)
