"""Browser tests: the main journeys in headless Chromium (Playwright) against a live server.

One Chromium per session, a fresh browser context (cookies, storage) per test. The live
server needs committed data, so every test here is transactional (tests/conftest.py puts the
data-migration rows back after each flush).
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.utils import translation
from playwright.sync_api import Browser, Page, expect, sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# resultTypes: full node details only for violations; the run is faster and the result small.
AXE_RUN = (
    "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
)
# Generous for a loaded CI machine, short enough that a missing element fails fast.
TIMEOUT_MS = 10_000
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(autouse=True)
def _live_database(transactional_db):
    """Every browser test talks to the live server, so its data must be committed."""


@pytest.fixture(autouse=True)
def _default_language():
    """Text that services write in the test thread (messages, e-mails) is in Dutch, whatever
    language an earlier test's request left active in this thread."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(scope="session")
def browser(chromium_path) -> Browser:
    with pytest.MonkeyPatch.context() as patch:
        # From start() to stop(), Playwright's sync API keeps an event loop running in the
        # test thread; Django would take every ORM call of the test code (factories,
        # assertions) for a call from async code and refuse it.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        test_thread_connections = {alias: connections[alias] for alias in connections}
        playwright = sync_playwright().start()
        # With that loop running, Django keeps DB connections per async context and would
        # hand the test code new connection objects, not the ones the test database was set
        # up on (for in-memory SQLite: the one the live server shares).
        for alias, connection in test_thread_connections.items():
            connections[alias] = connection
        try:
            browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
        finally:
            playwright.stop()


def _new_page(browser: Browser, live_server, *, bypass_csp: bool) -> Page:
    context = browser.new_context(base_url=live_server.url, bypass_csp=bypass_csp, locale="nl-NL")
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


@pytest.fixture
def page(browser, live_server) -> Page:
    """A page under the app's real Content-Security-Policy."""
    page = _new_page(browser, live_server, bypass_csp=False)
    yield page
    page.context.close()


@pytest.fixture
def axe_page(browser, live_server) -> Page:
    """A page that lets us inject axe-core despite the strict CSP."""
    page = _new_page(browser, live_server, bypass_csp=True)
    yield page
    page.context.close()


@pytest.fixture
def log_in(live_server):
    """Log a user in by giving the browser a session cookie: much faster than the form, which
    has its own test in test_login.py."""

    def log_in(page: Page, user) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )

    return log_in


def _describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"  {node['target']}: {summary}")
    return "\n".join(lines)


@pytest.fixture
def assert_accessible():
    """Run axe-core on the page and fail with a readable list of WCAG 2.1 A/AA violations."""

    def assert_accessible(page: Page) -> None:
        page.add_script_tag(path=AXE_JS)
        result = page.evaluate(AXE_RUN, WCAG_21_AA)
        violations = result["violations"]
        assert not violations, f"axe-core on {page.url}:\n{_describe(violations)}"

    return assert_accessible
