"""Sign in with Slack refuses what it must: a callback it did not start (wrong or missing state), a code used
twice, an ID token for another workspace or with the wrong nonce, audience, issuer or expiry, and a person who
cancels at Slack; none of them leaves a session. Where to go afterwards (`next=`) never leaves the dashboard."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import httpx
import pytest

from bot.web.app import SESSION_COOKIE
from bot.web.viewer import safe_next
from tests.slack.fake_slack import TEAM_ID
from tests.web.live import ADMIN, NAMES
from tests.web.routes import stays_on_dashboard

OFF_SITE = ["//evil.example", "https://evil.example/app", "/app/../x", "/app/%2e%2e/x", "/app%2f..%2fx",
            "/\\evil.example", "/app\\..\\x", "/\t/evil.example", "javascript:alert(1)", "/appx", "/app//evil.example",
            "http:/app", "/app/./../../x"]


def start(client: httpx.Client, next_path: str = "/app") -> str:
    """Starts signing in; the URL of the fake Slack's authorize page."""
    response = client.get("/app/login/slack", params={"next": next_path})
    assert response.status_code == 303, response.text[:200]
    return response.headers["location"]


def allow(authorize_url: str) -> str:
    """The person clicks Allow at Slack: the dashboard's callback path with the code and state."""
    back = httpx.get(authorize_url)
    assert back.status_code == 302
    url = back.headers["location"]
    return url[url.index("/app/"):]


def with_query(path: str, **changes) -> str:
    base, query = path.split("?", 1)
    fields = {k: v[0] for k, v in parse_qs(query).items()}
    fields.update(changes)
    return base + "?" + urlencode({k: v for k, v in fields.items() if v is not None})


def assert_signed_out(client: httpx.Client) -> None:
    response = client.get("/app")
    assert response.status_code == 303 and response.headers["location"].startswith("/app/login"), response.text[:200]


def assert_refused(response: httpx.Response, status: int, words: str) -> None:
    assert response.status_code == status and words in response.text, f"{response.status_code}: {response.text[:400]}"
    assert "location" not in response.headers
    for value in response.headers.get_list("set-cookie"):  # the sign-in's state is dropped; nothing else set
        if value.startswith(SESSION_COOKIE + "="):
            assert value.startswith(SESSION_COOKIE + "=null;"), value


@pytest.fixture(autouse=True)
def _admin_signs_in_next(web):
    web.login_as(ADMIN)


def test_the_whole_flow_signs_in(web):
    """The control: the same steps, unchanged, do sign in."""
    client = web.client()
    done = client.get(allow(start(client, "/app?x=1")))
    assert done.status_code == 303 and done.headers["location"] == "/app?x=1"
    assert NAMES[ADMIN] in client.get("/app").text


def test_a_callback_with_a_wrong_or_missing_state_is_refused(web):
    for change in ({"state": "forged-state"}, {"state": None}, {"state": ""}):
        client = web.client()
        refused = client.get(with_query(allow(start(client)), **change))
        assert_refused(refused, 400, "stale or was not started here")
        assert_signed_out(client)


def test_a_callback_this_browser_did_not_start_is_refused(web):
    """An attacker's own code and state, sent to someone else's browser (login CSRF)."""
    attacker = web.client()
    callback = allow(start(attacker))
    victim = web.client()
    assert_refused(victim.get(callback), 400, "stale or was not started here")
    assert_signed_out(victim)


def test_a_code_used_twice_is_refused(web):
    first = web.client()
    started = start(first)
    replayed_cookies = httpx.Cookies(first.cookies)  # the cookie as it was before the callback
    callback = allow(started)
    assert first.get(callback).status_code == 303
    again = web.client()
    again.cookies = replayed_cookies  # the same browser state, the same callback: Slack refuses the used code
    assert_refused(again.get(callback), 400, "Slack refused the sign-in")
    assert_signed_out(again)
    other = web.client()  # a new sign-in of its own, finished with the used code
    own = allow(start(other))
    code = parse_qs(urlsplit(callback).query)["code"][0]
    assert_refused(other.get(with_query(own, code=code)), 400, "Slack refused the sign-in")
    assert_signed_out(other)


def test_a_callback_without_a_code_is_refused(web):
    client = web.client()
    assert_refused(client.get(with_query(allow(start(client)), code=None)), 400, "no sign-in code")
    assert_signed_out(client)


def test_a_person_of_another_workspace_is_refused(web):
    web.login_as(ADMIN, team="T0OTHERTEAM")
    client = web.client()
    assert_refused(client.get(allow(start(client))), 403, "another Slack workspace")
    assert_signed_out(client)


@pytest.mark.parametrize("extra, words", [
    ({"nonce": "a-nonce-of-another-sign-in"}, "not issued for this sign-in"),
    ({"aud": "another-app-client-id"}, "not valid"),
    ({"iss": "https://evil.example"}, "not valid"),
    ({"exp": int(time.time()) - 60}, "not valid"),
    ({"https://slack.com/team_id": None}, "another Slack workspace"),
], ids=["nonce", "audience", "issuer", "expired", "no-workspace"])
def test_an_id_token_with_a_wrong_claim_is_refused(web, extra, words):
    web.slack.oidc_user = {"sub": ADMIN, "team": TEAM_ID, "name": NAMES[ADMIN], "extra": extra}
    client = web.client()
    refused = client.get(allow(start(client)))
    assert refused.status_code in (400, 403)
    assert_refused(refused, refused.status_code, words)
    assert_signed_out(client)


def test_cancelling_at_slack_is_refused(web):
    client = web.client()
    callback = allow(start(client))
    state = parse_qs(urlsplit(callback).query)["state"][0]
    refused = client.get("/app/auth/slack?" + urlencode({"error": "access_denied", "state": state}))
    assert_refused(refused, 400, "Slack did not sign you in")
    assert_signed_out(client)
    assert_refused(client.get("/app/auth/slack?error=access_denied"), 400, "stale")  # nothing pending any more


@pytest.mark.parametrize("target", OFF_SITE)
def test_next_never_leaves_the_dashboard(web, target):
    assert safe_next(target) == "/app" or stays_on_dashboard(safe_next(target))
    client = web.client()
    done = client.get(allow(start(client, target)))  # after signing in
    assert done.status_code == 303 and stays_on_dashboard(done.headers["location"]), done.headers["location"]
    again = client.get("/app/login?next=" + quote(target, safe=""))  # already signed in
    assert again.status_code == 303 and stays_on_dashboard(again.headers["location"]), again.headers["location"]
    signed_out = web.client().get("/app/login?next=" + quote(target, safe=""))  # the button's link
    link = signed_out.text.split('href="/app/login/slack?next=', 1)[1].split('"', 1)[0]
    assert stays_on_dashboard(link.replace("%2F", "/").replace("%3F", "?")), link


@pytest.mark.parametrize("target", ["/app", "/app/adoption?team=a%2Fb", "/app/kpis/x.csv", "/app/"])
def test_next_keeps_a_dashboard_path(target):
    assert safe_next(target) == target
