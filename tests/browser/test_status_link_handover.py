"""Handing over a status link in Chromium: the copy button (under the real CSP), the QR
code, the expiry, and a confirmation before revoking; axe-core on each page."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.browser


def test_helper_copies_the_link_shows_the_qr_code_and_revokes_it_after_confirming(
    page, new_page, log_in, helper, assert_accessible
):
    case = factories.submitted_case(by=helper)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    log_in(page, helper)
    page.goto(f"/casussen/{case.reference}/")
    page.get_by_role("link", name="Statuslink voor de betrokkene (eigen dossier)").click()
    page.get_by_label("De betrokkene wil een statuslink").check()
    page.get_by_role("button", name="Statuslink maken").click()

    url = page.get_by_label("Statuslink", exact=True).input_value()
    assert re.fullmatch(r"http://[^/]+/status/[\w-]{40,}/", url)
    expect(page.get_by_text(re.compile(r"Hij werkt tot en met \d+ \w+ \d{4}\."))).to_be_visible()
    qr = page.get_by_role("img", name="QR-code met de statuslink")
    expect(qr).to_be_visible()
    assert qr.get_attribute("src").startswith("data:image/svg+xml")
    assert qr.evaluate("img => img.naturalWidth") > 0  # the CSP let the data: image load

    page.get_by_role("button", name="Kopieer de link").click()  # copy.js ran under the CSP
    expect(page.locator("#copy-status")).to_have_text("De link is gekopieerd.")
    assert page.evaluate("navigator.clipboard.readText()") == url

    person = new_page()
    person.goto(url)
    expect(person.get_by_text(case.reference)).to_be_visible()

    page.goto(f"/casussen/{case.reference}/statuslink/")
    page.get_by_role("link", name=re.compile("^Intrekken")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Statuslink intrekken?")
    page.get_by_role("button", name="Ja, trek de link in").click()
    expect(page.get_by_text("De statuslink is ingetrokken en werkt niet meer.")).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile("ingetrokken"))).to_be_visible()

    assert person.goto(url).status == 404


def test_the_handover_and_revoke_pages_are_accessible(axe_page, log_in, helper, assert_accessible):
    case = factories.submitted_case(by=helper)
    log_in(axe_page, helper)
    axe_page.goto(f"/casussen/{case.reference}/statuslink/")
    axe_page.get_by_label("De betrokkene wil een statuslink").check()
    axe_page.get_by_role("button", name="Statuslink maken").click()
    expect(axe_page.get_by_role("img", name="QR-code met de statuslink")).to_be_visible()
    assert_accessible(axe_page)

    axe_page.goto(f"/casussen/{case.reference}/statuslink/")
    assert_accessible(axe_page)
    axe_page.get_by_role("link", name=re.compile("^Intrekken")).click()
    assert_accessible(axe_page)
