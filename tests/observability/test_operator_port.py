"""Socket Mode's operator port (COACH_HEALTH_PORT): /healthz, /readyz and /metrics served alone, over real
HTTP, and nothing else (no Slack endpoint on it)."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

import pytest

from bot.config import Settings
from bot.observability.endpoints import operator_server
from bot.slack.http import bind
from tests.observability.scrape import samples, value


def _get(url: str, method: str = "GET", data: bytes | None = None) -> tuple[int, str, str]:
    request = urllib.request.Request(url, method=method, data=data)
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status, resp.headers.get("content-type", ""), resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("content-type", ""), exc.read().decode()


@pytest.fixture
def operator_url(kb):
    sock = bind("127.0.0.1", 0)
    server, thread = operator_server(kb.metrics, kb.readiness.report, sock)
    while not server.started:
        time.sleep(0.01)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(10)


def test_the_operator_port_serves_health_readiness_and_metrics(kb, operator_url):
    kb.metrics.nudge_posted()
    status, ctype, body = _get(operator_url + "/healthz")
    assert (status, ctype, json.loads(body)) == (200, "application/json", {"ok": True})
    status, _, body = _get(operator_url + "/readyz")
    report = json.loads(body)
    assert status == 200 and report["ready"] is True
    assert set(report["checks"]) == {"database", "knowledge", "model"}
    status, ctype, body = _get(operator_url + "/metrics")
    assert status == 200 and ctype.startswith("text/plain")
    assert value(samples(body), "coach_nudges_sent_total") >= 1


def test_the_operator_port_serves_nothing_else(operator_url):
    assert _get(operator_url + "/slack/events", "POST", b"{}")[0] == 404
    assert _get(operator_url + "/")[0] == 404
    assert _get(operator_url + "/metrics", "POST", b"")[0] == 404


def test_the_port_setting(monkeypatch):
    assert Settings().health_port is None
    monkeypatch.setenv("COACH_HEALTH_PORT", "9100")
    assert Settings().health_port == 9100
    monkeypatch.setenv("COACH_HEALTH_PORT", "")
    assert Settings().health_port is None
    monkeypatch.setenv("COACH_HEALTH_PORT", "70000")
    with pytest.raises(ValueError):
        Settings()
