"""Playwright (Python) driving the system Chromium. Never downloads a browser.

Without /usr/bin/chromium the browser tests are skipped with a clear message, unless REQUIRE_BROWSER is set
(as in .ci/run), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; Django's live_server needs DB access from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = (f"Browser tests need Chromium at {CHROMIUM} (apt-get install chromium); "
                   "skipping them on this machine.")
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message.replace("skipping them on this machine", "REQUIRE_BROWSER is set"))
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 740},
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def assert_accessible(page) -> None:
    """axe-core (bundled in axe-playwright-python) finds no violations on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = results.response["violations"]
    assert not violations, results.generate_report()
