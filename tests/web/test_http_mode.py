"""HTTP mode serves the dashboard at /app on Slack's port (sign-in and CSRF as anywhere) while /slack/events
still needs Slack's signature; a body over COACH_MAX_BODY_BYTES gets 413 before it is read, in HTTP mode and
when the dashboard is served alone (`coach web`, Socket Mode's COACH_WEB_PORT)."""

from __future__ import annotations

import json
import socket
import threading
import time
from urllib.parse import urlsplit

import httpx
import pytest
from pydantic import SecretStr

from bot.web.app import SESSION_COOKIE
from tests.slack.signed import SlackSender
from tests.sockets import answered
from tests.web.live import ADMIN, NAMES, live_web
from tests.web.routes import db_digest

SIGNING_SECRET = "web-http-mode-signing-secret-0123456789abcdef"


@pytest.fixture(scope="module")
def http_mode(tmp_path_factory, shared_embeddings):
    """The Slack app over HTTP with the dashboard under /app, as `coach run` serves it; people are sent back to
    this server after signing in with Slack."""
    from bot.slack.app import build_app
    from bot.slack.http import bind, make_server

    sock = bind("127.0.0.1", 0)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    with live_web(tmp_path_factory.mktemp("http-mode"), shared_embeddings, web_base_url=url,
                  slack_signing_secret=SecretStr(SIGNING_SECRET)) as live:
        c = live.container
        app = build_app(c.settings, c.slack_deps, c.workspaces, answer_queue=c.answer_queue)
        server = make_server(app, SIGNING_SECRET, "127.0.0.1", 0, max_body_bytes=c.settings.max_body_bytes,
                             web=c.web_app())
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True, name="web-http-mode")
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            assert time.monotonic() < deadline, "the HTTP server did not start"
            time.sleep(0.01)
        live.http_url = url
        try:
            yield live
        finally:
            server.should_exit = True
            thread.join(10)


def _status_line(sock: socket.socket) -> int:
    answer = b""
    while b"\r\n" not in answer and (data := sock.recv(4096)):
        answer += data
    return int(answer.split(b" ", 2)[1])


def post_oversized(url: str, path: str, limit: int, *, chunked: bool, cookie: str = "x=1") -> tuple[int, int]:
    """POST a form of ``limit`` + 64 KiB bytes in pieces, stopping once the server answers: (status, bytes sent).
    With a declared Content-Length, no byte of the body is sent before the answer is awaited."""
    host, port = urlsplit(url).hostname, urlsplit(url).port
    total = limit + 65536
    sock = socket.create_connection((host, port), timeout=10)
    framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {total}"
    sock.sendall(f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nCookie: {cookie}\r\n"
                 f"Content-Type: application/x-www-form-urlencoded\r\n{framing}\r\n\r\n".encode())
    sent = 0
    try:
        if not chunked:
            return _status_line(sock), 0
        piece = b"a=" + b"x" * 16382
        while sent < total and not answered(sock):
            sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
            sent += len(piece)
        if sent >= total:
            sock.sendall(b"0\r\n\r\n")
        return _status_line(sock), sent
    except (BrokenPipeError, ConnectionResetError):
        return _status_line(sock), sent
    finally:
        sock.close()


def signed_in(http_mode, user: str = ADMIN) -> httpx.Client:
    """A client signed in with Slack through the HTTP mode server (the callback comes back to it)."""
    http_mode.login_as(user)
    client = httpx.Client(base_url=http_mode.http_url, follow_redirects=False, timeout=30)
    done = client.get("/app/login/slack", follow_redirects=True)
    assert str(done.url) == http_mode.http_url + "/app" and NAMES[user] in done.text, done.text[:300]
    return client


def test_http_mode_sends_a_browser_without_a_session_to_sign_in(http_mode):
    client = httpx.Client(base_url=http_mode.http_url, follow_redirects=False, timeout=30)
    response = client.get("/app/surveys?x=1")
    assert response.status_code == 303 and response.headers["location"] == "/app/login?next=%2Fapp%2Fsurveys%3Fx%3D1"
    assert response.headers["x-frame-options"] == "DENY"
    login = client.get("/app/login")
    assert login.status_code == 200 and "Sign in with Slack" in login.text


def test_http_mode_signs_in_with_slack_and_takes_forms_with_their_token(http_mode):
    client = signed_in(http_mode)
    token = http_mode.csrf(client)
    assert client.post("/app/logout", data={"csrftoken": "wrong"}).status_code == 403
    assert client.post("/app/logout", data={"csrftoken": token}).status_code == 303
    assert client.get("/app").status_code == 303


def test_slack_events_still_need_a_signature_session_or_not(http_mode):
    sender = SlackSender(http_mode.http_url, SIGNING_SECRET)
    body = json.dumps({"token": "legacy", "challenge": "c-web-1", "type": "url_verification"})
    signed = sender.post(body, "application/json")
    assert signed.status == 200 and "c-web-1" in signed.body  # the control
    client = signed_in(http_mode)  # a dashboard session is no Slack signature
    session = client.cookies.get(SESSION_COOKIE)
    before = db_digest(http_mode.container)
    for headers in ({}, {"Cookie": f"{SESSION_COOKIE}={session}"},
                    {"X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": "v0=" + "0" * 64}):
        refused = sender.request("POST", "/slack/events", body.encode(), {"Content-Type": "application/json",
                                                                          **headers})
        assert refused.status == 401, headers
    stale = sender.post(body, "application/json", timestamp=int(time.time()) - 600)
    assert stale.status == 401
    assert db_digest(http_mode.container) == before


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_http_mode_refuses_a_dashboard_body_over_the_limit(http_mode, chunked):
    limit = http_mode.container.settings.max_body_bytes
    client = signed_in(http_mode)
    cookie = f"{SESSION_COOKIE}={client.cookies.get(SESSION_COOKIE)}"
    status, sent = post_oversized(http_mode.http_url, "/app/logout", limit, chunked=chunked, cookie=cookie)
    assert status == 413 and sent <= limit + 65536
    assert client.get("/app").status_code == 200  # still signed in: the form was never read


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_the_dashboard_served_alone_refuses_a_body_over_the_limit(web, chunked):
    """asgi-csrf reads a whole form before anything else looks at it, so without a limit any cookie and a
    big body would fill the server's memory."""
    limit = web.container.settings.max_body_bytes
    status, sent = post_oversized(web.url, "/app/logout", limit, chunked=chunked)
    assert status == 413 and sent <= limit + 65536
    small = web.client(ADMIN)
    token = web.csrf(small)
    near_limit = "x" * (limit - 200)
    assert small.post("/app/logout", data={"csrftoken": token, "pad": near_limit}).status_code == 303
