"""Fixtures of the dashboard's tests: a live dashboard per test module, and a real Chromium (Debian's
``chromium`` package, driven by Playwright) for the browser tests, which skip with a message without it."""

from __future__ import annotations

import os

import pytest

from tests.web.live import CHROMIUM, live_web


@pytest.fixture(scope="module")
def web(tmp_path_factory, shared_embeddings):
    """The dashboard of an empty, migrated database; each test module fills it through the services."""
    with live_web(tmp_path_factory.mktemp("web"), shared_embeddings) as live:
        yield live


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module: Playwright's sync API keeps an event loop running while it is open, which
    would break tests that start their own loop (asyncio.run) if it stayed open for the rest of the run."""
    if not CHROMIUM.exists():
        if os.environ.get("COACH_TEST_REQUIRE_BROWSER"):  # CI installed it: a missing browser is a failure there
            pytest.fail(f"COACH_TEST_REQUIRE_BROWSER is set but there is no Chromium at {CHROMIUM}")
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium; or set "
                    "COACH_TEST_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser context (no cookies) at laptop size, per test."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
