"""Documents after submission in Chromium: the helper answers the team's question with the
document asked for, adds another on the case page; the team shares one with the Dienst
after confirming, and the liaison downloads it. axe-core on every page."""

import re

import pytest
from playwright.sync_api import expect

from cases.models import CaseStatus
from escalation.models import AttachmentDownload
from tests import factories
from triage.decisions import case_decide

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def test_helper_attaches_the_document_the_team_asked_for_in_the_answer(
    new_page, log_in, helper, casemanager, assert_accessible, tmp_path
):
    beschikking = tmp_path / "beschikking.pdf"
    beschikking.write_bytes(PDF)
    case = factories.submitted_case(by=helper)
    case_decide(
        case=case, actor=casemanager, decision="request_info", question="Stuur de beschikking mee."
    )
    page = new_page(bypass_csp=True)
    log_in(page, helper)

    page.goto("/meldingen/")
    assert_accessible(page)
    page.get_by_role("link", name=f"Het team heeft een vraag over casus {case.reference}").click()
    page.wait_for_url(f"**/casussen/{case.reference}/")
    page.get_by_role("link", name="Naar de vraag en uw antwoord").click()
    expect(page.get_by_text("Stuur de beschikking mee.").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Uw antwoord").fill("Hierbij de beschikking van de Belastingdienst.")
    page.get_by_label("Stukken meesturen").set_input_files(beschikking)
    page.get_by_role("button", name="Antwoord versturen").click()

    expect(page.get_by_text("Uw antwoord is verstuurd.")).to_be_visible()
    documents = page.locator(".app-documents")
    expect(documents.get_by_role("link", name="beschikking.pdf")).to_be_visible()
    assert_accessible(page)
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_TRIAGE
    assert [a.original_name for a in case.attachments.all()] == ["beschikking.pdf"]


def test_helper_adds_a_document_and_the_team_shares_it_with_the_dienst(
    new_page, log_in, helper, casemanager, liaison, assert_accessible, tmp_path
):
    brief = tmp_path / "brief-belastingdienst.pdf"
    brief.write_bytes(PDF)
    case = factories.accepted_case(helper=helper, casemanager=casemanager)
    request = factories.proposal(case, casemanager)

    person = new_page(bypass_csp=True)
    log_in(person, helper)
    person.goto(f"/casussen/{case.reference}/")
    person.get_by_label("Bestand").set_input_files(brief)
    person.get_by_label("Omschrijving").fill("Brief van 3 maart over de verrekening")
    person.get_by_role("button", name="Bijlage toevoegen").click()
    expect(
        person.get_by_text("De bijlage ‘brief-belastingdienst.pdf’ is toegevoegd.")
    ).to_be_visible()
    assert_accessible(person)

    team = new_page(bypass_csp=True)
    log_in(team, casemanager)
    team.goto(f"/casussen/{case.reference}/")
    team.get_by_role(
        "link", name=re.compile("Delen met een Dienst: brief-belastingdienst.pdf")
    ).click()
    expect(team.get_by_role("heading", level=1)).to_have_text(
        "‘brief-belastingdienst.pdf’ delen met een Dienst?"
    )
    expect(team.get_by_text("Delen kan niet ongedaan worden gemaakt.", exact=False)).to_be_visible()
    assert_accessible(team)
    team.get_by_label(re.compile("Voorstel alternatieve oplossing aan Belastingdienst")).check()
    team.get_by_role("button", name="Ja, deel dit stuk met deze Dienst").click()
    expect(
        team.get_by_text("‘brief-belastingdienst.pdf’ is gedeeld met Belastingdienst.")
    ).to_be_visible()
    expect(team.locator(".app-documents")).to_contain_text("nog niet gedownload")

    dienst = new_page(bypass_csp=True)
    log_in(dienst, liaison)
    dienst.goto(f"/dienst/verzoeken/{request.pk}/")
    assert_accessible(dienst)
    with dienst.expect_download() as download:
        dienst.get_by_role("link", name="brief-belastingdienst.pdf").click()
    assert download.value.suggested_filename == "brief-belastingdienst.pdf"
    assert AttachmentDownload.objects.get().downloaded_by == liaison

    team.reload()
    expect(team.locator(".app-documents")).to_contain_text("gedownload door")
