"""Microsoft Graph, GitHub and Anthropic's usage APIs on 127.0.0.1, serving the documented payloads.

``FakeVendors()`` (a context manager) runs two servers: ``api_url`` answers Microsoft's sign-in (client
credentials), Graph's Copilot usage report and ``/users``, GitHub's users-1-day report and Copilot seats, and
Claude's analytics users; ``storage_url`` is another host serving GitHub's signed report files (it refuses a
request that carries an Authorization header, as signed storage does). ``settings(**overrides)`` points every
source at the fakes with the known secrets below.

Switches: ``page_size`` (rows a page, 2 by default, so every listing takes several pages); ``report_files``
(download links a GitHub report has); ``token_lifetime`` (the app token's ``expires_in``); ``malformed``
(routes whose rows are broken: a bad date, email or login, or a truncated NDJSON line); ``fail(route, status,
times, headers, body)`` (the next answers of a route, e.g. 429 with Retry-After, 500, or a 200 with a broken
body). ``requests`` records what arrived: server, route, method, path, query, headers (lower-case names), form."""

from __future__ import annotations

import json
import re
import threading
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Self
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

from bot.config import Settings

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Known secrets: tests assert they never show up in a log line or an error
GRAPH_TOKEN = "graph-bearer-4f9c0d7e1a"
GRAPH_CLIENT_SECRET = "graph-app-secret-8b1e6f2c"
GITHUB_TOKEN = "github_pat_fake_3c7a91d05e"
ANTHROPIC_KEY = "sk-ant-api01-fake-6d2b84f1"
TENANT, CLIENT_ID, ORG = "contoso.onmicrosoft.com", "5b0c6f6e-1d2a-4c3b-9e8f-7a6b5c4d3e2f", "octo-org"
REPORT_DAY = "2026-04-25"  # the day of GitHub's sample users report
SIGNATURE = {"sv": "2026-01-01", "se": "2026-04-26T06:00:00Z", "sig": "c2lnbmF0dXJlLW9mLWEtc2lnbmVkLWxpbms"}

ROUTES = [  # (server, method, path pattern, route name)
    ("api", "POST", rf"/{re.escape(TENANT)}/oauth2/v2\.0/token", "graph-token"),
    ("api", "GET", r"/beta/reports/getMicrosoft365CopilotUsageUserDetail\(period='(D7|D30|D90|D180|ALL)'\)",
     "graph-report"),
    ("api", "GET", r"/v1\.0/users", "graph-users"),
    ("api", "GET", rf"/orgs/{ORG}/copilot/metrics/reports/users-1-day", "github-report"),
    ("api", "GET", rf"/orgs/{ORG}/copilot/billing/seats", "github-seats"),
    ("api", "GET", r"/v1/organizations/analytics/users", "claude-users"),
    ("storage", "GET", r"/copilot-usage/users-1-day/(\d{4}-\d\d-\d\d)/part-(\d+)\.ndjson", "github-download"),
]


def fixture(*parts: str) -> dict:
    return json.loads(FIXTURES.joinpath(*parts).read_text())


@dataclass
class Seen:
    """One request the fakes received."""

    server: str  # "api" or "storage"
    route: str  # a route name of ROUTES, or "unknown"
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    form: dict[str, str] = field(default_factory=dict)


@dataclass
class Answer:
    status: int
    body: str | bytes | dict | list = b""
    headers: dict[str, str] = field(default_factory=dict)


