"""`coach web --local`: a local admin signs in with a form (CSRF-protected) on this machine only; other machines,
other host names (DNS rebinding) and Slack sign-in are refused; `--local --host 0.0.0.0` is refused."""

from __future__ import annotations

import base64
import dataclasses
import json
import time

import pytest
from itsdangerous import TimestampSigner
from pydantic import SecretStr
from starlette.testclient import TestClient

from bot.web.app import CSRF_COOKIE, SESSION_COOKIE, build_web_app
from tests.conftest import cli_env, run_coach
from tests.slack.fake_slack import TEAM_ID
from tests.web.live import ADMIN
from tests.web.routes import page_endpoints

SECRET = "local-mode-session-secret-0123456789abcdef"
HERE = ("127.0.0.1", 50123)


@pytest.fixture(scope="module")
def local_app(web):
    """The local dashboard of the module's database (Slack sign-in is configured there too, and must not work)."""
    settings = web.container.settings.model_copy(update={"web_session_secret": SecretStr(SECRET)})
    deps = dataclasses.replace(web.container.web_deps(local=True), settings=settings)
    assert deps.slack_sign_in and deps.local
    return build_web_app(deps)


def local_client(app, base_url: str = "http://127.0.0.1:8080", client=HERE) -> TestClient:
    return TestClient(app, base_url=base_url, client=client, follow_redirects=False)


def sign_in_locally(client: TestClient, next_path: str = "/app"):
    page = client.get("/app/login")
    assert page.status_code == 200 and "Continue as the local admin" in page.text
    return client.post("/app/login/local", data={"csrftoken": client.cookies.get(CSRF_COOKIE), "next": next_path})


def test_the_local_admin_signs_in_with_the_form_and_sees_every_page(local_app):
    with local_client(local_app) as client:
        assert client.get("/app").headers["location"] == "/app/login?next=%2Fapp"
        done = sign_in_locally(client, "/app?x=1")
        assert done.status_code == 303 and done.headers["location"] == "/app?x=1"
        home = client.get("/app")
        assert home.status_code == 200 and "Local admin" in home.text
        for endpoint in page_endpoints(local_app):
            if endpoint.method == "GET":
                assert client.get(endpoint.path).status_code not in (303, 401, 403), endpoint


def test_signing_in_locally_needs_the_csrf_token(local_app):
    with local_client(local_app) as client:
        no_cookies = client.post("/app/login/local", data={"next": "/app"})  # a page elsewhere posting the form
        assert no_cookies.status_code == 403 and SESSION_COOKIE not in no_cookies.headers.get("set-cookie", "")
        client.get("/app/login")
        for fields in ({}, {"csrftoken": "wrong"}):
            refused = client.post("/app/login/local", data={**fields, "next": "/app"})
            assert refused.status_code == 403 and SESSION_COOKIE not in refused.headers.get("set-cookie", "")
        assert client.get("/app").status_code == 303


def test_another_machine_is_refused(local_app):
    with local_client(local_app, client=("203.0.113.5", 1234)) as client:
        for response in (client.get("/app/login"), client.get("/app"), client.get("/app/static/coach.css"),
                         client.post("/app/login/local", data={"next": "/app"})):
            assert response.status_code == 403 and "this machine only" in response.text
            assert "set-cookie" not in response.headers
            assert response.headers["x-frame-options"] == "DENY"


def test_a_host_name_other_than_this_machines_is_refused(local_app):
    """DNS rebinding: a site whose name now points at 127.0.0.1 reads the pages in the browser as its own."""
    for base in ("http://evil.example:8080", "http://127.0.0.1.evil.example", "http://10.0.0.1:8080"):
        with local_client(local_app, base_url=base) as client:
            page = client.get("/app/login")
            assert page.status_code == 403 and "this machine only" in page.text, base
    for base in ("http://localhost:8080", "http://127.0.0.1", "http://[::1]:8080"):
        with local_client(local_app, base_url=base) as client:
            assert client.get("/app/login").status_code == 200, base


def test_sign_in_with_slack_is_not_set_up_on_the_local_dashboard(local_app):
    with local_client(local_app) as client:
        page = client.get("/app/login")
        assert "Sign in with Slack</a>" not in page.text
        for path in ("/app/login/slack", "/app/auth/slack?code=x&state=y"):
            response = client.get(path)
            assert response.status_code == 404 and "not set up" in response.text, path
            assert SESSION_COOKIE not in response.headers.get("set-cookie", "")
        assert client.get("/app").status_code == 303


def _slack_session() -> str:
    data = {"user": {"id": ADMIN, "team": TEAM_ID, "name": "Ada Admin", "at": int(time.time())}}
    return TimestampSigner(SECRET).sign(base64.b64encode(json.dumps(data).encode())).decode()


def test_a_slack_session_is_refused_by_the_local_dashboard(local_app):
    with local_client(local_app) as client:
        refused = client.get("/app", headers={"cookie": f"{SESSION_COOKIE}={_slack_session()}"})
        assert refused.status_code == 303 and refused.headers["location"].startswith("/app/login")


def test_the_local_sign_in_is_refused_by_a_dashboard_that_signs_in_with_slack(web):
    client = web.client()
    client.get("/app/login")
    refused = client.post("/app/login/local", data={"csrftoken": "", "next": "/app"})
    assert refused.status_code == 403
    signed_in = web.client(ADMIN)
    token = web.csrf(signed_in)
    refused = signed_in.post("/app/login/local", data={"csrftoken": token, "next": "/app"})
    assert refused.status_code == 403 and "only with `coach web --local`" in refused.text
    assert "Ada Admin" in signed_in.get("/app").text  # still signed in as who they were


def test_coach_web_local_on_every_address_is_refused_in_one_line(web, capsys, monkeypatch):
    for host in ("0.0.0.0", "::", "192.0.2.7", "example.com"):
        code, out, err = run_coach(["web", "--local", "--host", host], capsys, monkeypatch, cli_env(web.container))
        assert code == 2 and out == "", (host, out, err)
        assert err.strip().count("\n") == 0 and "--local serves this machine only" in err and host in err, err
