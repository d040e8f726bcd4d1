"""A fake Slack Web API on 127.0.0.1 for tests and the benchmark: records every call, answers like Slack.

Point a WebClient at ``FakeSlack.api_url``. Calls are kept as ``Call(method, params, headers)``; ``params``
merges form fields and JSON bodies, with ``blocks``/``view`` decoded when they came as JSON strings.
``script(method, ...)`` makes the next calls of a method fail (a 429 with Retry-After, an error, a 500).
``response_url(name)`` gives a URL that records what the app posts to a slash command's or button's
response_url. ``rate_limit(method, per_second)`` enforces a rate limit (429 with Retry-After past it).
Posted messages are kept per channel (``posted``, DMs to a user id under ``D…``) and answered by
conversations.history; channel members come from ``channel_members``; Sign in with Slack (OpenID Connect):
GET /openid/connect/authorize signs in ``oidc_user`` at once (as a person who clicks Allow) and sends the browser
back to the redirect_uri with a code, which openid.connect.token exchanges for an RS256 ID token; files_upload_v2's three steps work
(``uploads`` holds the bytes received). Departments live where Slack keeps them, in a custom profile field:
team.profile.get lists ``profile_fields`` (one labelled "Department"), users.profile.get returns each
person's ``departments`` entry under ``profile.fields`` (users.info and users.list carry no department)."""

from __future__ import annotations

import base64
import itertools
import json
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

BOT_USER_ID, BOT_ID, TEAM_ID, APP_ID = "U0BOT", "B0BOT", "T0TEST", "A0COACH"
DEPARTMENT_FIELD, START_FIELD = "Xf0DEPT0001", "Xf0START001"


def default_profile_fields() -> list[dict]:
    """team.profile.get's field definitions, as Slack documents them: a start date, then the department."""
    common = {"hint": "", "possible_values": None, "options": {"is_protected": False, "is_scim": False},
              "is_hidden": False, "section_id": "Xs0ABOUT001", "permissions": {"ui": True, "api": [], "scim": False}}
    return [{"id": START_FIELD, "ordering": 0, "field_name": "", "label": "Start date", "type": "date", **common},
            {"id": DEPARTMENT_FIELD, "ordering": 1, "field_name": "", "label": "Department", "type": "text", **common}]


