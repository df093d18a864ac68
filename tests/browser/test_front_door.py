"""The front door in Chromium: a visitor reads /over/, does the self-check twice (once on
to the intake, once to the Juridisch Loket with the reason) without JavaScript, finds help
near 3511 and none near an uncovered postcode; a helper finds a solution by a word in
another form; a lead approves one summary and refuses another, whose author reads why.
axe-core on every page of the front door, and the public pages at 390 px wide."""

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts.models import User
from cases.models import Case
from casework import steps
from frontdoor import services as library_services
from frontdoor.models import Solution
from tests import factories
from tests.browser.conftest import TIMEOUT_MS

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _no_script_page(browser: Browser, live_server) -> Page:
    """A visitor without JavaScript: the public pages must work all the same."""
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, locale="nl-NL"
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


@pytest.fixture
def no_script_page(browser, live_server):
    page = _no_script_page(browser, live_server)
    yield page
    page.context.close()


@pytest.fixture
def directory(db):
    """Help in Utrecht (3511), nothing in Zeeuws-Vlaanderen (4501), one nationwide line."""
    factories.help_organisation(
        code="sr-utrecht",
        name="Sociaal Raadslieden Utrecht",
        ranges=[(3500, 3585)],
        audiences=("burgers", "jongeren"),
        email="spreekuur@sr-utrecht.example.org",
        website="https://sr-utrecht.example.org/een/heel/lang/adres/voor/de/spreekuren",
        languages="nl,en,ar",
    )
    factories.help_organisation(
        code="jl-landelijk",
        name="Het Juridisch Loket (telefonisch)",
        kind="juridisch_loket",
        nationwide=True,
        phone="0900 8020",
    )


def _answer(page: Page, answer: str) -> None:
    page.get_by_label(answer, exact=True).check()
    page.get_by_role("button", name="Volgende").click()


# --- the visitor's journeys (logged out, no JavaScript) ----------------------------------------


def test_visitor_reads_about_and_the_self_check_ends_at_the_intake(
    no_script_page, live_server, helper
):
    page = no_script_page
    page.goto("/over/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat doet de Belangenbehartiger?")
    expect(page.get_by_role("heading", name="Wat wij niet doen")).to_be_visible()
    page.get_by_role("link", name="Kan ik hier terecht? Doe de korte test").click()

    expect(page.get_by_text("Vraag 1 van 5")).to_be_visible()
    _answer(page, "Ja")  # about what the Dienst does
    expect(page.get_by_text("Vraag 2 van 5")).to_be_visible()
    _answer(page, "Nee")  # ordinary routes not tried …
    _answer(page, "Nee")  # no parallel procedure
    _answer(page, "Ja")  # … but enforcement is imminent
    _answer(page, "Nee")
    expect(page.get_by_test_id("outcome")).to_have_text(
        "Uw zaak past mogelijk bij de Belangenbehartiger"
    )
    expect(page.get_by_text("Dit lijkt dringend")).to_be_visible()
    expect(page.get_by_text("De brieven van de Dienst waar het om gaat")).to_be_visible()

    page.get_by_role("button", name="Verder naar de aanmelding").click()
    page.get_by_label("Gebruikersnaam").fill(helper.username)
    page.get_by_label("Wachtwoord").fill(factories.PASSWORD)
    page.locator("main").get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/casussen/nieuw/")
    expect(page.get_by_test_id("self-check-taken-over")).to_be_visible()

    page.get_by_role("radio", name="Burger").check()
    page.locator("#id_subject_name").fill("J. Jansen")
    page.locator("#id_bsn").fill("111222333")
    page.locator("#id_postcode_area").fill("3511")
    page.get_by_role("button", name="Opslaan als concept").click()
    draft = Case.objects.get(created_by=helper)
    assert draft.triage_answers["imminent_enforcement"] is True
    assert draft.triage_answers["first_line_tried"] is False
    page.goto(f"/casussen/concept/{draft.uuid}/stap/urgentie/")
    expect(page.locator("input[name=triage_imminent_enforcement][value=yes]")).to_be_checked()
    expect(page.locator("input[name=triage_first_line_tried][value=no]")).to_be_checked()


