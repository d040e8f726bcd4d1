"""Security headers on every response (CSP, frame refusal, nosniff, no caching of pages), and pages that keep to
their CSP: no script, no inline style, nothing fetched from elsewhere."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.web.live import ADMIN
from tests.web.routes import page_endpoints

CSP_PARTS = ["default-src 'self'", "img-src 'self' data:", "style-src 'self'", "script-src 'self'",
             "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'", "object-src 'none'"]


def assert_guarded(response, what: str, cached: bool = False) -> None:
    headers = response.headers
    csp = headers.get("content-security-policy", "")
    for part in CSP_PARTS:
        assert part in csp, f"{what}: CSP lacks {part!r}: {csp!r}"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "*" not in csp, what
    assert headers.get_list("content-security-policy") == [csp], f"{what}: more than one CSP"
    assert headers.get("x-frame-options") == "DENY", what
    assert headers.get("x-content-type-options") == "nosniff", what
    assert headers.get("referrer-policy") == "same-origin", what
    if not cached:
        assert headers.get("cache-control") == "no-store", f"{what}: {headers.get('cache-control')!r}"


@pytest.fixture(scope="module")
def admin(web):
    client = web.client(ADMIN)
    yield client
    client.close()


def test_every_page_an_admin_opens_has_the_security_headers(web, admin):
    seen = 0
    for endpoint in page_endpoints(web.container.web_app()):
        if endpoint.method == "GET":
            response = admin.get(endpoint.path)
            assert_guarded(response, f"{endpoint} ({response.status_code})")
            seen += 1
    assert seen >= 1


def test_responses_without_a_page_have_them_too(web):
    client = web.client()
    assert_guarded(client.get("/app/login"), "sign-in page")
    assert_guarded(client.get("/app"), "redirect to sign in")
    assert_guarded(client.post("/app/logout"), "401")
    assert_guarded(client.get("/app/no-such-page"), "404")
    assert_guarded(client.get("/app/"), "/app/ redirect")
    client.get("/app/login")
    signed_in = web.client(ADMIN)
    assert_guarded(signed_in.post("/app/logout", data={"csrftoken": "wrong"}), "CSRF refusal")


def test_static_files_are_cacheable_but_not_sniffed(web):
    response = web.client().get("/app/static/coach.css")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/css")
    assert_guarded(response, "coach.css", cached=True)
    assert "no-store" not in response.headers.get("cache-control", "")


def test_pages_keep_to_their_csp(web, admin):
    """A browser would block inline scripts, styles and handlers, and resources from elsewhere: none is used."""
    for endpoint in page_endpoints(web.container.web_app()):
        if endpoint.method != "GET":
            continue
        response = admin.get(endpoint.path)
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        soup = BeautifulSoup(response.text, "html.parser")
        what = f"{endpoint} ({response.status_code})"
        assert not soup.find_all(["script", "style", "iframe", "object", "embed", "base"]), what
        for tag in soup.find_all(True):
            inline = [name for name in tag.attrs if name == "style" or name.startswith("on")]
            assert not inline, f"{what}: <{tag.name}> has {inline}"
            for name in ("src", "srcset", "poster"):
                value = tag.get(name)
                if value:
                    assert value.startswith(("/app/", "data:image/")), f"{what}: <{tag.name} {name}={value[:60]}>"
            if tag.name == "link":
                assert tag.get("href", "").startswith("/app/static/"), f"{what}: {tag}"
            if tag.name == "form":
                assert (tag.get("action") or "/app").startswith("/app"), f"{what}: {tag.get('action')}"
