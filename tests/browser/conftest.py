"""Browser tests: the main journeys in headless Chromium (Playwright) against a live server.

One Chromium per session, a fresh browser context (cookies, storage) per test. The live
server needs committed data, so every test here is transactional (tests/conftest.py puts the
data-migration rows back after each flush).

Every page a journey reaches is checked for duplicate ids (axe-core does not report them,
and two fields with one id point a label at the wrong field): the ``page``, ``axe_page`` and
``new_page`` fixtures watch each document as it loads and fail the test at teardown when one
had a duplicate; ``assert_unique_ids(page)`` checks the page as it is now (e.g. after a
disclosure opened), and ``assert_accessible`` does both axe-core and that check.
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
# The ids that occur more than once in the document, with their count.
DUPLICATE_IDS_JS = """() => {
  const counts = new Map();
  for (const el of document.querySelectorAll('[id]')) {
    counts.set(el.id, (counts.get(el.id) || 0) + 1);
  }
  return [...counts].filter(([, n]) => n > 1).map(([id, n]) => `${id} (${n}x)`);
}"""
# Runs in every document the context loads; reports its duplicate ids to the test.
_WATCH_IDS_JS = (
    "(() => { if (window.top !== window) return;"
    " document.addEventListener('DOMContentLoaded', () => {"
    f" const duplicates = ({DUPLICATE_IDS_JS})();"
    " if (duplicates.length && window.__reportDuplicateIds)"
    " window.__reportDuplicateIds(location.pathname + location.search, duplicates); }); })()"
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


def duplicate_ids(page: Page) -> list[str]:
    """The ids used more than once in the page's document, as ``"id (2x)"``."""
    return page.evaluate(DUPLICATE_IDS_JS)


def _describe_duplicates(found: dict[str, list[str]]) -> str:
    return "; ".join(f"{url}: {', '.join(ids)}" for url, ids in found.items())


class _PageWatch:
    """The pages of one test, and the duplicate ids their documents had."""

    def __init__(self, browser: Browser, live_server):
        self.browser = browser
        self.live_server = live_server
        self.pages: list[Page] = []
        self.found: dict[str, list[str]] = {}

    def new_page(self, *, bypass_csp: bool = False) -> Page:
        context = self.browser.new_context(
            base_url=self.live_server.url, bypass_csp=bypass_csp, locale="nl-NL"
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.expose_binding(
            "__reportDuplicateIds", lambda _source, url, ids: self.found.setdefault(url, ids)
        )
        context.add_init_script(_WATCH_IDS_JS)
        page = context.new_page()
        self.pages.append(page)
        return page

    def close(self) -> None:
        for page in self.pages:
            if not page.is_closed():
                # The page as it is now, and any report still on its way.
                ids = duplicate_ids(page)
                if ids:
                    self.found.setdefault(page.url, ids)
            page.context.close()
        assert not self.found, f"duplicate ids: {_describe_duplicates(self.found)}"


@pytest.fixture
def _page_watch(browser, live_server):
    watch = _PageWatch(browser, live_server)
    yield watch
    watch.close()


@pytest.fixture
def page(_page_watch) -> Page:
    """A page under the app's real Content-Security-Policy."""
    return _page_watch.new_page()


@pytest.fixture
def axe_page(_page_watch) -> Page:
    """A page that lets us inject axe-core despite the strict CSP."""
    return _page_watch.new_page(bypass_csp=True)


@pytest.fixture
def new_page(_page_watch):
    """More pages in one test, each its own browser context (one user each), e.g. the team
    and the Dienst side by side. ``new_page(bypass_csp=True)`` for one that runs axe-core."""
    return _page_watch.new_page


@pytest.fixture
def assert_unique_ids():
    """Fail when an id occurs more than once in the page as it is now."""

    def assert_unique_ids(page: Page) -> None:
        ids = duplicate_ids(page)
        assert not ids, f"duplicate ids on {page.url}: {', '.join(ids)}"

    return assert_unique_ids


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
def assert_accessible(assert_unique_ids):
    """Run axe-core on the page and fail with a readable list of WCAG 2.1 A/AA violations;
    then check that no id occurs twice."""

    def assert_accessible(page: Page) -> None:
        page.add_script_tag(path=AXE_JS)
        result = page.evaluate(AXE_RUN, WCAG_21_AA)
        violations = result["violations"]
        assert not violations, f"axe-core on {page.url}:\n{_describe(violations)}"
        assert_unique_ids(page)

    return assert_accessible
