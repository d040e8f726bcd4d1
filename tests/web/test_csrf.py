"""CSRF: every form the dashboard takes is refused, for a signed-in admin, without its token, with a wrong one, or
in a body a browser can send across sites without a token; each page's own forms carry the token; with the
token a form is accepted."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from bot.web.app import SESSION_COOKIE
from tests.web.live import ADMIN
from tests.web.routes import db_digest, endpoints, form_endpoints, page_endpoints

REFUSED = "carried no valid CSRF token"


@pytest.fixture(scope="module")
def admin(web):
    client = web.client(ADMIN)
    yield client, web.csrf(client)
    client.close()


def assert_refused(response, what: str) -> None:
    assert response.status_code == 403 and REFUSED in response.text, \
        f"{what}: {response.status_code} {response.text[:200]}"


def assert_still_signed_in(client) -> None:
    assert client.get("/app").status_code == 200  # not even signing out went through


def test_every_form_route_refuses_a_form_without_the_token_or_with_a_wrong_one(web, admin):
    client, token = admin
    other = web.client(ADMIN)
    someone_elses = web.csrf(other)  # a valid token, for another browser's cookie
    assert someone_elses and someone_elses != token
    forms = form_endpoints(web.container.web_app())
    assert {"/app/logout", "/app/login/local"} <= {e.pattern for e in forms}
    before = db_digest(web.container)
    for endpoint in forms:
        for fields in ({}, {"csrftoken": ""}, {"csrftoken": "x"}, {"csrftoken": token[:-1]},
                       {"csrftoken": someone_elses}, {"csrftoken": token + "x"}):
            response = client.request(endpoint.method, endpoint.path, data={**fields, "next": "/app"})
            assert_refused(response, f"{endpoint} with {fields}")
    assert db_digest(web.container) == before
    assert_still_signed_in(client)


def test_a_token_in_a_body_a_cross_site_form_can_send_is_not_enough(web, admin):
    """JSON and text/plain bodies are refused even with the right cookie and token: only the form field (or the
    X-CSRFToken header, which no cross-site form can set) counts. Multipart bodies are refused outright."""
    client, token = admin
    before = db_digest(web.container)
    for endpoint in form_endpoints(web.container.web_app()):
        what = str(endpoint)
        assert_refused(client.request(endpoint.method, endpoint.path, content=json.dumps({"csrftoken": token}),
                                      headers={"content-type": "application/json"}), what + " (JSON)")
        assert_refused(client.request(endpoint.method, endpoint.path, content=f"csrftoken={token}",
                                      headers={"content-type": "text/plain"}), what + " (text/plain)")
        multipart = client.request(endpoint.method, endpoint.path, data={"csrftoken": token},
                                   files={"upload": ("a.txt", b"a")})
        assert multipart.status_code == 415, f"{what} (multipart): {multipart.status_code}"  # no uploads here
        assert_refused(client.request(endpoint.method, endpoint.path, headers={"x-csrftoken": "x"}),
                       what + " (a wrong header)")
    assert db_digest(web.container) == before
    assert_still_signed_in(client)


def _post_forms(html: str) -> list[dict]:
    forms = []
    for form in BeautifulSoup(html, "html.parser").find_all("form"):
        if (form.get("method") or "get").lower() != "post":
            continue
        fields = {}
        for field in form.find_all(["input", "select", "textarea", "button"]):
            if field.get("name"):
                value = field.get("value")
                if field.name == "select":
                    option = field.find("option", selected=True) or field.find("option")
                    value = option.get("value", option.text) if option else ""
                elif field.name == "textarea":
                    value = field.text
                fields[field["name"]] = value or ""
        forms.append({"action": form.get("action") or "", "fields": fields})
    return forms


def test_each_pages_post_forms_carry_the_token_and_fail_without_it(web, admin):
    """The forms as the pages render them (as an admin, who sees every page): each carries this browser's
    token; sent without it, or with another, each is refused and changes nothing."""
    client, token = admin
    routable = {e.path for e in endpoints(web.container.web_app()) if e.method != "GET"}
    seen = []
    for endpoint in page_endpoints(web.container.web_app()):
        if endpoint.method != "GET":
            continue
        response = client.get(endpoint.path)
        if response.status_code != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        for form in _post_forms(response.text):
            where = f"{endpoint.path} -> {form['action']}"
            assert form["fields"].get("csrftoken") == token, f"{where}: the form has no valid CSRF token"
            assert form["action"].startswith("/app") and form["action"].split("?")[0] in routable, where
            seen.append(form["action"])
            before = db_digest(web.container)
            without = {k: v for k, v in form["fields"].items() if k != "csrftoken"}
            assert_refused(client.post(form["action"], data=without), where + " without a token")
            assert_refused(client.post(form["action"], data={**without, "csrftoken": "wrong"}), where)
            assert db_digest(web.container) == before, where
    assert "/app/logout" in seen  # every page has the sign-out form
    assert_still_signed_in(client)


def test_a_form_with_its_token_is_accepted(web):
    client = web.client(ADMIN)
    token = web.csrf(client)
    response = client.post("/app/logout", data={"csrftoken": token})
    assert response.status_code == 303 and response.headers["location"] == "/app/login?signed_out=1"
    assert any(value.startswith(f"{SESSION_COOKIE}=null;") for value in response.headers.get_list("set-cookie"))
    assert client.get("/app").status_code == 303