@cache
def _signing_key():
    """The fake's RSA key for ID tokens (Slack signs them with RS256)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _basic_user(header: str | None) -> str | None:
    if not header or not header.startswith("Basic "):
        return None
    return base64.b64decode(header[6:]).decode().split(":", 1)[0]


@dataclass
class Call:
    method: str  # Web API method, or "response_url:<name>"
    params: dict
    headers: dict = field(default_factory=dict)
    at: float = field(default_factory=time.perf_counter)  # when the call arrived
    status: int = 200  # the HTTP status the fake answered with


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
        self.departments: dict[str, str] = {}  # user -> value of the "Department" custom profile field
        self.profile_fields: list[dict] = default_profile_fields()
        self.user_groups: dict[str, list[str]] = {}
        self.replies: dict[tuple[str, str], list[dict]] = {}
        self.channel_members: dict[str, list[str]] = {}
        self.posted: dict[str, list[dict]] = defaultdict(list)  # channel -> messages, oldest first
        self.uploads: dict[str, bytes] = {}  # file id -> uploaded bytes
        self._limits: dict[str, tuple[int, int]] = {}  # method -> (calls per second, Retry-After)
        self._windows: dict[str, tuple[int, int]] = {}  # method -> (second, calls in it)
        self._files = itertools.count(1)
        # Sign in with Slack: who the authorize page signs in (sub, team and name claims), and the codes it gave
        self.oidc_user: dict = {"sub": "U0ADMIN", "team": TEAM_ID, "name": "Ada Admin"}
        self.oidc_client_id = "1111.2222"
        self._codes: dict[str, dict] = {}
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
            self.posted.clear()
            self.uploads.clear()
            self.channel_members.clear()
            self._limits.clear()
            self._windows.clear()
            self.profile_fields = default_profile_fields()

    # scripting and inspection ---------------------------------------------------------------------
    def script(self, method: str, *, status: int = 200, error: str | None = None, retry_after: int | None = None,
               times: int = 1) -> None:
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        body = {"ok": False, "error": error or ("ratelimited" if status == 429 else "internal_error")}
        for _ in range(times):
            self._scripts[method].append(Scripted(status, body, headers))

    def rate_limit(self, method: str, per_second: int, retry_after: int = 1) -> None:
        """At most ``per_second`` calls of ``method`` per wall-clock second; the rest get 429 + Retry-After."""
        with self._cond:
            self._limits[method] = (per_second, retry_after)

    def _limited(self, method: str) -> Scripted | None:  # called with the lock held
        if method not in self._limits:
            return None
        per_second, retry_after = self._limits[method]
        second = int(time.time())
        window, count = self._windows.get(method, (second, 0))
        if window != second:
            window, count = second, 0
        if count >= per_second:
            return Scripted(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(retry_after)})
        self._windows[method] = (window, count + 1)
        return None

    @staticmethod
    def dm_channel(user_or_channel: str) -> str:
        """Slack answers a post to a user id from the user's DM channel (D…)."""
        value = user_or_channel or ""
        return "D" + value[1:] if value[:1] in ("U", "W") else value

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
            ts, channel = self._next_ts(), self.dm_channel(p.get("channel"))
            message = {"type": "message", "text": p.get("text", ""), "bot_id": BOT_ID, "ts": ts}
            if isinstance(p.get("metadata"), dict):
                message["metadata"] = p["metadata"]
            with self._cond:
                self.posted[channel].append(message)
            return {"ok": True, "channel": channel, "ts": ts, "message": message}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": self.dm_channel((p.get("users") or "").split(",")[0])}}
        if method == "conversations.history":
            with self._cond:
                messages = list(reversed(self.posted.get(p.get("channel"), [])))
            if str(p.get("include_all_metadata")).lower() not in ("1", "true"):
                messages = [{k: v for k, v in m.items() if k != "metadata"} for m in messages]
            return {"ok": True, "messages": messages[: int(p.get("limit") or 100)], "has_more": False}
        if method == "conversations.members":
            members, start = self.channel_members.get(p.get("channel"), []), int(p.get("cursor") or 0)
            limit = int(p.get("limit") or 100)
            end = start + limit
            return {"ok": True, "members": members[start:end],
                    "response_metadata": {"next_cursor": str(end) if end < len(members) else ""}}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._files):08d}"
            return {"ok": True, "file_id": file_id, "upload_url": f"{self.url}/upload/{file_id}"}
        if method == "files.completeUploadExternal":
            files = p.get("files") or []
            return {"ok": True, "files": [{"id": f.get("id"), "title": f.get("title")} for f in files]}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._next_ts()}
        if method in ("views.open", "views.publish", "views.update", "views.push"):
            return {"ok": True, "view": {"id": "V0VIEW", **(p.get("view") or {})}}
        if method == "users.info":
            user = p.get("user")
            return {"ok": True, "user": {"id": user, "team_id": TEAM_ID, "profile": {"real_name": f"Person {user}"}}}
        if method == "team.profile.get":
            return {"ok": True, "profile": {"fields": self.profile_fields,
                                           "sections": [{"id": "Xs0ABOUT001", "team_id": TEAM_ID,
                                                         "section_type": "about_me", "label": "About me",
                                                         "order": 1, "is_hidden": False}]}}
        if method == "users.profile.get":
            user = p.get("user")
            fields = {START_FIELD: {"value": "2024-01-15", "alt": ""}}
            if user in self.departments:
                fields[DEPARTMENT_FIELD] = {"value": self.departments[user], "alt": ""}
            return {"ok": True, "profile": {"title": "", "phone": "", "skype": "", "real_name": f"Person {user}",
                                            "real_name_normalized": f"Person {user}", "display_name": "",
                                            "display_name_normalized": "", "fields": fields, "status_text": "",
                                            "status_emoji": "", "status_expiration": 0}}
        if method == "usergroups.users.list":
            return {"ok": True, "users": self.user_groups.get(p.get("usergroup"), [])}
        if method == "users.list":  # everyone the fake knows: channel members and people with a department
            known = sorted({u for members in self.channel_members.values() for u in members} | set(self.departments))
            start, limit = int(p.get("cursor") or 0), int(p.get("limit") or 100)
            page = [{"id": u, "team_id": TEAM_ID, "is_bot": u == BOT_USER_ID, "deleted": False,
                     "profile": {"real_name": f"Person {u}", "email": f"{u.lower()}@example.com"}}
                    for u in known[start:start + limit]]
            more = start + limit < len(known)
            return {"ok": True, "members": page, "response_metadata": {"next_cursor": str(start + limit) if more else ""}}
        if method == "conversations.replies":
            return {"ok": True, "messages": self.replies.get((p.get("channel"), p.get("ts")), []),
                    "has_more": False}
        if method == "openid.connect.token":
            return self._id_token(p)  # the client id and secret come as HTTP Basic auth (client_id below)
        if method == "oauth.v2.access":
            return {"ok": True, "app_id": APP_ID, "authed_user": {"id": "U0INSTALLER"}, "token_type": "bot",
                    "scope": "chat:write,commands", "access_token": "xoxb-from-oauth-0000", "bot_user_id": BOT_USER_ID,
                    "team": {"id": "T0NEW", "name": "New Team"}, "enterprise": None, "is_enterprise_install": False}
        return {"ok": True}

    def authorize(self, query: dict) -> str:
        """Slack's authorize page, for a person who clicks Allow: the URL it sends the browser back to."""
        code = f"code-{next(self._files)}"
        with self._cond:
            self._codes[code] = {**self.oidc_user, "nonce": query.get("nonce"), "redirect_uri": query.get("redirect_uri"),
                                 "client_id": query.get("client_id")}
        separator = "&" if "?" in (query.get("redirect_uri") or "") else "?"
        return f"{query.get('redirect_uri')}{separator}{urlencode({'code': code, 'state': query.get('state', '')})}"

    def _id_token(self, p: dict) -> dict:
        """openid.connect.token, as Slack documents it: an access token and a signed ID token."""
        with self._cond:
            grant = self._codes.pop(p.get("code"), None)
        if grant is None or p.get("redirect_uri") != grant["redirect_uri"] or p.get("client_id") != grant["client_id"]:
            return {"ok": False, "error": "invalid_code"}
        now = int(time.time())
        claims = {"iss": "https://slack.com", "sub": grant["sub"], "aud": grant["client_id"], "exp": now + 3600,
                  "iat": now, "auth_time": now, "nonce": grant["nonce"], "at_hash": "x", "name": grant.get("name"),
                  "https://slack.com/team_id": grant["team"], "https://slack.com/user_id": grant["sub"],
                  "email": f"{grant['sub'].lower()}@example.com", "email_verified": True}
        claims.update(grant.get("extra") or {})
        token = jwt.encode(claims, _signing_key(), algorithm="RS256", headers={"kid": "fake"})
        return {"ok": True, "access_token": "xoxp-oidc-0000", "token_type": "Bearer", "id_token": token}

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output clean
                pass

            def do_GET(self):
                if self.path.startswith("/openid/connect/authorize"):
                    query = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
                    with fake._cond:
                        fake.calls.append(Call("openid.authorize", query, dict(self.headers)))
                    self.send_response(302)
                    self.send_header("Location", fake.authorize(query))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self._handle(b"")

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                if self.path.startswith("/upload/"):  # files_upload_v2's step 2: the file's bytes
                    file_id = self.path.rsplit("/", 1)[-1]
                    with fake._cond:
                        fake.uploads[file_id] = raw
                        fake.calls.append(Call("upload", {"file_id": file_id, "length": len(raw)}, dict(self.headers)))
                        fake._cond.notify_all()
                    self._reply(200, b"OK - %d" % len(raw), {}, "text/plain")
                    return
                self._handle(raw)

            def _handle(self, raw: bytes):
                url = urlparse(self.path)
                params = {k: v[0] for k, v in parse_qs(url.query).items()}
                text = raw.decode("utf-8") if raw else ""
                if "json" in (self.headers.get("Content-Type") or "") and text:
                    params.update(json.loads(text))
                elif text:
                    params.update({k: v[0] for k, v in parse_qs(text, keep_blank_values=True).items()})
                for key in ("blocks", "view", "attachments", "prompts", "metadata", "files"):
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
                    scripted = scripted or fake._limited(method)
                    fake.calls.append(Call(method, params, dict(self.headers), status=scripted.status if scripted else 200))
                    fake._cond.notify_all()
                if method == "openid.connect.token":  # slack_sdk sends the client's id and secret as Basic auth
                    params = {**params, "client_id": _basic_user(self.headers.get("Authorization"))}
                if scripted is not None:
                    status, body, headers = scripted.status, scripted.body, scripted.headers
                elif method.startswith("response_url:"):
                    status, body, headers = 200, None, {}
                else:
                    status, body, headers = 200, fake._answer(method, params), {}
                payload = b"ok" if body is None else json.dumps(body).encode()
                self._reply(status, payload, headers, "text/plain" if body is None else "application/json")

            def _reply(self, status: int, payload: bytes, headers: dict, content_type: str):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(payload)

        return Handler
