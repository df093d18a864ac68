"""Every irreversible step of the helper's side asks for confirmation first, and 'Nee,
terug' changes nothing: deleting a draft, submitting (the review is the confirmation),
withdrawing a case, sharing a document with a Dienst, revoking a status link."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from cases import services
from cases.models import Case, CaseStatus, StatusLink
from escalation.models import AttachmentShare
from tests import factories

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def test_deleting_a_draft_asks_first(page, log_in, helper):
    draft, _ = services.case_draft_create(
        user=helper, data={"subject_name": "J. Jansen", "summary": "Beslag op loon"}
    )
    log_in(page, helper)
    page.goto(f"/casussen/concept/{draft.uuid}/stap/controleren/")

    page.get_by_role("link", name="Concept verwijderen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Concept verwijderen?")
    page.get_by_role("link", name="Nee, terug").click()
    assert Case.objects.filter(pk=draft.pk).exists()

    page.get_by_role("link", name="Concept verwijderen").click()
    page.get_by_role("button", name="Ja, verwijder het concept").click()
    expect(page.get_by_text("Het concept is verwijderd.")).to_be_visible()
    assert not Case.objects.filter(pk=draft.pk).exists()


def test_submitting_goes_through_the_review_of_everything(page, log_in, helper):
    draft, _ = services.case_draft_create(user=helper, data=factories.valid_case_data())
    services.case_draft_update(case=draft, user=helper, diensten=[factories.dienst()])
    log_in(page, helper)
    page.goto(f"/casussen/concept/{draft.uuid}/stap/bijlagen/")

    page.get_by_role("button", name="Verder naar controleren").click()
    expect(
        page.get_by_text("Controleer de gegevens. Klopt alles? Dien de casus dan in.")
    ).to_be_visible()
    expect(page.get_by_text("Dwangbevel ondanks betalingsregeling")).to_be_visible()
    draft.refresh_from_db()
    assert draft.status == CaseStatus.DRAFT
    page.get_by_role("button", name="Casus indienen").click()
    page.wait_for_url("**/bevestiging/")


def test_withdrawing_a_case_asks_first_with_a_reason(page, log_in, helper):
    case = factories.submitted_case(by=helper)
    log_in(page, helper)
    page.goto(f"/casussen/{case.reference}/")

    page.get_by_role("link", name="Casus intrekken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Casus {case.reference} intrekken?")
    page.get_by_role("link", name="Nee, terug").click()
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED

    page.get_by_role("link", name="Casus intrekken").click()
    page.get_by_label("Waarom trekt u de casus in?").fill("De Dienst heeft het zelf opgelost.")
    page.get_by_role("button", name="Ja, trek de casus in").click()
    expect(page.get_by_text("De casus is ingetrokken.")).to_be_visible()
    case.refresh_from_db()
    assert case.status == CaseStatus.WITHDRAWN


def test_sharing_a_document_asks_first(page, log_in, helper, casemanager):
    case = factories.accepted_case(helper=helper, casemanager=casemanager)
    factories.proposal(case, casemanager)
    attachment = services.attachment_add(
        case=case, user=helper, uploaded=SimpleUploadedFile("brief.pdf", PDF)
    )
    log_in(page, casemanager)
    page.goto(f"/casussen/{case.reference}/bijlagen/{attachment.pk}/delen/")

    expect(page.get_by_text(re.compile("Delen kan niet ongedaan worden gemaakt"))).to_be_visible()
    page.get_by_role("link", name="Nee, terug naar de casus").click()
    page.wait_for_url(f"**/casussen/{case.reference}/#bijlagen")
    assert not AttachmentShare.objects.exists()


def test_revoking_a_status_link_asks_first(page, log_in, helper):
    case = factories.submitted_case(by=helper)
    link, _token = services.status_link_create(case=case, user=helper)
    log_in(page, helper)
    page.goto(f"/casussen/{case.reference}/statuslink/")

    page.get_by_role("link", name=re.compile("^Intrekken")).click()
    expect(page.get_by_text(re.compile("Dit kan niet ongedaan worden gemaakt"))).to_be_visible()
    page.get_by_role("link", name="Nee, terug").click()
    link.refresh_from_db()
    assert link.revoked_at is None
    assert StatusLink.objects.filter(revoked_at__isnull=True).count() == 1
