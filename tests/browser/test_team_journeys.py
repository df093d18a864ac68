"""The team's journeys of issue 8 in Chromium: the werkvoorraad and a reassignment, a Dienst's
question answered and the request going on to an answer, a counter-proposal, a phone call
on the timeline, every irreversible step confirmed, and the workspace on a phone and a
desktop. axe-core runs on every page reached, and no page has two elements with one id."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.models import CaseEvent, CaseStatus
from deadlines.models import Deadline, Notification
from escalation import services as ladder
from escalation.models import DienstRequest, InformalContact
from tests import factories
from tests.factories import accepted_case, proposal

pytestmark = pytest.mark.browser

R = DienstRequest.Status
DUPLICATE_IDS = """() => {
  const seen = {};
  for (const el of document.querySelectorAll('[id]')) seen[el.id] = (seen[el.id] || 0) + 1;
  return Object.keys(seen).filter((id) => seen[id] > 1);
}"""


def assert_unique_ids(page: Page) -> None:
    """axe-core no longer reports duplicate ids (WCAG 2.2 dropped 4.1.1): check it here."""
    assert page.evaluate(DUPLICATE_IDS) == [], page.url


@pytest.fixture
def check(assert_accessible):
    """axe-core and unique ids on the page as it is now."""

    def check(page: Page) -> None:
        assert_accessible(page)
        assert_unique_ids(page)

    return check


@pytest.fixture
def new_page(browser, live_server, log_in):
    """A fresh browser context logged in as ``user`` (axe-core may be injected: no CSP)."""
    contexts = []

    def new_page(user, *, width: int = 1280) -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            bypass_csp=True,
            locale="nl-NL",
            viewport={"width": width, "height": 900},
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        log_in(page, user)
        return page

    yield new_page
    for context in contexts:
        context.close()


def _confirm_page(page: Page) -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text("Controleer en bevestig")
    expect(page.get_by_text("Dit kunt u niet ongedaan maken.")).to_be_visible()


def test_casemanager_werkvoorraad_then_hands_a_case_over(
    new_page, check, helper, casemanager, lead, liaison
):
    other = factories.team_member(first_name="Bram", last_name="Kok")
    with time_machine.travel(timezone.now() - timedelta(days=30), tick=False):
        late = accepted_case(helper=helper, casemanager=casemanager, summary="Beslag op loon")
        proposal(late, casemanager)  # its answer clock ran out long ago
    soon = accepted_case(helper=helper, casemanager=casemanager, summary="Toeslag gestopt")
    answered = proposal(soon, casemanager)
    ladder.request_respond(request=answered, actor=liaison, outcome="accepted")
    proposal(soon, casemanager, text="Tweede voorstel")
    accepted_case(helper=helper, casemanager=other)  # someone else's

    page = new_page(casemanager)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/werkvoorraad/$"))  # the team's home
    expect(page.get_by_role("heading", name="Mijn werkvoorraad")).to_be_visible()
    counts = page.get_by_role("list", name="In aantallen")
    expect(counts).to_contain_text("2 casussen op mijn naam")
    expect(counts).to_contain_text("1 verlopen")
    expect(counts).to_contain_text("1 antwoord te lezen")
    expect(counts).to_contain_text("2 verzoeken wachten op een Dienst")
    rows = page.locator("#mijn-casussen ~ div tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(late.reference)  # overdue first
    expect(rows.first).to_contain_text("verlopen")
    expect(rows.nth(1)).to_contain_text(soon.reference)
    check(page)

    page.locator("#te-lezen ~ div").get_by_role("link", name=soon.reference).click()
    expect(page.get_by_text("nieuw antwoord")).to_be_visible()
    check(page)
    page.get_by_role("link", name="Werkvoorraad").click()
    expect(page.get_by_role("list", name="In aantallen")).to_contain_text("0 antwoorden te lezen")

    page.goto(f"/casussen/{late.reference}/")
    check(page)
    page.get_by_role("link", name="Overdragen").click()
    check(page)
    page.get_by_role("button", name="Casus overdragen").click()
    expect(page.locator("#id_reason_error")).to_be_visible()
    check(page)
    page.get_by_label("Overdragen aan").select_option(label="Bram Kok")
    page.get_by_label("Waarom draagt u de casus over?").fill("Ik ben drie weken met verlof.")
    page.get_by_role("button", name="Casus overdragen").click()
    expect(page.get_by_text("De casus is overgedragen aan Bram Kok.")).to_be_visible()
    expect(page.get_by_text("Casemanager: Bram Kok")).to_be_visible()
    check(page)

    late.refresh_from_db()
    assert late.assignee == other
    event = late.events.filter(kind=CaseEvent.Kind.ASSIGNED).last()
    assert event.actor == casemanager
    assert "Ik ben drie weken met verlof." in event.reason
    open_clocks = Deadline.objects.filter(dienst_request__case=late, status=Deadline.Status.OPEN)
    assert {d.owner_id for d in open_clocks} == {other.pk}

    theirs = new_page(other)
    theirs.goto("/werkvoorraad/")
    expect(theirs.locator("#mijn-casussen ~ div tbody")).to_contain_text(late.reference)
    check(theirs)
    theirs.get_by_role("link", name="Meldingen").click()
    expect(theirs.get_by_text(f"heeft casus {late.reference} aan u overgedragen")).to_be_visible()
    check(theirs)

    by_lead = new_page(lead)
    by_lead.goto("/werkvoorraad/")
    expect(
        by_lead.get_by_role("heading", name="Ter goedkeuring (tweede paar ogen)")
    ).to_be_visible()
    check(by_lead)


def test_a_dienst_question_is_answered_and_the_request_goes_on_to_an_answer(
    new_page, check, helper, casemanager, liaison
):
    case = accepted_case(helper=helper, casemanager=casemanager)
    request = proposal(case, casemanager, text="Draai de verrekening terug.")

    dienst = new_page(liaison)
    dienst.goto(f"/dienst/verzoeken/{request.pk}/")
    check(dienst)
    dienst.get_by_label("Wedervraag").check()
    dienst.get_by_role("button", name="Controleren").click()
    expect(dienst.locator("#id_motivation_error")).to_contain_text("Schrijf uw vraag")
    check(dienst)
    dienst.get_by_label("Wedervraag").check()
    dienst.get_by_label("Motivering").fill("Over welk belastingjaar gaat het?")
    dienst.get_by_role("button", name="Controleren").click()
    _confirm_page(dienst)
    check(dienst)
    dienst.get_by_role("button", name="Ja, verstuur het antwoord").click()
    expect(dienst.get_by_text("Uw antwoord is verstuurd")).to_be_visible()
    expect(dienst.get_by_text("De Belangenbehartiger beantwoordt uw vraag")).to_be_visible()
    check(dienst)
    request.refresh_from_db()
    assert request.status == R.DIENST_QUESTION

    team = new_page(casemanager)
    team.goto("/werkvoorraad/")
    team.locator("#wacht-op-mij ~ div").get_by_role("link", name=case.reference).click()
    expect(team.get_by_text("heeft een vraag gesteld en wacht op uw antwoord")).to_be_visible()
    check(team)
    expect(team.locator(f"#verzoek-{request.pk}")).to_contain_text("Over welk belastingjaar")
    team.get_by_role("link", name="Vraag beantwoorden").click()
    check(team)
    team.get_by_label("Uw antwoord aan de Dienst").fill("Het gaat om de teruggave over 2024.")
    team.get_by_role("button", name="Controleren").click()
    _confirm_page(team)
    check(team)
    team.get_by_role("button", name="Ja, verstuur het antwoord").click()
    expect(team.get_by_text("Uw antwoord is verstuurd aan Belastingdienst.")).to_be_visible()
    check(team)

    request.refresh_from_db()
    assert request.status == R.REPLIED
    answer_clocks = request.deadlines.filter(kind=Deadline.Kind.DIENST_ANSWER).order_by("pk")
    assert [d.status for d in answer_clocks] == [Deadline.Status.MET, Deadline.Status.OPEN]

    dienst.goto("/dienst/")
    row = dienst.locator("tbody tr", has_text=case.reference)
    expect(row).to_contain_text("Vraag beantwoord, wacht op de Dienst")
    check(dienst)
    row.get_by_role("link").click()
    expect(dienst.get_by_text("Het gaat om de teruggave over 2024.")).to_be_visible()
    check(dienst)
    dienst.get_by_label("Geaccepteerd", exact=True).check()
    dienst.get_by_role("button", name="Controleren").click()
    dienst.get_by_role("button", name="Ja, verstuur het antwoord").click()
    expect(dienst.get_by_text("Uw antwoord is verstuurd")).to_be_visible()

    request.refresh_from_db()
    assert (request.status, request.outcome) == (R.ANSWERED, "accepted")
    assert not request.deadlines.filter(status=Deadline.Status.OPEN).exists()
    assert list(request.events.values_list("to_status", flat=True)) == [
        R.AWAITING_APPROVAL,
        R.SENT,
        R.DIENST_QUESTION,
        R.REPLIED,
        R.ANSWERED,
    ]
    team.goto("/werkvoorraad/")
    team.goto(f"/casussen/{case.reference}/")
    timeline = team.locator("#tijdlijn ~ ol")
    expect(timeline).to_contain_text("Vraag van de Dienst")
    expect(timeline).to_contain_text("Antwoord op de vraag van de Dienst")
    expect(timeline).to_contain_text("Antwoord van de Dienst (geaccepteerd)")
    check(team)


def test_a_counter_proposal_is_rejected_with_a_reason_then_accepted(
    new_page, check, helper, casemanager, liaison
):
    case = accepted_case(helper=helper, casemanager=casemanager)
    request = proposal(case, casemanager, text="Een regeling van 24 maanden.")
    ladder.request_respond(
        request=request, actor=liaison, outcome="counter_proposal", motivation="12 maanden."
    )
    team = new_page(casemanager)
    team.goto(f"/casussen/{case.reference}/")
    team.get_by_role("link", name="Reageren op het tegenvoorstel").click()
    expect(team.get_by_text("12 maanden.")).to_be_visible()
    check(team)
    team.get_by_label("Afwijzen").check()
    team.get_by_role("button", name="Controleren").click()
    expect(team.locator("#id_reason_error")).to_contain_text("waarom")
    check(team)
    team.get_by_label("Afwijzen").check()
    team.get_by_label("Toelichting voor de Dienst").fill("Het inkomen laat 12 maanden niet toe.")
    team.get_by_role("button", name="Controleren").click()
    _confirm_page(team)
    team.get_by_role("button", name="Ja, verstuur mijn reactie").click()
    expect(team.get_by_text("U hebt het tegenvoorstel afgewezen")).to_be_visible()
    check(team)
    request.refresh_from_db()
    assert request.status == R.COUNTER_REJECTED
    assert request.deadlines.filter(
        kind=Deadline.Kind.DIENST_ANSWER, status=Deadline.Status.OPEN
    ).exists()

    ladder.request_respond(
        request=request, actor=liaison, outcome="counter_proposal", motivation="18 maanden."
    )
    team.goto(f"/casussen/{case.reference}/")
    team.get_by_role("link", name="Reageren op het tegenvoorstel").click()
    team.get_by_label("Aanvaarden").check()
    team.get_by_role("button", name="Controleren").click()
    _confirm_page(team)
    check(team)
    team.get_by_role("button", name="Ja, verstuur mijn reactie").click()
    expect(team.get_by_text("U hebt het tegenvoorstel aanvaard.")).to_be_visible()
    check(team)
    request.refresh_from_db()
    assert request.status == R.AGREED
    assert Notification.objects.filter(recipient=liaison, title__contains="aanvaardt").exists()


def test_a_logged_phone_call_is_on_the_timeline(new_page, check, helper, casemanager):
    case = accepted_case(helper=helper, casemanager=casemanager)
    page = new_page(casemanager)
    page.goto(f"/casussen/{case.reference}/")
    page.get_by_role("link", name="Contact vastleggen").click()
    check(page)
    page.get_by_label("Telefoongesprek").check()
    page.get_by_label("Met welke Dienst").select_option(label="Belastingdienst")
    moment = timezone.localtime() - timedelta(hours=2)
    page.get_by_label("Wanneer").fill(moment.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Met wie bij de Dienst").fill("J. Bakker, invordering")
    page.get_by_label("Wat is afgesproken").fill("De Dienst schort het beslag twee weken op.")
    page.get_by_role("button", name="Contact vastleggen").click()
    expect(page.get_by_text("Het contact met Belastingdienst is vastgelegd.")).to_be_visible()
    timeline = page.locator("#tijdlijn ~ ol")
    entry = timeline.locator("li.app-timeline__item--contact")
    expect(entry).to_contain_text("Telefoongesprek met Belastingdienst")
    expect(entry).to_contain_text("Afgesproken: De Dienst schort het beslag twee weken op.")
    expect(entry).to_contain_text(moment.strftime("%H:%M"))
    check(page)

    contact = InformalContact.objects.get(case=case)
    assert (contact.kind, contact.dienst.code, contact.author) == (
        "phone",
        "belastingdienst",
        casemanager,
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS  # the contact started mediation


def test_every_irreversible_step_asks_for_confirmation(
    new_page, check, helper, casemanager, lead, liaison
):
    case = factories.submitted_case(by=helper)
    page = new_page(casemanager)

    # The triage decision; "Wijzigen" goes back with the input kept.
    page.goto(f"/triage/casus/{case.reference}/besluit/")
    check(page)
    page.get_by_label("Aannemen en toewijzen").check()
    page.get_by_role("button", name="Controleren").click()
    _confirm_page(page)
    expect(page.get_by_text("Aannemen en toewijzen")).to_be_visible()
    check(page)
    page.get_by_role("button", name="Wijzigen").click()
    expect(page.get_by_label("Aannemen en toewijzen")).to_be_checked()
    check(page)
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED  # nothing happened yet
    page.get_by_role("button", name="Controleren").click()
    page.get_by_role("button", name="Ja, leg het besluit vast").click()
    expect(page.get_by_text("Het besluit is vastgelegd")).to_be_visible()

    # Sending a request.
    page.goto(f"/casussen/{case.reference}/ladder/verzoek/")
    check(page)
    page.get_by_role("radio", name="Verzoek tot bevriezen").check()
    page.get_by_label("Aan Dienst").select_option(label="Belastingdienst")
    page.get_by_label("Tekst van het verzoek").fill("Bevries de invordering.")
    page.get_by_label("Bevriezen tot").fill((timezone.localdate() + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Controleren").click()
    _confirm_page(page)
    check(page)
    assert not DienstRequest.objects.filter(case=case).exists()
    page.get_by_role("button", name="Ja, verstuur het verzoek").click()
    expect(
        page.get_by_text("Het verzoek wacht op akkoord van een andere leidinggevende.")
    ).to_be_visible()

    # The lead's approval sends it.
    approver = new_page(lead)
    approver.goto("/escalatie/akkoord/")
    check(approver)
    approver.get_by_role("button", name="Goedkeuren en versturen").click()
    _confirm_page(approver)
    check(approver)
    assert DienstRequest.objects.get(case=case).status == R.AWAITING_APPROVAL
    approver.get_by_role("button", name="Ja, leg mijn besluit vast").click()
    expect(approver.get_by_text("Goedgekeurd: het verzoek is verstuurd")).to_be_visible()

    # The Dienst's answer.
    dienst = new_page(liaison)
    dienst.goto(f"/dienst/verzoeken/{DienstRequest.objects.get(case=case).pk}/")
    check(dienst)
    dienst.get_by_label("Geaccepteerd", exact=True).check()
    dienst.get_by_role("button", name="Controleren").click()
    _confirm_page(dienst)
    assert DienstRequest.objects.get(case=case).status == R.SENT
    check(dienst)
    dienst.get_by_role("button", name="Ja, verstuur het antwoord").click()
    expect(dienst.get_by_text("Uw antwoord is verstuurd")).to_be_visible()

    # Resolving, then closing.
    page.goto(f"/casussen/{case.reference}/")
    page.get_by_role("link", name="Casus oplossen").click()
    check(page)
    page.get_by_label("Wat is de oplossing?").fill("De invordering is bevroren.")
    page.get_by_role("button", name="Controleren").click()
    _confirm_page(page)
    check(page)
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    page.get_by_role("button", name="Ja, markeer als opgelost").click()
    expect(page.get_by_role("status").get_by_text("De casus is opgelost.")).to_be_visible()
    page.get_by_role("link", name="Casus sluiten").click()
    check(page)
    page.get_by_label("Volledig opgelost").check()
    page.get_by_role("button", name="Controleren").click()
    _confirm_page(page)
    check(page)
    page.get_by_role("button", name="Ja, sluit de casus").click()
    expect(page.get_by_role("status").get_by_text("De casus is gesloten.")).to_be_visible()
    case.refresh_from_db()
    assert (case.status, case.outcome) == (CaseStatus.CLOSED, "fully_solved")
    check(page)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_workspace_fits_a_phone_and_a_desktop(
    new_page, check, helper, casemanager, liaison, width
):
    case = accepted_case(
        helper=helper, casemanager=casemanager, diensten=("belastingdienst", "toeslagen")
    )
    request = proposal(case, casemanager)
    ladder.request_respond(
        request=request, actor=liaison, outcome="question", motivation="Welk jaar precies?"
    )
    factories.informal_contact(case, casemanager)
    proposal(case, casemanager, dienst="toeslagen", text="Een tweede voorstel")  # open clocks
    page = new_page(casemanager, width=width)
    page.goto(f"/casussen/{case.reference}/")
    page.locator("summary", has_text="Uitleg: de bijdrage").click()  # a wide table, opened
    for heading in (
        "Samenvatting en betrokkene",
        "Triage",
        "Ladder en verzoeken",
        "Contact buiten het systeem",
        "Gesprek met de hulpverlener",
        "Bijlagen",
        "Afronden",
        "Tijdlijn",
    ):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"{width}px: the page is {scroll}px wide"
    check(page)