def test_visitor_is_sent_to_the_juridisch_loket_with_the_reason(no_script_page, db):
    page = no_script_page
    page.goto("/over/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Kan ik hier terecht?"
    ).click()
    _answer(page, "Nee")  # only about what the law says
    expect(page.get_by_test_id("outcome")).to_have_text(
        "U kunt beter terecht bij Het Juridisch Loket"
    )
    expect(page.get_by_test_id("reason")).to_contain_text("Uw vraag gaat over wat de wet zegt")
    expect(page.get_by_role("link", name="https://www.juridischloket.nl")).to_be_visible()
    expect(page.get_by_role("button", name="Verder naar de aanmelding")).to_have_count(0)
    page.get_by_role("link", name="Vorige vraag").click()
    expect(page.get_by_text("Vraag 1 van 5")).to_be_visible()


def test_visitor_finds_help_near_3511_and_none_near_an_uncovered_postcode(
    no_script_page, directory
):
    page = no_script_page
    page.goto("/over/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Hulp in de buurt"
    ).click()
    page.get_by_role("textbox", name="Postcode").fill("3511 AB")
    page.get_by_role("button", name="Zoek hulp").click()
    expect(page.get_by_text("1 organisatie helpt in postcodegebied 3511.")).to_be_visible()
    expect(page.get_by_role("heading", name="Sociaal Raadslieden Utrecht")).to_be_visible()

    page.get_by_role("textbox", name="Postcode").fill("4501")
    page.get_by_role("button", name="Zoek hulp").click()
    expect(page.get_by_test_id("no-local-help")).to_contain_text("postcodegebied 4501")
    expect(page.get_by_role("heading", name="Sociaal Raadslieden Utrecht")).to_have_count(0)
    expect(page.get_by_role("heading", name="Het Juridisch Loket (telefonisch)")).to_be_visible()


# --- the solution library ----------------------------------------------------------------------


@dataclass
class Library:
    helper: User
    casemanager: User
    lead: User
    published: Solution


@pytest.fixture
def library(helper, casemanager, lead) -> Library:
    case = factories.resolved_case(helper=helper, casemanager=casemanager)
    published = factories.solution(case=case, author=casemanager, approve_by=lead)
    return Library(helper, casemanager, lead, published)


def test_helper_finds_a_solution_by_a_word_in_another_form(postgres, page, log_in, library):
    """The text says 'betalingsregeling'; the helper searches 'betalingsregelingen'."""
    log_in(page, library.helper)
    page.goto("/casussen/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Oplossingen").click()
    page.get_by_label("Zoekwoorden").fill("betalingsregelingen")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("heading", name="1 oplossing gevonden")).to_be_visible()
    page.get_by_role("link", name=library.published.title).click()
    expect(
        page.get_by_role("heading", name="De oplossing die de Dienst accepteerde")
    ).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(library.published.case.reference)


