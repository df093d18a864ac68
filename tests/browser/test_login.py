"""Logging in with the form (the other browser tests use a session cookie for speed)."""

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.browser


def test_helper_logs_in_with_the_form_and_lands_on_the_overview(page, helper):
    page.goto("/casussen/")
    page.wait_for_url("**/inloggen/?next=/casussen/")

    page.get_by_label("Gebruikersnaam").fill(helper.username)
    page.get_by_label("Wachtwoord").fill(factories.PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    page.wait_for_url("**/casussen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Casussen van mijn organisatie")
