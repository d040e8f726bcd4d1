"""The dashboard served for real on 127.0.0.1 (uvicorn on a thread), beside a fake Slack that signs people in
with OpenID Connect. ``LiveWeb.client(user)`` is an httpx client signed in through the whole flow;
``LiveWeb.sign_in(page, user)`` does the same in a Playwright page by clicking "Sign in with Slack"."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

import httpx
from pydantic import SecretStr

from tests.conftest import make_container
from tests.slack.fake_slack import TEAM_ID, FakeSlack

ADMIN, HR, MANAGER, EMPLOYEE = "U0ADMIN", "U0HRPERSON", "U0MANAGER", "U0EMPLOYEE"
NAMES = {ADMIN: "Ada Admin", HR: "Hana HR", MANAGER: "Max Manager", EMPLOYEE: "Emil Employee"}
ARTIFACTS = Path(os.environ.get("COACH_TEST_ARTIFACTS", "build/test-artifacts")) / "web"
CHROMIUM = Path(os.environ.get("COACH_TEST_CHROMIUM", "/usr/bin/chromium"))


class _Client(httpx.Client):
    """A client that may be used in a ``with`` block after it signed in (httpx opens a client only once)."""

    def __enter__(self):
        return self


@dataclass
class LiveWeb:
    url: str  # http://127.0.0.1:PORT, no trailing slash
    container: object
    slack: FakeSlack

    def login_as(self, user: str, team: str = TEAM_ID) -> None:
        """The person the fake Slack signs in next."""
        self.slack.oidc_user = {"sub": user, "team": team, "name": NAMES.get(user, user)}

    def client(self, user: str | None = None, team: str = TEAM_ID) -> httpx.Client:
        """A client with no session, or signed in as ``user`` through Sign in with Slack."""
        client = _Client(base_url=self.url, follow_redirects=False, timeout=30)
        if user is not None:
            self.login_as(user, team)
            response = client.get("/app/login/slack", follow_redirects=True)
            assert response.status_code == 200 and str(response.url).startswith(self.url), response.text[:300]
        return client

    def sign_in(self, page, user: str, path: str = "/app") -> None:
        """Sign in in the browser as a person does: the sign-in page, then the Slack button."""
        self.login_as(user)
        page.goto(self.url + path)
        page.get_by_role("link", name="Sign in with Slack").click()
        page.wait_for_url(lambda url: "/app/login" not in url)

    def csrf(self, client: httpx.Client, path: str = "/app") -> str:
        """The CSRF token the dashboard's forms carry (after a page was read, its cookie is set)."""
        client.get(path)
        return client.cookies.get("coach_csrf", path="/app") or client.cookies.get("coach_csrf")

    @staticmethod
    def shot(page, name: str) -> Path:
        """A full-page screenshot kept as a test artefact (build/test-artifacts/web, or COACH_TEST_ARTIFACTS)."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


@contextlib.contextmanager
def live_web(data_dir: Path, embeddings=None, **settings):
    """Serve the dashboard of a fresh, migrated container until the block ends."""
    from bot.slack.http import bind
    from bot.web.server import serve_in_thread

    fake = FakeSlack().start()
    sock = bind("127.0.0.1", 0)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    base = dict(slack_bot_token=SecretStr("xoxb-1111-2222-webtestvalue"), slack_api_url=fake.api_url,
                web_client_id=fake.oidc_client_id, web_client_secret=SecretStr("web-client-secret"),
                web_base_url=url, web_authorize_url=fake.url + "/openid/connect/authorize",
                admins=[ADMIN], hr=[HR], managers=[MANAGER], nudges_enabled=False)
    container = make_container(data_dir, **{**base, **settings})
    if embeddings is not None:
        container.__dict__["embeddings"] = embeddings
    server, thread = serve_in_thread(container.web_app(), sock)
    try:
        yield LiveWeb(url, container, fake)
    finally:
        server.should_exit = True
        thread.join(10)
        fake.stop()
        container.engine.dispose()
