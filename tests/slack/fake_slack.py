"""A fake Slack Web API on 127.0.0.1 for tests and the benchmark: records every call, answers like Slack.

Point a WebClient at ``FakeSlack.api_url``. Calls are kept as ``Call(method, params, headers)``; ``params``
merges form fields and JSON bodies, with ``blocks``/``view`` decoded when they came as JSON strings.
``script(method, ...)`` makes the next calls of a method fail (a 429 with Retry-After, an error, a 500).
``response_url(name)`` gives a URL that records what the app posts to a slash command's or button's
response_url."""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

BOT_USER_ID, BOT_ID, TEAM_ID, APP_ID = "U0BOT", "B0BOT", "T0TEST", "A0COACH"


@dataclass
class Call:
    method: str  # Web API method, or "response_url:<name>"
    params: dict
    headers: dict = field(default_factory=dict)
    at: float = field(default_factory=time.perf_counter)  # when the call arrived


@dataclass
class Scripted:
    status: int = 200
    body: dict | None = None
    headers: dict = field(default_factory=dict)


class FakeSlack:
    def __init__(self):
        self.calls: list[Call] = []
        self._cond = threading.Condition()
        self._scripts: dict[str, deque[Scripted]] = defaultdict(deque)
        self._ts = itertools.count(1)
        self.departments: dict[str, str] = {}
        self.user_groups: dict[str, list[str]] = {}
        self.replies: dict[tuple[str, str], list[dict]] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.api_url = self.url + "/api/"
        self._thread = threading.Thread(target=self.server.serve_forever, name="fake-slack", daemon=True)

    # lifecycle ----------------------------------------------------------------------------------
    def start(self) -> FakeSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def reset(self) -> None:
        with self._cond:
            self.calls.clear()
            self._scripts.clear()

    # scripting and inspection ---------------------------------------------------------------------
    def script(self, method: str, *, status: int = 200, error: str | None = None, retry_after: int | None = None,
               times: int = 1) -> None:
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        body = {"ok": False, "error": error or ("ratelimited" if status == 429 else "internal_error")}
        for _ in range(times):
            self._scripts[method].append(Scripted(status, body, headers))

    def response_url(self, name: str) -> str:
        return f"{self.url}/response/{name}"

    def calls_to(self, method: str) -> list[Call]:
        with self._cond:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0, where=None) -> list[Call]:
        """Block until ``count`` calls of ``method`` (matching ``where``) were made; return them."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [c for c in self.calls if c.method == method and (where is None or where(c))]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = sorted({c.method for c in self.calls})
                    raise AssertionError(f"expected {count} call(s) to {method}, got {len(found)}; calls: {seen}")
                self._cond.wait(left)

    # responses -----------------------------------------------------------------------------------
    def _next_ts(self) -> str:
        return f"{1700000000 + next(self._ts)}.000100"

    def _answer(self, method: str, p: dict) -> dict:
        if method == "auth.test":
            return {"ok": True, "url": "https://coach-test.slack.com/", "team": "Coach Test", "user": "coach",
                    "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID, "is_enterprise_install": False}
        if method == "chat.postMessage":
            ts = self._next_ts()
            return {"ok": True, "channel": p.get("channel"), "ts": ts,
                    "message": {"type": "message", "text": p.get("text", ""), "bot_id": BOT_ID, "ts": ts}}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._next_ts()}
        if method in ("views.open", "views.publish", "views.update", "views.push"):
            return {"ok": True, "view": {"id": "V0VIEW", **(p.get("view") or {})}}
        if method == "users.info":
            user = p.get("user")
            profile = {"real_name": f"Person {user}"}
            if user in self.departments:
                profile["department"] = self.departments[user]
            return {"ok": True, "user": {"id": user, "team_id": TEAM_ID, "profile": profile}}
        if method == "usergroups.users.list":
            return {"ok": True, "users": self.user_groups.get(p.get("usergroup"), [])}
        if method == "conversations.replies":
            return {"ok": True, "messages": self.replies.get((p.get("channel"), p.get("ts")), []),
                    "has_more": False}
        if method == "oauth.v2.access":
            return {"ok": True, "app_id": APP_ID, "authed_user": {"id": "U0INSTALLER"}, "token_type": "bot",
                    "scope": "chat:write,commands", "access_token": "xoxb-from-oauth-0000", "bot_user_id": BOT_USER_ID,
                    "team": {"id": "T0NEW", "name": "New Team"}, "enterprise": None, "is_enterprise_install": False}
        return {"ok": True}

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output clean
                pass

            def do_GET(self):
                self._handle(b"")

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                self._handle(self.rfile.read(length))

            def _handle(self, raw: bytes):
                url = urlparse(self.path)
                params = {k: v[0] for k, v in parse_qs(url.query).items()}
                text = raw.decode("utf-8") if raw else ""
                if "json" in (self.headers.get("Content-Type") or "") and text:
                    params.update(json.loads(text))
                elif text:
                    params.update({k: v[0] for k, v in parse_qs(text, keep_blank_values=True).items()})
                for key in ("blocks", "view", "attachments", "prompts"):
                    if isinstance(params.get(key), str):
                        try:
                            params[key] = json.loads(params[key])
                        except ValueError:
                            pass
                if url.path.startswith("/response/"):
                    method = "response_url:" + url.path.rsplit("/", 1)[-1]
                else:
                    method = url.path.removeprefix("/api/")
                scripted = None
                with fake._cond:
                    if fake._scripts.get(method):
                        scripted = fake._scripts[method].popleft()
                    fake.calls.append(Call(method, params, dict(self.headers)))
                    fake._cond.notify_all()
                if scripted is not None:
                    status, body, headers = scripted.status, scripted.body, scripted.headers
                elif method.startswith("response_url:"):
                    status, body, headers = 200, None, {}
                else:
                    status, body, headers = 200, fake._answer(method, params), {}
                payload = b"ok" if body is None else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/plain" if body is None else "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(payload)

        return Handler