def test_lead_approves_a_summary_and_a_refused_one_explains_why(
    page, log_in, helper, casemanager, lead
):
    to_approve = factories.resolved_case(helper=helper, casemanager=casemanager)
    to_refuse = factories.resolved_case(helper=helper, casemanager=casemanager)

    # The casemanager writes one summary in the form; the anonymity check explains itself.
    log_in(page, casemanager)
    page.goto("/oplossingen/team/")
    page.get_by_role("link", name=f"Samenvatting schrijven {to_approve.reference}").click()
    page.get_by_label("Titel").fill("Betalingsregeling alsnog geaccepteerd na dwangbevel")
    page.get_by_label("Het probleem").fill(
        "Mevrouw Jansen kreeg een dwangbevel terwijl haar verzoek om een regeling liep."
    )
    page.get_by_label("Wat al was geprobeerd").fill("Gebeld met de BelastingTelefoon en bezwaar.")
    page.get_by_label("De oplossing die de Dienst accepteerde").fill(
        "De Dienst schortte de invordering op en sprak een regeling van 24 maanden af."
    )
    page.get_by_role("button", name="Indienen ter beoordeling").click()
    expect(page.locator("#id_problem_error")).to_have_text(
        "De tekst is niet anoniem: haal de naam weg."
    )
    page.get_by_label("Het probleem").fill(
        "Een alleenstaande ouder kreeg een dwangbevel terwijl het verzoek om een regeling liep."
    )
    page.get_by_role("button", name="Indienen ter beoordeling").click()
    expect(page.get_by_test_id("solution-status")).to_have_text("Ter beoordeling")
    approved = Solution.objects.get(case=to_approve)
    refused = factories.solution(case=to_refuse, author=casemanager)

    # The lead approves one and refuses the other with a reason.
    log_in(page, lead)
    page.goto("/oplossingen/team/")
    page.get_by_role("link", name=approved.title).first.click()
    page.get_by_label("Goedkeuren en publiceren in de bibliotheek").check()
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_text("De oplossing staat nu in de bibliotheek.")).to_be_visible()
    expect(page.get_by_test_id("solution-status")).to_have_text("Gepubliceerd")

    page.goto(f"/oplossingen/{refused.pk}/")
    page.get_by_label("Niet goedkeuren").check()
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.locator("#id_reason_error")).to_be_visible()  # a refusal needs a reason
    page.get_by_label("Niet goedkeuren").check()
    page.get_by_label("Waarom niet goedgekeurd").fill("Noem welke regeling de Dienst toepaste.")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_test_id("solution-status")).to_have_text("Niet goedgekeurd")

    # The author reads why, from the notification.
    log_in(page, casemanager)
    page.goto("/meldingen/")
    page.get_by_role("link", name=re.compile("is niet goedgekeurd: lees waarom")).click()
    expect(page.get_by_test_id("refusal-reason")).to_have_text(
        "Noem welke regeling de Dienst toepaste."
    )
    expect(page.get_by_role("link", name="Aanpassen en opnieuw indienen")).to_be_visible()

    # Helpers find the approved one, not the refused one.
    log_in(page, helper)
    page.goto("/oplossingen/")
    expect(page.get_by_role("link", name=approved.title)).to_be_visible()
    expect(page.locator(f'a[href="/oplossingen/{refused.pk}/"]')).to_have_count(0)


def test_the_intakes_problem_step_shows_solutions_for_the_ticked_theme(
    page, log_in, helper, library
):
    draft, _ = steps.draft_create(user=helper, data=factories.valid_case_data())
    log_in(page, helper)
    page.goto(f"/casussen/concept/{draft.uuid}/stap/probleem/")
    panel = page.get_by_role("complementary", name="Oplossingen die eerder werkten")
    expect(panel).to_contain_text("Kies een thema")
    page.get_by_label("Invordering en dwanginvordering").check()
    expect(panel.get_by_role("link", name=re.compile(library.published.title))).to_be_visible()


# --- axe-core on every page of the front door, and 390 px --------------------------------------


def _coverage_world(helper):
    factories.submitted_case(by=helper, postcode_area="4501")
    factories.submitted_case(by=helper, postcode_area="3511")


PUBLIC_PAGES = {
    "about": "/over/",
    "self-check-first": "/kan-ik-hier-terecht/",
    "self-check-missing-choice": "/kan-ik-hier-terecht/?in_mandate=ja&beantwoord=first_line_tried",
    "self-check-fits": "/kan-ik-hier-terecht/?in_mandate=ja&first_line_tried=ja&parallel_procedure=ja&imminent_enforcement=ja&subsistence_at_risk=ja",
    "self-check-elsewhere": "/kan-ik-hier-terecht/?in_mandate=nee",
    "help-nearby-empty": "/hulp-in-de-buurt/",
    "help-nearby-found": "/hulp-in-de-buurt/?postcode=3511",
    "help-nearby-none": "/hulp-in-de-buurt/?postcode=4501",
    "help-nearby-invalid": "/hulp-in-de-buurt/?postcode=Utrecht",
}


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_has_no_wcag21_aa_violations(name, axe_page, assert_accessible, directory):
    response = axe_page.goto(PUBLIC_PAGES[name])
    assert response.status in (200, 400), f"{name}: HTTP {response.status}"
    assert_accessible(axe_page)


