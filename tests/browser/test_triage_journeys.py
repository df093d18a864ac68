"""The team's triage journeys in Chromium: accept, refer, request information; publish
criteria after a preview; and axe-core on the queue, triage and criteria pages."""

import re

import pytest
from playwright.sync_api import expect

from cases.models import CaseStatus
from tests import factories
from triage import services
from triage.models import CriteriaSet

pytestmark = pytest.mark.browser

GATES = {"in_mandate": True, "first_line_tried": True}


def test_casemanager_accepts_one_case_and_refers_another(page, log_in, helper, casemanager):
    urgent = factories.submitted_case(
        by=helper, triage_answers={**GATES, "imminent_enforcement": True}
    )
    to_refer = factories.submitted_case(by=helper, triage_answers={"in_mandate": False})
    log_in(page, casemanager)
    page.goto("/triage/")
    rows = page.locator("tbody tr")
    expect(rows.first).to_contain_text(urgent.reference)  # urgent first
    rows.first.get_by_role("link", name=urgent.reference).click()
    expect(page.get_by_text("Suggestie: Aannemen")).to_be_visible()
    page.get_by_role("link", name="Triagebesluit nemen").click()
    page.get_by_label("Aannemen en toewijzen").check()
    page.get_by_role("button", name="Controleren").click()
    page.get_by_role("button", name="Ja, leg het besluit vast").click()
    expect(page.get_by_text("Het besluit is vastgelegd")).to_be_visible()

    page.goto(f"/triage/casus/{to_refer.reference}/")
    expect(page.get_by_text("Suggestie: Doorverwijzen")).to_be_visible()
    page.get_by_role("link", name="Triagebesluit nemen").click()
    page.get_by_label("Doorverwijzen", exact=True).check()
    page.get_by_label("Doorverwijzen naar").select_option(label="Nationale ombudsman")
    page.get_by_label("Motivering voor de hulpverlener").fill("De klacht gaat over de bejegening.")
    page.get_by_role("button", name="Controleren").click()
    page.get_by_role("button", name="Ja, leg het besluit vast").click()
    expect(page.get_by_text("Het besluit is vastgelegd")).to_be_visible()

    urgent.refresh_from_db()
    to_refer.refresh_from_db()
    assert (urgent.status, urgent.assignee) == (CaseStatus.ACCEPTED, casemanager)
    assert to_refer.status == CaseStatus.REFERRED


def test_helper_sees_the_referral_and_answers_a_question(page, log_in, helper, casemanager):
    from triage import decisions
    from triage.models import ReferralTarget

    referred = factories.submitted_case(by=helper)
    decisions.case_decide(
        case=referred,
        actor=casemanager,
        decision="refer",
        referral_target=ReferralTarget.objects.get(code="juridisch-loket"),
        motivation="Het gaat om de inhoud van de wet.",
    )
    asked = factories.submitted_case(by=helper)
    decisions.case_decide(
        case=asked, actor=casemanager, decision="request_info", question="Stuur de beschikking mee."
    )

    log_in(page, helper)
    page.goto(f"/casussen/{referred.reference}/")
    expect(
        page.get_by_text("Wij verwijzen de casus door naar Het Juridisch Loket.")
    ).to_be_visible()
    expect(page.get_by_text("Het gaat om de inhoud van de wet.").first).to_be_visible()

    page.goto(f"/casussen/{asked.reference}/")
    expect(page.get_by_text("Stuur de beschikking mee.").first).to_be_visible()
    page.get_by_label("Uw antwoord").fill("De beschikking is van 3 maart; ik stuur hem na.")
    page.get_by_role("button", name="Antwoord versturen").click()
    expect(page.get_by_text("Uw antwoord is verstuurd")).to_be_visible()
    asked.refresh_from_db()
    assert asked.status == CaseStatus.IN_TRIAGE


def test_lead_publishes_a_new_set_after_preview(page, log_in, helper, admin_user, lead):
    factories.submitted_case(by=helper, triage_answers={**GATES, "vulnerable": True})
    draft = services.criteria_set_draft_create(actor=admin_user)
    log_in(page, lead)
    page.goto(f"/triage/criteria/{draft.version}/")
    page.get_by_role("link", name=re.compile("Wijzigen vulnerable")).click()
    page.get_by_label("Gewicht").fill("6")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Het criterium is bijgewerkt.")).to_be_visible()
    page.get_by_role("button", name="Bereken effect").click()
    expect(page.get_by_test_id("preview-summary")).to_contain_text("1 krijgen nieuw de suggestie")
    page.get_by_role("link", name="Publiceren…").click()
    page.get_by_role("button", name="Ja, publiceer").click()
    expect(page.get_by_text(f"Versie {draft.version} is gepubliceerd")).to_be_visible()
    assert CriteriaSet.objects.get(pk=draft.pk).status == "published"


def test_queue_triage_and_criteria_pages_are_accessible(
    axe_page, log_in, assert_accessible, helper, casemanager, admin_user
):
    case = factories.submitted_case(
        by=helper, triage_answers={**GATES, "imminent_enforcement": True}
    )
    factories.submitted_case(by=helper)  # same BSN: the duplicate warning shows
    draft = services.criteria_set_draft_create(actor=admin_user)
    log_in(axe_page, casemanager)
    for url in (
        "/triage/",
        f"/triage/casus/{case.reference}/",
        f"/triage/casus/{case.reference}/besluit/",
        f"/triage/casus/{case.reference}/herbeoordelen/",
        "/triage/criteria/",
        f"/triage/criteria/{draft.version}/?limit=500",
        f"/casussen/{case.reference}/",
    ):
        axe_page.goto(url)
        assert_accessible(axe_page)
