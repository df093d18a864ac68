"""A recognisable service in Chromium: the 404 page in Dutch with the header and a way back,
the wordmark and favicon, one header row for every role at 1280 px, and pages that fit a
390 px phone."""

import pytest
from playwright.sync_api import expect

from cases import services
from tests import factories

pytestmark = pytest.mark.browser


def test_the_404_page_is_dutch_with_the_header_and_a_way_back(
    axe_page, live_server, log_in, helper, assert_accessible
):
    log_in(axe_page, helper)

    response = axe_page.goto(
        "/casussen/bestaat-niet/deze-ook-niet/", referer=f"{live_server.url}/casussen/"
    )

    assert response.status == 404
    expect(axe_page.locator("html")).to_have_attribute("lang", "nl")
    expect(axe_page.get_by_role("heading", level=1)).to_have_text("Deze pagina bestaat niet (meer)")
    header = axe_page.get_by_role("banner")
    expect(
        header.get_by_role("link", name="Belangenbehartiger — naar de startpagina")
    ).to_be_visible()
    expect(header.get_by_role("navigation", name="Hoofdmenu")).to_contain_text("Nieuwe casus")
    assert_accessible(axe_page)

    axe_page.get_by_role("link", name="Terug naar de vorige pagina").click()
    axe_page.wait_for_url("**/casussen/")


def test_a_deleted_draft_explains_itself_in_the_browser(
    axe_page, log_in, helper, assert_accessible
):
    draft, _ = services.case_draft_create(user=helper, data={"summary": "Weg ermee"})
    services.draft_delete(case=draft, user=helper)
    log_in(axe_page, helper)

    response = axe_page.goto(f"/casussen/concept/{draft.uuid}/stap/probleem/")

    assert response.status == 404
    expect(axe_page.get_by_role("heading", level=1)).to_have_text("Dit concept bestaat niet meer")
    assert_accessible(axe_page)


def test_the_page_links_an_svg_favicon_that_loads(page):
    page.goto("/inloggen/")
    href = page.locator("link[rel=icon][type='image/svg+xml']").get_attribute("href")
    assert page.request.get(href).headers["content-type"].startswith("image/svg+xml")
    assert page.request.get("/favicon.ico").ok


@pytest.mark.parametrize("role", ["helper", "casemanager", "lead", "liaison", "analyst", "admin"])
def test_the_header_is_one_row_at_1280_px_for_every_role(page, log_in, role):
    users = {
        "helper": factories.helper,
        "casemanager": factories.team_member,
        "lead": lambda **kw: factories.team_member(role="lead", **kw),
        "liaison": factories.liaison,
        "analyst": lambda **kw: factories.team_member(role="analyst", **kw),
        "admin": lambda **kw: factories.team_member(role="admin", is_staff=True, **kw),
    }
    user = users[role](first_name="Alexandra", last_name="van den Berg-Hoogendijk")
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, user)
    page.goto("/meldingen/")

    items = page.locator(
        "header .app-header__brand, header .app-nav__link, header .app-header__user"
    )
    # The links under a closed "Meer" are not shown, so they take no place in the row.
    boxes = [i.bounding_box() for i in items.all() if i.is_visible()]
    tops = {round(box["y"] + box["height"] / 2) for box in boxes}
    assert max(tops) - min(tops) <= 4, f"{role}: header items on more than one row: {tops}"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


@pytest.mark.parametrize("url", ["/casussen/", "/casussen/nieuw/", "/meldingen/", "/bestaat-niet/"])
def test_helper_pages_fit_a_390_px_phone(page, log_in, helper, url):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, helper)
    page.goto(url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
