"""Case pages in a real browser: the team finds a case, other organisations cannot open it."""

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.browser


def test_casemanager_finds_case_by_reference_and_opens_its_page(
    page, log_in, helper, other_helper, casemanager
):
    case = factories.submitted_case(by=helper, summary="Toeslag stopgezet zonder besluit")
    other = factories.submitted_case(by=other_helper, summary="Beslag op de bankrekening")
    log_in(page, casemanager)
    page.goto("/casussen/")
    expect(page.get_by_role("link", name=other.reference)).to_be_visible()

    page.get_by_label("Kenmerk").fill(case.reference)
    page.get_by_role("button", name="Filteren").click()

    expect(page.get_by_role("caption")).to_have_text("1 casus gevonden")
    expect(page.get_by_role("link", name=other.reference)).to_have_count(0)
    page.get_by_role("link", name=case.reference).click()
    page.wait_for_url(f"**/casussen/{case.reference}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Casus {case.reference}")
    timeline = page.locator("#tijdlijn ~ ol.app-timeline")  # the workspace's timeline section
    expect(timeline).to_contain_text("Ingediend")


def test_helper_of_other_organisation_gets_404_on_case_page(page, log_in, helper, other_helper):
    case = factories.submitted_case(by=helper, summary="Toeslag stopgezet zonder besluit")
    log_in(page, other_helper)

    response = page.goto(f"/casussen/{case.reference}/")

    assert response.status == 404
    expect(page.get_by_text("Toeslag stopgezet zonder besluit")).to_have_count(0)
    expect(page.get_by_text(case.reference)).to_have_count(0)
