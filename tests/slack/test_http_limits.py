"""HTTP mode refuses bodies over COACH_MAX_BODY_BYTES with 413 before reading them: a declared Content-Length
is refused at once, a chunked body once the bytes read pass the limit; the server's memory does not grow."""

from __future__ import annotations

import json
import socket
import threading
import time

import psutil
import pytest

from bot.config import DEFAULT_MAX_BODY_BYTES, Settings, settings_problems
from bot.slack.http import bind, make_server
from tests.slack.conftest import SECRET
from tests.slack.signed import SlackSender
from tests.sockets import answered

MB = 1024 * 1024
PIECE = b"x" * 65536


def _stream(sender, path: str, total: int, *, chunked: bool, headers: dict | None = None) -> tuple[int, int]:
    """POST ``total`` bytes in 64 KiB pieces (never held whole in memory), stopping early once the server has
    answered; returns the status and the bytes sent."""
    sock = socket.create_connection((sender.host, sender.port), timeout=30)
    framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {total}"
    extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
    sock.sendall(f"POST {path} HTTP/1.1\r\nHost: {sender.host}\r\nContent-Type: application/json\r\n{framing}\r\n"
                 f"{extra}\r\n".encode())
    sent = 0
    try:
        while sent < total and not answered(sock):  # nothing back from the server yet
            piece = PIECE[:total - sent]
            sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
            sent += len(piece)
        if chunked and sent == total:
            sock.sendall(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server answered and closed: the answer is read below
    answer = b""
    try:
        while b"\r\n" not in answer and (data := sock.recv(4096)):
            answer += data
    finally:
        sock.close()
    return int(answer.split(b" ", 2)[1]), sent


class PeakRss:
    """The most this process's resident memory rose above where it was, sampled every 2 ms."""

    def __init__(self):
        self.process, self.peak, self._stop = psutil.Process(), 0, threading.Event()

    def __enter__(self):
        self.base = self.process.memory_info().rss
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self.process.memory_info().rss - self.base)
            time.sleep(0.002)

    def __exit__(self, *_):
        time.sleep(0.05)  # the server may still be holding what it read
        self._stop.set()
        self._thread.join(5)


def test_a_20_mb_unsigned_post_gets_413_without_being_read(slack):
    with PeakRss() as rss:
        status, sent = _stream(slack.sender, "/slack/events", 20 * MB, chunked=False)
    assert status == 413
    assert sent < 20 * MB  # answered from the Content-Length, before the client was done
    assert rss.peak < 8 * MB, f"the process grew by {rss.peak / MB:.1f} MB"
    assert slack.sender.request("GET", "/healthz").status == 200


def test_a_chunked_body_over_the_limit_gets_413(slack):
    with PeakRss() as rss:
        status, _ = _stream(slack.sender, "/slack/events", 20 * MB, chunked=True)
    assert status == 413 and rss.peak < 8 * MB, rss.peak / MB
    status, _ = _stream(slack.sender, "/slack/events", DEFAULT_MAX_BODY_BYTES + len(PIECE), chunked=True)
    assert status == 413
    slack.drain()
    assert slack.fake.calls == [] and slack.usage() == []


def test_every_route_refuses_a_declared_body_over_the_limit(slack):
    for path in ("/slack/install", "/slack/anything", "/nowhere"):
        assert _stream(slack.sender, path, 20 * MB, chunked=False)[0] == 413, path


def test_a_signed_body_at_the_limit_is_handled():
    """The limit is a setting: a body of exactly max_body_bytes is read and answered, one byte more is not."""
    from slack_bolt import App

    app = App(token="xoxb-unused", signing_secret=SECRET, token_verification_enabled=False)
    server = make_server(app, SECRET, "127.0.0.1", 0, max_body_bytes=4096)
    sock = bind("127.0.0.1", 0)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            time.sleep(0.01)
        sender = SlackSender(f"http://127.0.0.1:{sock.getsockname()[1]}", SECRET)
        envelope = {"type": "url_verification", "challenge": "c-limit", "pad": ""}
        envelope["pad"] = "x" * (4096 - len(json.dumps(envelope)))
        body = json.dumps(envelope)
        assert len(body) == 4096
        at_limit = sender.post(body, "application/json")
        assert at_limit.status == 200 and "c-limit" in at_limit.body
        over = sender.post(body + " ", "application/json")
        assert over.status == 413 and "4096 bytes" in over.body
        assert _stream(sender, "/slack/events", 4097, chunked=True)[0] == 413
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.mark.parametrize("value, problem", [("abc", "must be a whole number"), ("100", "must be at least 1024")])
def test_a_bad_max_body_bytes_is_one_clear_line(monkeypatch, value, problem):
    from pydantic import ValidationError

    monkeypatch.setenv("COACH_MAX_BODY_BYTES", value)
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None)
    assert settings_problems(caught.value) == f"COACH_MAX_BODY_BYTES: {problem}"
    monkeypatch.setenv("COACH_MAX_BODY_BYTES", "2097152")
    assert Settings(_env_file=None).max_body_bytes == 2 * MB