@pytest.mark.parametrize("name", PUBLIC_PAGES)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_public_page_fits_390_px_without_horizontal_overflow(
    name, language, browser, live_server, directory
):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    if language == "en":
        context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page = context.new_page()
    try:
        page.goto(PUBLIC_PAGES[name])
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{name} ({language}): {width}px wide at 390px"
    finally:
        context.close()


def test_public_pages_print_without_navigation_and_with_link_addresses(page, directory):
    page.goto("/hulp-in-de-buurt/?postcode=3511")
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_hidden()
    expect(page.locator("form.app-search")).to_be_hidden()
    after = page.evaluate(
        "getComputedStyle(document.querySelector('.app-org a[href^=\"https\"]'), '::after').content"
    )
    assert "sr-utrecht.example.org" in after


TEAM_PAGES = {
    "library-helper": ("helper", lambda w: "/oplossingen/?q=dwangbevel"),
    "library-empty-search": ("helper", lambda w: "/oplossingen/?q=onvindbaar"),
    "solution-helper": ("helper", lambda w: f"/oplossingen/{w.published.pk}/"),
    "solution-review": ("lead", lambda w: f"/oplossingen/{w.waiting.pk}/"),
    "solution-refused": ("casemanager", lambda w: f"/oplossingen/{w.refused.pk}/"),
    "solution-new": ("casemanager", lambda w: f"/oplossingen/nieuw/{w.without.reference}/"),
    "solution-edit": ("casemanager", lambda w: f"/oplossingen/{w.refused.pk}/bewerken/"),
    "solution-withdraw": ("lead", lambda w: f"/oplossingen/{w.published.pk}/intrekken/"),
    "solutions-team": ("lead", lambda w: "/oplossingen/team/"),
    "coverage": ("casemanager", lambda w: "/dekking/"),
    "triage-with-nearby-help": ("casemanager", lambda w: f"/triage/casus/{w.to_triage.reference}/"),
    "intake-problem-with-solutions": (
        "helper",
        lambda w: f"/casussen/concept/{w.draft.uuid}/stap/probleem/",
    ),
}


@dataclass
class TeamWorld:
    helper: User
    casemanager: User
    lead: User
    published: Solution
    waiting: Solution
    refused: Solution
    without: Case
    to_triage: Case
    draft: Case


@pytest.fixture
def team_world(helper, casemanager, lead, directory) -> TeamWorld:
    def resolved():
        return factories.resolved_case(helper=helper, casemanager=casemanager)

    published = factories.solution(case=resolved(), author=casemanager, approve_by=lead)
    waiting = factories.solution(case=resolved(), author=casemanager)
    refused = factories.solution(case=resolved(), author=casemanager)
    library_services.solution_refuse(solution=refused, actor=lead, reason="Meer uitleg graag.")
    _coverage_world(helper)
    draft, _ = steps.draft_create(user=helper, data=factories.valid_case_data())
    return TeamWorld(
        helper,
        casemanager,
        lead,
        published,
        waiting,
        refused,
        resolved(),
        factories.submitted_case(by=helper, postcode_area="3511", triage_answers={}),
        draft,
    )


@pytest.mark.parametrize("name", TEAM_PAGES)
def test_front_door_page_for_helpers_and_team_has_no_wcag21_aa_violations(
    name, axe_page, log_in, assert_accessible, team_world
):
    who, url = TEAM_PAGES[name]
    log_in(axe_page, getattr(team_world, who))
    response = axe_page.goto(url(team_world))
    assert response.ok, f"{name}: HTTP {response.status}"
    assert_accessible(axe_page)
