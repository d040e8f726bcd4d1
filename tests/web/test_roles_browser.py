"""Each role in the browser: the pages in its navigation open, every other page says it is not for that role
(403) and shows none of its content."""

from __future__ import annotations

import pytest

from tests.web.live import ADMIN, EMPLOYEE, HR, MANAGER

PAGES = {"/app/adoption": "AI tool adoption", "/app/kpis": "KPIs and OKRs", "/app/surveys": "Surveys",
         "/app/audits": "incentive audits", "/app/knowledge": "Knowledge"}
OPENS = {ADMIN: set(PAGES), HR: {"/app/adoption", "/app/kpis", "/app/surveys"},
         MANAGER: {"/app/adoption", "/app/kpis", "/app/audits"}, EMPLOYEE: set()}


@pytest.mark.parametrize("user", [ADMIN, HR, MANAGER, EMPLOYEE])
def test_each_role_opens_its_pages_and_no_other(web, page, user):
    web.sign_in(page, user)
    nav = page.get_by_role("navigation", name="Pages")
    shown = {link.get_attribute("href") for link in nav.get_by_role("link").all()} if nav.count() else set()
    assert shown == OPENS[user]
    for path, heading in PAGES.items():
        response = page.goto(web.url + path)
        if path in OPENS[user]:
            assert response.status == 200, path
            assert page.get_by_role("heading", level=1).first.inner_text().lower().endswith(heading.lower()), path
        else:
            assert response.status == 403, path
            assert page.get_by_role("heading", level=1).inner_text() == "Not for your role"
            assert "This page is for" in page.locator("main").inner_text()
            assert page.locator("main img, main table, main form").count() == 0, path
    if user == HR:
        page.goto(web.url + "/app/knowledge")
        web.shot(page, "knowledge-refused-hr")
