"""The monitor, feedback and the transparency page in Chromium: an analyst opens the monitor
and sees every figure with its chart and table, suppressed; a helper gives feedback on a
closed case; the transparency page works logged out. axe-core on each page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Feedback
from casework import steps
from tests import factories
from triage.decisions import case_decide

pytestmark = pytest.mark.browser


@pytest.fixture
def history(helper, casemanager):
    """Seven cases from Utrecht and three from elsewhere, decided, one closed."""
    for area in ["3511"] * 6 + ["9711", "9712", "4501"]:
        case = factories.submitted_case(by=helper, postcode_area=area)
        case_decide(case=case, actor=casemanager, decision="accept")
    closed = factories.resolved_case(helper=helper, casemanager=casemanager, postcode_area="3511")
    return steps.case_close(case=closed, user=casemanager, outcome="fully_solved")


def test_analyst_sees_the_monitor_suppressed_with_charts_and_tables(
    axe_page, log_in, assert_accessible, analyst, history, live_server
):
    page = axe_page
    log_in(page, analyst)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Welkom, Test Gebruiker", exact=False)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Impactmonitor").click()
    expect(page.get_by_role("heading", name="Impactmonitor", level=1)).to_be_visible()
    expect(page.locator(".app-suppression-note")).to_be_visible()
    intake = page.get_by_test_id("table-intake_by_province")
    expect(intake.get_by_role("row", name="Utrecht")).to_contain_text("7")
    expect(intake.get_by_role("row", name="Groningen")).to_contain_text("<5")
    charts = page.locator("figure.app-chart img")
    assert charts.count() >= 5
    for index in range(charts.count()):
        assert charts.nth(index).evaluate("img => img.complete && img.naturalWidth > 0")
    assert_accessible(page)
    today = timezone.localdate()
    page.get_by_role("textbox", name="Van", exact=True).fill(
        (today - timedelta(days=7)).isoformat()
    )
    page.get_by_role("combobox", name="Regio").select_option(label="Utrecht")
    page.get_by_role("button", name="Toon").click()
    expect(page.get_by_test_id("table-intake")).to_contain_text("7")
    assert "region=UT" in page.url
    assert_accessible(page)


def test_helper_gives_feedback_on_a_closed_case(
    axe_page, log_in, assert_accessible, helper, history, live_server
):
    page = axe_page
    log_in(page, helper)
    page.goto(f"{live_server.url}/casussen/{history.reference}/")
    expect(page.get_by_role("heading", name="Uw oordeel")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Oordeel versturen").click()
    expect(page.get_by_role("alert")).to_contain_text("Kies een cijfer van 1 tot en met 5")
    assert_accessible(page)
    page.get_by_role("group", name="Hoe tevreden bent u over de uitkomst?").get_by_label(
        "4 — goed"
    ).check()
    page.get_by_role("group", name="Hoe tevreden bent u over de aanpak?").get_by_label(
        "5 — heel goed"
    ).check()
    page.get_by_label("Toelichting").fill("Snel en duidelijk.")
    page.get_by_role("button", name="Oordeel versturen").click()
    expect(page.get_by_test_id("feedback-given")).to_contain_text("de uitkomst een 4")
    assert_accessible(page)
    given = Feedback.objects.get(case=history)
    assert (given.outcome_rating, given.process_rating, given.comment) == (
        4,
        5,
        "Snel en duidelijk.",
    )


def test_the_transparency_page_works_logged_out(
    axe_page, assert_accessible, helper, casemanager, live_server, history
):
    factories.signal_on_agenda(by=helper, team=casemanager, title="Toeslag te laat uitbetaald")
    page = axe_page
    page.goto(f"{live_server.url}/over/")
    page.get_by_role("contentinfo").get_by_role("link", name="Transparantie: onze cijfers").click()
    expect(page.get_by_role("heading", name="Transparantie: onze cijfers", level=1)).to_be_visible()
    expect(page.get_by_test_id("agenda-signals")).to_contain_text("Toeslag te laat uitbetaald")
    expect(page.locator(".app-suppression-note")).to_be_visible()
    assert_accessible(page)
