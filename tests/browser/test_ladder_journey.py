"""The escalation ladder in Chromium: proposal, rejection, freeze with four eyes, grant, and
the person's status link; axe-core on the workspace, approval and liaison pages. Every step
that goes to a Dienst or decides passes a confirmation page first."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from escalation.models import DienstRequest
from tests import factories
from triage import decisions

pytestmark = pytest.mark.browser


def test_proposal_rejected_then_freeze_approved_and_granted(
    new_page, log_in, helper, casemanager, lead, liaison
):
    case = factories.submitted_case(by=helper)
    decisions.case_decide(case=case, actor=casemanager, decision="accept")

    team = new_page()
    log_in(team, casemanager)
    team.goto(f"/casussen/{case.reference}/")
    team.get_by_role("link", name="Nieuw verzoek aan een Dienst").click()
    team.get_by_role("radio", name="Voorstel alternatieve oplossing").check()
    team.get_by_label("Aan Dienst").select_option(label="Belastingdienst")
    team.get_by_label("Tekst van het verzoek").fill(
        "Zet de invordering stil; de regeling wordt nagekomen."
    )
    team.get_by_role("button", name="Controleren").click()
    team.get_by_role("button", name="Ja, verstuur het verzoek").click()
    expect(team.get_by_text("Het verzoek is verstuurd aan Belastingdienst.")).to_be_visible()

    dienst = new_page()
    log_in(dienst, liaison)
    dienst.goto("/dienst/")
    dienst.get_by_role("link", name="Voorstel alternatieve oplossing").click()
    dienst.get_by_role("button", name="Ontvangst bevestigen").click()
    dienst.get_by_label("Afgewezen").check()
    dienst.get_by_role("button", name="Controleren").click()
    expect(dienst.locator("#id_motivation_error")).to_contain_text(
        "Motiveer uw antwoord"
    )  # comply or explain, said before the confirmation page
    dienst.get_by_label("Afgewezen").check()
    dienst.get_by_label("Motivering").fill("De schuld staat vast; uitstel is al eerder verleend.")
    dienst.get_by_role("button", name="Controleren").click()
    dienst.get_by_role("button", name="Ja, verstuur het antwoord").click()
    expect(dienst.get_by_text("Uw antwoord is verstuurd")).to_be_visible()

    team.goto(f"/casussen/{case.reference}/")
    expect(
        team.get_by_text("De Dienst heeft afgewezen of een termijn is verlopen.")
    ).to_be_visible()
    team.get_by_role("link", name="Nieuw verzoek aan een Dienst").click()
    team.get_by_role("radio", name="Verzoek tot bevriezen").check()
    team.get_by_label("Aan Dienst").select_option(label="Belastingdienst")
    team.get_by_label("Tekst van het verzoek").fill(
        "Pauzeer het beslag tot de bezwaarprocedure is afgerond."
    )
    team.get_by_label("Wat bevriezen").select_option("invordering")
    until = timezone.localdate() + timedelta(days=45)
    team.get_by_label("Bevriezen tot").fill(until.isoformat())
    team.get_by_role("button", name="Controleren").click()
    team.get_by_role("button", name="Ja, verstuur het verzoek").click()
    expect(
        team.get_by_text("Het verzoek wacht op akkoord van een andere leidinggevende.")
    ).to_be_visible()

    approver = new_page()
    log_in(approver, lead)
    approver.goto("/escalatie/akkoord/")
    approver.get_by_role("button", name="Goedkeuren en versturen").click()
    approver.get_by_role("button", name="Ja, leg mijn besluit vast").click()
    expect(approver.get_by_text("Goedgekeurd: het verzoek is verstuurd")).to_be_visible()

    dienst.goto("/dienst/")
    dienst.get_by_role("link", name="Verzoek tot bevriezen").click()
    dienst.get_by_label("Geaccepteerd", exact=True).check()
    dienst.get_by_role("button", name="Controleren").click()
    dienst.get_by_role("button", name="Ja, verstuur het antwoord").click()
    expect(dienst.get_by_text("Uw antwoord is verstuurd")).to_be_visible()

    freeze = DienstRequest.objects.get(case=case, kind="freeze")
    assert (freeze.status, freeze.approved_by, freeze.granted_until) == ("answered", lead, until)

    person = new_page()
    log_in(person, helper)
    person.goto(f"/casussen/{case.reference}/statuslink/")
    person.get_by_label("De betrokkene wil een statuslink").check()
    person.get_by_role("button", name="Statuslink maken").click()
    status_url = person.get_by_test_id("status-url").input_value()
    anonymous = new_page()
    anonymous.goto(status_url)
    expect(anonymous.get_by_test_id("current-step")).to_have_text("Verzoek tot bevriezen")
    expect(anonymous.get_by_text(case.reference)).to_be_visible()
    assert "J. Jansen" not in anonymous.content()


def test_ladder_liaison_and_approval_pages_are_accessible(
    axe_page, log_in, assert_accessible, helper, casemanager, lead, liaison
):
    from escalation import services

    case = factories.submitted_case(by=helper)
    decisions.case_decide(case=case, actor=casemanager, decision="accept")
    proposal = services.request_create(
        case=case, actor=casemanager, kind="proposal", dienst=factories.dienst(), text="Voorstel"
    )
    freeze = services.request_create(
        case=case,
        actor=casemanager,
        kind="freeze",
        dienst=factories.dienst(),
        text="Bevriezen",
        freeze_until=timezone.localdate() + timedelta(days=30),
    )
    log_in(axe_page, casemanager)
    for url in (
        f"/casussen/{case.reference}/",
        f"/casussen/{case.reference}/ladder/verzoek/",
        f"/casussen/{case.reference}/ladder/trede/",
        f"/casussen/{case.reference}/ladder/kamer/",
        "/meldingen/",
    ):
        axe_page.goto(url)
        assert_accessible(axe_page)
    axe_page.context.clear_cookies()
    log_in(axe_page, lead)
    for url in ("/escalatie/akkoord/", f"/escalatie/verzoeken/{freeze.pk}/akkoord/"):
        axe_page.goto(url)
        assert_accessible(axe_page)
    axe_page.context.clear_cookies()
    log_in(axe_page, liaison)
    for url in ("/dienst/", f"/dienst/verzoeken/{proposal.pk}/", "/meldingen/"):
        axe_page.goto(url)
        assert_accessible(axe_page)
    axe_page.context.clear_cookies()
    log_in(axe_page, helper)
    axe_page.goto(f"/casussen/{case.reference}/statuslink/")
    assert_accessible(axe_page)