class FakeVendors:
    def __init__(self):
        self.requests: list[Seen] = []
        self.page_size = 2
        self.report_files = 2
        self.token_lifetime = 3599
        self.malformed: set[str] = set()
        self.issued: list[str] = []  # app tokens handed out by the sign-in route
        self._scripts: dict[str, deque[Answer]] = defaultdict(deque)
        self._lock = threading.Lock()
        self._servers = {name: ThreadingHTTPServer(("127.0.0.1", 0), self._handler(name))
                         for name in ("api", "storage")}
        for server in self._servers.values():
            server.daemon_threads = True
        self.api_url = self._url("api")
        self.storage_url = self._url("storage")
        self._threads = [threading.Thread(target=s.serve_forever, args=(0.02,), name=f"fake-{n}", daemon=True)
                         for n, s in self._servers.items()]  # a short poll: shutdown() waits for it

    def _url(self, name: str) -> str:
        return f"http://127.0.0.1:{self._servers[name].server_address[1]}"

    # lifecycle and switches -----------------------------------------------------------------------
    def __enter__(self) -> Self:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        for server in self._servers.values():
            server.shutdown()
            server.server_close()

    def settings(self, **overrides) -> Settings:
        """Settings pointing every pulled source at the fakes: Graph by client credentials (pass
        ``graph_token=GRAPH_TOKEN`` for a ready token), GitHub and Claude by their tokens."""
        values = {"graph_url": self.api_url, "graph_login_url": self.api_url, "graph_tenant_id": TENANT,
                  "graph_client_id": CLIENT_ID, "graph_client_secret": GRAPH_CLIENT_SECRET,
                  "github_api_url": self.api_url, "github_org": ORG, "github_token": GITHUB_TOKEN,
                  "anthropic_api_url": self.api_url, "claude_analytics_key": ANTHROPIC_KEY}
        return Settings(**{**values, **overrides})

    def fail(self, route: str, status: int, *, times: int = 1, headers: dict | None = None,
             body: str | dict | None = None) -> None:
        """The next ``times`` requests of ``route`` get this answer instead (after being recorded)."""
        default = {"error": {"code": "Failure", "message": f"scripted {status}"}}
        for _ in range(times):
            self._scripts[route].append(Answer(status, default if body is None else body, dict(headers or {})))

    def seen(self, route: str) -> list[Seen]:
        return [r for r in self.requests if r.route == route]

    # the routes -----------------------------------------------------------------------------------
    def _answer(self, seen: Seen, groups: tuple[str, ...]) -> Answer:
        refused = self._refuse(seen)
        if refused:
            return refused
        return getattr(self, "_" + seen.route.replace("-", "_"))(seen, *groups)

    def _refuse(self, seen: Seen) -> Answer | None:
        """The vendors' own 401s for a missing or wrong secret."""
        headers, vendor = seen.headers, seen.route.split("-")[0]
        graph_bearers = {f"Bearer {t}" for t in (GRAPH_TOKEN, *self.issued)}
        if vendor == "graph" and seen.route != "graph-token" and headers.get("authorization") not in graph_bearers:
            return Answer(401, {"error": {"code": "InvalidAuthenticationToken",
                                          "message": "Access token validation failure."}})
        if vendor == "github" and seen.route != "github-download":
            if headers.get("authorization") != f"Bearer {GITHUB_TOKEN}":
                return Answer(401, {"message": "Bad credentials", "status": "401",
                                    "documentation_url": "https://docs.github.com/rest"})
            if headers.get("accept") != "application/vnd.github+json" or \
                    headers.get("x-github-api-version") != "2022-11-28":
                return Answer(400, {"message": "Unsupported API version or media type"})
        if vendor == "claude":
            if headers.get("x-api-key") != ANTHROPIC_KEY:
                return Answer(401, {"type": "error", "error": {"type": "authentication_error",
                                                               "message": "invalid x-api-key"}})
            if headers.get("anthropic-version") != "2023-06-01":
                return Answer(400, {"type": "error", "error": {"type": "invalid_request_error",
                                                               "message": "anthropic-version header is required"}})
        return None

    def _page(self, rows: list, start: int, size: int | None = None) -> tuple[list, int | None]:
        """Rows from ``start`` on, at most a page of them, and where the next page starts (None: last)."""
        end = start + min(size or self.page_size, self.page_size)
        return rows[start:end], (end if end < len(rows) else None)

    def _graph_token(self, seen: Seen) -> Answer:
        form = seen.form
        if form.get("client_id") != CLIENT_ID or form.get("client_secret") != GRAPH_CLIENT_SECRET:
            return Answer(401, {"error": "invalid_client", "error_codes": [7000215],
                                "error_description": "AADSTS7000215: Invalid client secret provided."})
        if form.get("grant_type") != "client_credentials" or form.get("scope") != "https://graph.microsoft.com/.default":
            return Answer(400, {"error": "invalid_request", "error_description": "AADSTS900144: bad request."})
        token = f"graph-app-token-{len(self.issued) + 1}"
        self.issued.append(token)
        return Answer(200, {"token_type": "Bearer", "expires_in": self.token_lifetime,
                            "ext_expires_in": self.token_lifetime, "access_token": token})

    def _graph_listing(self, seen: Seen, document: dict) -> Answer:
        rows, start = document["value"], int(seen.query.get("$skiptoken", "0"))
        page, following = self._page(rows, start, int(seen.query.get("$top", "0")) or None)
        body = {"@odata.context": document["@odata.context"], "value": page}
        if following is not None:
            query = {k: v for k, v in seen.query.items() if k != "$skiptoken"}
            body["@odata.nextLink"] = f"{self.api_url}{seen.path}?{urlencode(query, safe='$,/')}&$skiptoken={following}"
        return Answer(200, body)

    def _graph_report(self, seen: Seen, _period: str) -> Answer:
        if seen.query.get("$format") != "application/json":  # Graph would redirect to a CSV download
            return Answer(400, {"error": {"code": "BadRequest", "message": "this fake serves $format=application/json only"}})
        document = fixture("m365-copilot", "copilot-usage-user-detail.json")
        if "graph-report" in self.malformed:
            document["value"][1]["wordCopilotLastActivityDate"] = "last Tuesday"
        return self._graph_listing(seen, document)

    def _graph_users(self, seen: Seen) -> Answer:
        document = fixture("m365-copilot", "entra-users.json")
        if "graph-users" in self.malformed:
            document["value"][1]["mail"] = "ben.okafor-at-example.com"
        return self._graph_listing(seen, document)

    def _report_rows(self) -> list[dict]:
        return fixture("github-copilot", "organization-users-1-day-report.json")["day_totals"]

    def _github_report(self, seen: Seen) -> Answer:
        day = seen.query.get("day", "")
        if day != REPORT_DAY:
            return Answer(404, {"message": "Not Found", "status": "404"})
        document = fixture("github-copilot", "download-links-organization-1-day.json")
        document["download_links"] = [
            f"{self.storage_url}/copilot-usage/users-1-day/{day}/part-{n}.ndjson?{urlencode(SIGNATURE)}"
            for n in range(1, self.report_files + 1)]
        document["report_day"] = day
        return Answer(200, document)

    def _github_download(self, seen: Seen, day: str, part: str) -> Answer:
        if "authorization" in seen.headers:  # signed storage refuses a second authentication
            return Answer(400, "<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism "
                               "allowed</Message></Error>", {"Content-Type": "application/xml"})
        if seen.query.get("sig") != SIGNATURE["sig"]:
            return Answer(403, "<Error><Code>AuthenticationFailed</Code></Error>", {"Content-Type": "application/xml"})
        rows = self._report_rows() if day == REPORT_DAY else []
        lines = [json.dumps(row) for row in rows[int(part) - 1::self.report_files]]
        if "github-download" in self.malformed and int(part) == self.report_files:
            lines.append('{"user_id": 4, "user_login": "broken", "day": "2026-04-')
        return Answer(200, "".join(line + "\n" for line in lines), {"Content-Type": "application/x-ndjson"})

    def _github_seats(self, seen: Seen) -> Answer:
        document = fixture("github-copilot", "organization_seats_response_sample.json")
        seats, per_page = document["seats"], min(int(seen.query.get("per_page", "50")), 100)
        size = min(per_page, self.page_size)
        number = int(seen.query.get("page", "1"))
        page, _ = self._page(seats, (number - 1) * size, size)
        if "github-seats" in self.malformed and number == 2:
            del page[0]["assignee"]
        last = -(-len(seats) // size)

        def link(n: int, rel: str) -> str:
            return f'<{self.api_url}{seen.path}?{urlencode({"per_page": per_page, "page": n})}>; rel="{rel}"'

        links = ([link(number + 1, "next"), link(last, "last")] if number < last else []) + \
            ([link(1, "first"), link(number - 1, "prev")] if number > 1 else [])
        return Answer(200, {"total_seats": document["total_seats"], "seats": page},
                      {"Link": ", ".join(links)} if links else {})

    def _claude_users(self, seen: Seen) -> Answer:
        if not re.fullmatch(r"\d{4}-\d\d-\d\d", seen.query.get("date", "")):
            return Answer(400, {"type": "error", "error": {"type": "invalid_request_error",
                                                           "message": "date must be YYYY-MM-DD"}})
        rows = fixture("claude", "analytics-users.json")["data"]
        cursor = seen.query.get("page")
        start = int(cursor.removeprefix("cursor_")) if cursor else 0
        page, following = self._page(rows, start, int(seen.query.get("limit", "20")))
        if "claude-users" in self.malformed and start > 0:
            page[0]["user"]["email_address"] = "not-an-email"
        return Answer(200, {"data": page, "next_page": f"cursor_{following}" if following is not None else None})

    # HTTP plumbing --------------------------------------------------------------------------------
    def _handler(self, server_name: str):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def do_GET(self):
                self._serve("GET")

            def do_POST(self):
                self._serve("POST")

            def _serve(self, method: str) -> None:
                url = urlsplit(self.path)
                path = unquote(url.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode() if length else ""
                route, groups = "unknown", ()
                for server, verb, pattern, name in ROUTES:
                    match = re.fullmatch(pattern, path)
                    if server == server_name and verb == method and match:
                        route, groups = name, match.groups()
                        break
                seen = Seen(server_name, route, method, path,
                            {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()},
                            {k.lower(): v for k, v in self.headers.items()},
                            {k: v[0] for k, v in parse_qs(raw).items()})
                with fake._lock:
                    fake.requests.append(seen)
                    scripted = fake._scripts[route].popleft() if fake._scripts[route] else None
                if scripted is not None:
                    answer = scripted
                elif route == "unknown":
                    answer = Answer(404, {"message": "Not Found"})
                else:
                    answer = fake._answer(seen, groups)
                self._send(answer)

            def _send(self, answer: Answer) -> None:
                body, headers = answer.body, dict(answer.headers)
                if isinstance(body, dict | list):
                    body = json.dumps(body)
                    headers.setdefault("Content-Type", "application/json; charset=utf-8")
                data = body.encode() if isinstance(body, str) else body
                self.send_response(answer.status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler
