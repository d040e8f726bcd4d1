"""Signing in with Slack and out again, in a real browser and over HTTP."""

from __future__ import annotations

from tests.web.live import ADMIN, EMPLOYEE, HR


def test_sign_in_with_slack_in_the_browser_then_sign_out(web, page):
    web.sign_in(page, HR)
    assert page.url == web.url + "/app"
    assert page.get_by_role("navigation").get_by_role("link", name="Surveys", exact=True).is_visible()
    assert not page.get_by_role("navigation").get_by_role("link", name="Knowledge", exact=True).is_visible()  # admins only
    web.shot(page, "home-hr")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/app/login?signed_out=1")
    page.goto(web.url + "/app")
    assert "/app/login" in page.url


def test_sign_in_returns_to_the_page_asked_for(web):
    client = web.client()
    first = client.get("/app?view=all")
    assert first.status_code == 303 and first.headers["location"] == "/app/login?next=%2Fapp%3Fview%3Dall"
    web.login_as(ADMIN)
    done = client.get(first.headers["location"].replace("/app/login", "/app/login/slack"), follow_redirects=True)
    assert done.status_code == 200 and str(done.url) == web.url + "/app?view=all"


def test_an_employee_without_a_role_sees_no_pages(web):
    body = web.client(EMPLOYEE).get("/app").text
    assert "none of those roles" in body
