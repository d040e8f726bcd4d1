"""Sessions: every page needs one; a forged, tampered, foreign or expired session cookie reads as signed out; the
cookie is HttpOnly, SameSite=Lax, scoped to /app, and Secure when the dashboard is served over https://."""

from __future__ import annotations

import base64
import dataclasses
import json
import time
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import pytest
from itsdangerous import TimestampSigner
from pydantic import SecretStr
from starlette.testclient import TestClient

from bot.web.app import CSRF_COOKIE, SESSION_COOKIE, build_web_app, secure_cookies
from tests.slack.fake_slack import TEAM_ID
from tests.web.live import ADMIN, live_web
from tests.web.routes import db_digest, page_endpoints

SECRET = "session-secret-for-the-security-tests-0123456789"
SIGNED_OUT = "/app/login?next=%2Fapp"


@pytest.fixture(scope="module")
def web(tmp_path_factory, shared_embeddings):
    """The dashboard with a session secret the tests know, so they can sign cookies of their own."""
    with live_web(tmp_path_factory.mktemp("sessions"), shared_embeddings,
                  web_session_secret=SecretStr(SECRET)) as live:
        yield live


def cookie(data: dict, secret: str = SECRET, age: int = 0) -> str:
    """A session cookie as Starlette's SessionMiddleware writes it, signed ``age`` seconds ago."""
    class Signer(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - age

    return Signer(secret).sign(base64.b64encode(json.dumps(data).encode())).decode()


def person(user: str = ADMIN, name: str = "Forged Name", **extra) -> dict:
    return {"user": {"id": user, "team": TEAM_ID, "name": name, "at": int(time.time()), **extra}}


def get_home(web, value: str) -> httpx.Response:
    return web.client().get("/app", headers={"cookie": f"{SESSION_COOKIE}={value}"})


def assert_signed_out(response: httpx.Response) -> None:
    assert response.status_code == 303 and response.headers["location"] == SIGNED_OUT, response.text[:200]
    assert "Forged Name" not in response.text and response.content == b""


# 1. no session -------------------------------------------------------------------------------------------------

def test_every_page_sends_a_browser_without_a_session_to_sign_in_and_shows_nothing(web):
    pages = [e for e in page_endpoints(web.container.web_app()) if e.method == "GET"]
    assert {"/app"} <= {e.pattern for e in pages}
    client = web.client()
    for endpoint in pages:
        response = client.get(endpoint.path)
        assert response.status_code in (303, 401), f"{endpoint}: {response.status_code}"
        if response.status_code == 303:
            assert response.headers["location"] == "/app/login?next=" + quote(endpoint.path, safe=""), endpoint
            assert response.content == b"", endpoint
        else:
            assert response.text.startswith("Sign in first"), endpoint
        assert SESSION_COOKIE not in response.headers.get("set-cookie", ""), endpoint


def test_every_form_without_a_session_gets_401_and_changes_nothing(web):
    app = web.container.web_app()
    forms = [e for e in page_endpoints(app) if e.method != "GET"]
    assert forms, "no page takes a form: the actions (re-indexing, teaching) have gone"
    stranger = web.client()  # no cookies at all
    with_token = web.client(ADMIN)  # a valid CSRF cookie and token, then the session is dropped
    token = web.csrf(with_token)
    with_token.cookies.delete(SESSION_COOKIE)
    before = db_digest(web.container)
    for endpoint in forms:
        for client in (stranger, with_token):
            response = client.request(endpoint.method, endpoint.path, data={"csrftoken": token, "name": "x"})
            assert response.status_code == 401, f"{endpoint}: {response.status_code} {response.text[:200]}"
            assert response.text.startswith("Sign in first")
    assert db_digest(web.container) == before
    assert with_token.get("/app").status_code == 303


# 2. forged cookies ---------------------------------------------------------------------------------------------

def test_a_cookie_signed_with_the_secret_opens_the_dashboard(web):
    """The control for the refusals below: the forging itself works."""
    response = get_home(web, cookie(person()))
    assert response.status_code == 200 and "Forged Name" in response.text


def test_a_tampered_payload_or_signature_reads_as_signed_out(web):
    valid = cookie(person(name="Someone Else"))
    payload, stamp, signature = valid.split(".")
    other_payload = base64.b64encode(json.dumps(person()).encode()).decode()
    assert_signed_out(get_home(web, f"{other_payload}.{stamp}.{signature}"))
    flipped = signature[:-2] + ("AA" if signature[-2:] != "AA" else "BB")
    assert_signed_out(get_home(web, f"{payload}.{stamp}.{flipped}"))
    older_stamp = cookie(person(name="Someone Else"), age=600).split(".")[1]
    assert older_stamp != stamp
    assert_signed_out(get_home(web, f"{payload}.{older_stamp}.{signature}"))
    assert_signed_out(get_home(web, other_payload))  # no signature at all
    assert_signed_out(get_home(web, "null"))


def test_a_cookie_signed_with_another_secret_reads_as_signed_out(web):
    assert_signed_out(get_home(web, cookie(person(), secret="another-secret-entirely-0123456789")))


def test_a_cookie_older_than_the_session_hours_reads_as_signed_out(web):
    hours = web.container.settings.web_session_hours
    assert get_home(web, cookie(person(), age=hours * 3600 - 120)).status_code == 200
    assert_signed_out(get_home(web, cookie(person(), age=hours * 3600 + 60)))


def test_starting_another_sign_in_does_not_stretch_a_session_past_its_hours(web):
    """Starting a sign-in re-signs the cookie with a new timestamp; the session still ends when the sign-in it
    came from is COACH_WEB_SESSION_HOURS old (a stolen cookie cannot be kept alive that way)."""
    limit = web.container.settings.web_session_hours * 3600
    stale = person()
    stale["user"]["at"] = int(time.time()) - limit - 60
    assert_signed_out(get_home(web, cookie(stale)))
    ending = person()
    ending["user"]["at"] = int(time.time()) - limit + 3
    client = web.client()
    client.cookies.set(SESSION_COOKIE, cookie(ending, age=limit - 3), path="/app")
    assert client.get("/app").status_code == 200
    assert client.get("/app/login/slack").status_code == 303  # the cookie comes back signed anew
    time.sleep(4)
    assert_signed_out(client.get("/app"))


def test_a_session_without_its_sign_in_time_or_with_a_wrong_shape_reads_as_signed_out(web):
    for data in ({"user": {"id": ADMIN, "team": TEAM_ID, "name": "Forged Name"}},  # no sign-in time
                 {"user": ADMIN}, {"user": {"id": 5, "at": int(time.time())}}, {"oidc": {"state": "x"}}, {}):
        assert_signed_out(get_home(web, cookie(data)))


def test_a_local_admin_session_is_refused_by_a_dashboard_that_signs_in_with_slack(web):
    assert_signed_out(get_home(web, cookie({"user": {"id": "local", "local": True, "at": int(time.time()),
                                                     "name": "Forged Name"}})))


# 3. cookie attributes ------------------------------------------------------------------------------------------

def _attributes(set_cookie: str) -> dict[str, str]:
    parts = [part.strip() for part in set_cookie.split(";")]
    return {part.split("=", 1)[0].lower(): (part.split("=", 1)[1] if "=" in part else "") for part in parts[1:]}


def _set_cookies(response: httpx.Response) -> dict[str, dict[str, str]]:
    return {value.split("=", 1)[0]: _attributes(value) for value in response.headers.get_list("set-cookie")}


def _sign_in_by_hand(client, fake_get) -> httpx.Response:
    """The Slack sign-in step by step; the callback's response (it sets the session cookie)."""
    start = client.get("/app/login/slack")
    assert start.status_code == 303
    back = fake_get(start.headers["location"])
    assert back.status_code == 302
    callback = back.headers["location"]
    return client.get(callback[callback.index("/app/"):])


def test_the_session_cookie_is_httponly_lax_and_scoped_to_app_but_not_secure_on_plain_http(web):
    web.login_as(ADMIN)
    client = web.client()
    done = _sign_in_by_hand(client, httpx.get)
    assert done.status_code == 303 and done.headers["location"] == "/app"
    session = _set_cookies(done)[SESSION_COOKIE]
    assert "httponly" in session and session["samesite"].lower() == "lax" and session["path"] == "/app"
    assert session["max-age"] == str(web.container.settings.web_session_hours * 3600)
    assert "secure" not in session
    page = client.get("/app")
    csrf = _set_cookies(page)[CSRF_COOKIE]
    assert csrf["path"] == "/app" and csrf["samesite"].lower() == "lax" and "secure" not in csrf
    assert not secure_cookies(web.container.settings, local=False)


def test_cookies_are_secure_when_the_dashboard_is_served_over_https(web):
    settings = web.container.settings.model_copy(update={"web_base_url": "https://dash.example.com"})
    assert secure_cookies(settings, local=False) and not secure_cookies(settings, local=True)
    deps = dataclasses.replace(web.container.web_deps(), settings=settings)
    web.login_as(ADMIN)
    with TestClient(build_web_app(deps), base_url="https://dash.example.com", follow_redirects=False) as client:
        started = client.get("/app/login/slack")
        assert "secure" in _set_cookies(started)[SESSION_COOKIE]  # the sign-in's state and nonce
        query = parse_qs(urlsplit(started.headers["location"]).query)
        assert query["redirect_uri"] == ["https://dash.example.com/app/auth/slack"]
        client.cookies.clear()
        done = _sign_in_by_hand(client, httpx.get)
        assert done.status_code == 303 and done.headers["location"] == "/app", done.text[:300]
        session = _set_cookies(done)[SESSION_COOKIE]
        assert {"secure", "httponly"} <= set(session) and session["samesite"].lower() == "lax"
        assert session["path"] == "/app"
        page = client.get("/app")
        assert page.status_code == 200 and "Ada Admin" in page.text
        csrf = _set_cookies(page)[CSRF_COOKIE]
        assert "secure" in csrf and csrf["path"] == "/app"
