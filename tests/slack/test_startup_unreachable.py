"""`coach run` with Slack tokens set but Slack out of reach, or refusing a token: one line naming what to check,
no traceback among the JSON log lines, a non-zero exit. Real processes against a closed port and the fake Slack;
Socket Mode's connection through the runner with a handler that fails as slack_sdk's does."""

from __future__ import annotations

import json
import os
import socket
import subprocess
from urllib.error import URLError

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from bot.errors import UserError
from bot.slack.runner import serve_socket_mode
from tests.conftest import COACH, ROOT


def _closed_port() -> int:
    with socket.socket() as s:  # bound then closed: nothing listens there
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _coach_run(tmp_path, api_url: str, *args: str) -> subprocess.CompletedProcess:
    (tmp_path / "kb").mkdir(exist_ok=True)
    env = {**os.environ, "COACH_DATA_DIR": str(tmp_path / "data"), "COACH_KNOWLEDGE_DIRS": str(tmp_path / "kb"),
           "SLACK_BOT_TOKEN": "xoxb-1111-2222-test", "SLACK_APP_TOKEN": "xapp-1-A0-test",
           "SLACK_SIGNING_SECRET": "test-secret", "SLACK_API_URL": api_url, "COACH_LOG_FORMAT": "json"}
    return subprocess.run([*COACH, "run", *args], cwd=ROOT, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=120, check=False)


def _one_error_among_json_lines(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, proc.stderr
    others = [line for line in proc.stderr.splitlines() if line.startswith("{")]
    assert all(json.loads(line)["level"] for line in others)  # the log lines stay JSON
    assert "connected to Slack" not in proc.stdout and "HTTP mode on" not in proc.stdout
    return errors[0]


@pytest.mark.parametrize("mode", [[], ["--http", "--port", "0", "--host", "127.0.0.1"]], ids=["socket", "http"])
def test_slack_out_of_reach_is_one_line_and_a_non_zero_exit(tmp_path, mode):
    url = f"http://127.0.0.1:{_closed_port()}/api/"
    line = _one_error_among_json_lines(_coach_run(tmp_path, url, *mode))
    assert line.startswith(f"error: Slack could not be reached at {url} (")
    assert "Connection refused" in line and line.endswith("check the network connection, a proxy (HTTPS_PROXY) "
                                                          "or firewall, and SLACK_API_URL.")


def test_a_refused_bot_token_is_one_line(tmp_path, fake_slack):
    fake_slack.script("auth.test", error="invalid_auth")
    line = _one_error_among_json_lines(_coach_run(tmp_path, fake_slack.api_url))
    assert line.startswith("error: Slack refused SLACK_BOT_TOKEN (invalid_auth): check the token")
    assert [c.method for c in fake_slack.calls] == ["auth.test"]


class FailingHandler:
    """slack_bolt's SocketModeHandler whose connect() fails as slack_sdk's does."""

    def __init__(self, error: Exception):
        self.error, self.closed = error, False

    def connect(self) -> None:
        raise self.error

    def close(self) -> None:
        self.closed = True


@pytest.mark.parametrize("error, message", [
    (URLError(ConnectionRefusedError(111, "Connection refused")),
     "Slack could not be reached at http://127.0.0.1:9/api/ ([Errno 111] Connection refused)"),
    (TimeoutError("timed out"), "Slack could not be reached at http://127.0.0.1:9/api/ (timed out)"),
    (SlackApiError("refused", SlackResponse(client=None, http_verb="POST", api_url="apps.connections.open",
                                            req_args={}, data={"ok": False, "error": "invalid_auth"}, headers={},
                                            status_code=200)),
     "Slack refused to open a Socket Mode connection (invalid_auth): check SLACK_APP_TOKEN"),
])
def test_a_socket_mode_connection_that_fails_stops_before_any_job_starts(error, message):
    started = []
    with pytest.raises(UserError) as raised:
        serve_socket_mode(FailingHandler(error), finish=lambda: started.append("finish"),
                          api_url="http://127.0.0.1:9/api/", connected=lambda: started.append("jobs"))
    assert str(raised.value).startswith(message) and started == []
