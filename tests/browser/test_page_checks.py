"""The checks every browser journey relies on can fail: duplicate ids are found, both on
the page as it is and on every document a journey's page loaded."""

import pytest

from .conftest import _PageWatch, duplicate_ids

pytestmark = pytest.mark.browser

TWO_FIELDS_ONE_ID = (
    "<!DOCTYPE html><html lang='nl'><head><title>t</title></head><body>"
    "<label for='id_reason'>Reden</label><textarea id='id_reason'></textarea>"
    "<label for='id_reason'>Reden</label><textarea id='id_reason'></textarea>"
    "<p id='uniek'>x</p></body></html>"
)


@pytest.fixture
def bare_page(browser):
    """A page outside the watch (which would rightly fail these tests at teardown)."""
    page = browser.new_page()
    page.set_content(TWO_FIELDS_ONE_ID)
    yield page
    page.close()


def test_duplicate_ids_lists_each_repeated_id_with_its_count(bare_page):
    assert duplicate_ids(bare_page) == ["id_reason (2x)"]


def test_assert_unique_ids_fails_on_a_page_with_a_repeated_id(bare_page, assert_unique_ids):
    with pytest.raises(AssertionError, match=r"id_reason \(2x\)"):
        assert_unique_ids(bare_page)


def test_page_watch_fails_for_a_page_the_journey_left_behind(browser, live_server):
    watch = _PageWatch(browser, live_server)
    page = watch.new_page()
    page.route(
        "**/dubbel/",
        lambda route: route.fulfill(body=TWO_FIELDS_ONE_ID, content_type="text/html"),
    )
    page.goto("/dubbel/")
    page.goto("/inloggen/")  # the journey moved on; the report of /dubbel/ must remain

    with pytest.raises(AssertionError, match=r"/dubbel/: id_reason \(2x\)"):
        watch.close()
