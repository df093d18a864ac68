"""The helper's intake form in a real browser: the journey, per-step checks, drafts."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases import services
from cases.models import Case
from tests import factories

pytestmark = pytest.mark.browser

VALID_BSN = "111222333"


def fill_subject_step(page: Page, *, bsn: str = VALID_BSN) -> None:
    page.get_by_label("Burger", exact=True).check()
    page.locator("#id_subject_name").fill("J. Jansen")
    page.locator("#id_bsn").fill(bsn)
    page.locator("#id_postcode_area").fill("3511")
    page.locator("#id_contact_details").fill("Via de hulpverlener")


def save_and_continue(page: Page, next_step: str) -> None:
    page.get_by_role("button", name="Opslaan en verder").click()
    page.wait_for_url(f"**/stap/{next_step}/")


def test_helper_submits_case_with_attachment_and_gets_reference(page, log_in, helper, tmp_path):
    pdf = tmp_path / "beschikking.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n")
    log_in(page, helper)
    page.goto("/casussen/nieuw/")

    fill_subject_step(page)
    save_and_continue(page, "toestemming")

    page.locator("#id_consent").check()
    page.get_by_label("Schriftelijk").check()
    page.locator("#id_consent_date").fill((timezone.localdate() - timedelta(days=1)).isoformat())
    save_and_continue(page, "probleem")

    page.get_by_label("Belastingdienst").check()
    page.get_by_label("Betalingsregeling").check()
    page.locator("#id_summary").fill("Dwangbevel ondanks betalingsregeling")
    page.locator("#id_description").fill("Er wordt beslag gelegd terwijl een regeling loopt.")
    page.locator("#id_tried_before").fill("Gebeld met de BelastingTelefoon.")
    page.locator("#id_desired_outcome").fill("Het beslag wordt opgeheven.")
    save_and_continue(page, "urgentie")

    page.locator("#id_amount_involved").fill("1250")
    page.locator("input[name=triage_in_mandate][value=yes]").check()
    page.locator("input[name=triage_first_line_tried][value=yes]").check()
    save_and_continue(page, "bijlagen")

    page.locator("input[name=file]").set_input_files(pdf)
    page.get_by_role("button", name="Bijlage toevoegen").click()
    expect(page.get_by_text("De bijlage is toegevoegd.")).to_be_visible()
    page.get_by_role("button", name="Verder naar controleren").click()
    page.wait_for_url("**/stap/controleren/")

    expect(page.get_by_text("beschikking.pdf")).to_be_visible()
    page.get_by_role("button", name="Casus indienen").click()
    page.wait_for_url("**/bevestiging/")

    reference = page.get_by_test_id("reference").inner_text()
    assert re.fullmatch(r"BB-\d{4}-\d{6}", reference)
    case = Case.objects.get(reference=reference)
    assert case.status == "submitted"
    assert case.organisation == helper.organisation
    assert [a.original_name for a in case.attachments.all()] == ["beschikking.pdf"]
    assert case.attachments.get().content_type == "application/pdf"


def test_invalid_bsn_shows_dutch_error_on_field_and_creates_no_draft(page, log_in, helper):
    log_in(page, helper)
    page.goto("/casussen/nieuw/")

    fill_subject_step(page, bsn="123456789")
    page.get_by_role("button", name="Opslaan en verder").click()

    error = page.locator("#id_bsn_error")
    expect(error).to_have_text(re.compile("geen geldig BSN.*elfproef"))
    expect(page.locator("#id_bsn")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_bsn")).to_have_attribute(
        "aria-describedby", re.compile(r"\bid_bsn_error\b")
    )
    assert not Case.objects.filter(organisation=helper.organisation).exists()


def test_text_file_named_pdf_is_refused_with_clear_message(page, log_in, helper, tmp_path):
    fake = tmp_path / "brief.pdf"
    fake.write_text("Dit is geen PDF, alleen platte tekst.\n")
    draft, _ = services.case_draft_create(user=helper, data=factories.valid_case_data())
    log_in(page, helper)
    page.goto(f"/casussen/concept/{draft.uuid}/stap/bijlagen/")

    page.locator("input[name=file]").set_input_files(fake)
    page.get_by_role("button", name="Bijlage toevoegen").click()

    expect(page.locator("#id_file_error")).to_have_text(re.compile("Dit bestand is geen echte PDF"))
    expect(page.get_by_role("alert")).to_contain_text("Dit bestand is geen echte PDF")
    assert not draft.attachments.exists()


def test_helper_saves_a_half_filled_step_as_draft_and_finds_the_text_back(
    axe_page, log_in, helper, assert_accessible
):
    page = axe_page
    log_in(page, helper)
    page.goto("/casussen/nieuw/")
    fill_subject_step(page)
    save_and_continue(page, "toestemming")
    steps = page.get_by_role("navigation", name="Stappen van het formulier")
    steps.get_by_role("link", name="Probleem").click()
    page.wait_for_url("**/stap/probleem/")

    # A summary and a description, but no Dienst chosen yet: "Volgende" would refuse this.
    page.locator("#id_summary").fill("Toeslag stopgezet na verhuizing")
    page.locator("#id_description").fill("Sinds de verhuizing is de huurtoeslag gestopt.")
    page.get_by_role("button", name="Opslaan als concept").click()

    page.wait_for_url("**/casussen/")
    expect(page.get_by_role("status").first).to_have_text(
        "Het concept is opgeslagen. Nog niet compleet: Toestemming, Probleem."
    )
    drafts = page.get_by_role("table", name="1 concept, nog niet ingediend")
    row = drafts.get_by_role("row", name=re.compile("J. Jansen"))
    expect(row).to_contain_text("Toeslag stopgezet na verhuizing")
    expect(row).to_contain_text("Toestemming, Probleem")
    assert_accessible(page)

    row.get_by_role("link", name=re.compile("J. Jansen")).click()
    page.wait_for_url("**/stap/controleren/")
    expect(page.get_by_role("heading", name="Nog niet compleet")).to_be_visible()
    expect(page.get_by_text("Kies ten minste één Dienst.")).to_be_visible()
    steps = page.get_by_role("navigation", name="Stappen van het formulier")
    expect(steps.get_by_role("listitem").nth(0)).to_have_text("Betrokkene (ingevuld)")
    expect(steps.get_by_role("listitem").nth(1)).to_have_text("Toestemming (nog niet compleet)")
    expect(steps.get_by_role("listitem").nth(3)).to_have_text("Urgentie (nog niet ingevuld)")
    assert_accessible(page)

    page.get_by_role("link", name="Naar stap ‘Probleem’").first.click()
    page.wait_for_url("**/stap/probleem/")
    expect(page.locator("#id_summary")).to_have_value("Toeslag stopgezet na verhuizing")
    expect(page.locator("#id_description")).to_have_value(
        "Sinds de verhuizing is de huurtoeslag gestopt."
    )
    draft = Case.objects.get(organisation=helper.organisation)
    assert (draft.status, draft.subject_name) == ("draft", "J. Jansen")


def test_two_drafts_are_told_apart_on_the_overview(page, log_in, helper):
    services.case_draft_create(
        user=helper, data={"subject_name": "A. de Boer", "summary": "Beslag op loon"}
    )
    services.case_draft_create(user=helper, data={"summary": "Zorgtoeslag teruggevorderd"})
    log_in(page, helper)
    page.goto("/casussen/")

    expect(page.get_by_role("row", name=re.compile("A. de Boer"))).to_contain_text("Beslag op loon")
    expect(page.get_by_role("row", name=re.compile("Naam nog niet ingevuld"))).to_contain_text(
        "Zorgtoeslag teruggevorderd"
    )
