"""Signals in Chromium: a helper submits a signal; a casemanager screens it, links two
cases from their triage pages using the suggestions and puts it on the agenda with a
commitment of the Belastingdienst; the liaison records progress; the commitment's reminder
arrives once. axe-core on every signals page."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from deadlines import reminders
from deadlines.models import Deadline, Notification
from signals import services
from signals.models import Commitment, Signal, SignalCase
from tests import factories

pytestmark = pytest.mark.browser

TITLE = "Loonbeslag onder de beslagvrije voet"


def _cases(helper):
    systemic = {"in_mandate": True, "first_line_tried": True, "systemic_impact": True}
    return [
        factories.submitted_case(
            by=helper,
            summary="Loonbeslag laat minder over dan de beslagvrije voet",
            description="Na het loonbeslag houdt de man minder over dan de beslagvrije voet; "
            "zijn kinderen zijn niet meegeteld.",
            triage_answers=systemic,
        ),
        factories.submitted_case(
            by=helper,
            summary="Beslag op loon, beslagvrije voet niet aangepast",
            description="De beslagvrije voet is na de scheiding niet aangepast; zij zakt onder "
            "het bestaansminimum door het loonbeslag.",
            bsn="100000009",
            triage_answers=systemic,
        ),
    ]


def test_a_signal_from_submission_to_a_commitment_that_is_chased_once(
    browser, live_server, log_in, helper, casemanager, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    liaison = factories.liaison("belastingdienst")
    cases = _cases(helper)
    # A signal about something else, so the suggestions have to choose.
    factories.signal(
        by=casemanager,
        title="Box 3 heffing over spaargeld",
        description="Spaarders betalen belasting over een fictief rendement.",
    )

    def new_page(user):
        context = browser.new_context(base_url=live_server.url, locale="nl-NL")
        context.set_default_timeout(10_000)
        page = context.new_page()
        log_in(page, user)
        return page

    melder = new_page(helper)
    melder.goto("/signalen/")
    melder.get_by_role("link", name="Nieuw signaal melden").click()
    melder.get_by_label("Titel").fill(TITLE)
    melder.get_by_label("Wat ziet u?").fill(
        "Bij loonbeslag wordt de beslagvrije voet te laag berekend. Mensen houden minder over "
        "dan het bestaansminimum en kunnen de huur niet betalen."
    )
    melder.get_by_label("Belastingdienst").check()
    melder.get_by_role("button", name="Signaal melden").click()
    expect(melder.get_by_text("Het signaal is gemeld.")).to_be_visible()
    expect(melder.get_by_text("Ontvangen. Het team bekijkt het signaal.")).to_be_visible()
    signal = Signal.objects.get(title=TITLE)

    team = new_page(casemanager)
    team.goto("/signalen/")
    team.get_by_role("link", name=TITLE).click()
    team.get_by_role("button", name="In analyse nemen").click()
    expect(team.get_by_text("Het signaal heeft nu status ‘In analyse’.")).to_be_visible()

    for case in cases:
        team.goto(f"/triage/casus/{case.reference}/")
        team.get_by_role("link", name="Raakt waarschijnlijk veel mensen").click()
        team.get_by_role("button", name=f"Koppel aan ‘{TITLE}’").click()
        expect(
            team.get_by_text(f"De casus is gekoppeld aan het signaal ‘{TITLE}’.")
        ).to_be_visible()
    assert set(SignalCase.objects.filter(signal=signal).values_list("case", flat=True)) == {
        c.pk for c in cases
    }

    team.goto(f"/signalen/{signal.pk}/")
    team.get_by_role("button", name="Op de agenda zetten").click()
    expect(team.get_by_text("Het signaal heeft nu status ‘Geagendeerd’.")).to_be_visible()
    due = timezone.localdate() + timedelta(days=10)
    team.get_by_label("Dienst", exact=True).select_option(label="Belastingdienst")
    team.get_by_label("Wat zegt de Dienst toe?").fill(
        "De werkinstructie voor de beslagvrije voet aanpassen en herberekenen bij gezinswijziging."
    )
    team.get_by_label("Uiterlijk").fill(due.isoformat())
    team.get_by_role("button", name="Toezegging vastleggen").click()
    expect(team.get_by_text("De toezegging is vastgelegd")).to_be_visible()
    commitment = Commitment.objects.get(signal=signal)

    dienst = new_page(liaison)
    dienst.goto("/dienst/signalen/")
    dienst.get_by_role("link", name=TITLE).click()
    for case in cases:
        expect(dienst.get_by_text(case.reference)).to_have_count(0)
    dienst.get_by_label("Voortgang vastleggen").fill("Concept-werkinstructie ligt bij de directie.")
    dienst.get_by_role("button", name="Voortgang opslaan").click()
    expect(dienst.get_by_text("De voortgang is vastgelegd.")).to_be_visible()
    expect(dienst.get_by_text("Concept-werkinstructie ligt bij de directie.")).to_be_visible()

    deadline = Deadline.objects.get(commitment=commitment)
    with time_machine.travel(factories.at(due.year, due.month, due.day, 9), tick=False):
        reminders.reminder_sweep()
        reminders.reminder_sweep()
    reminded = Notification.objects.filter(deadline=deadline, recipient=liaison)
    assert reminded.count() == 1
    reminder = reminded.get()
    sent = [m for m in mail.outbox if m.to == [liaison.email] and m.subject == reminder.title]
    assert len(sent) == 1, [m.subject for m in mail.outbox]

    melder.reload()
    expect(melder.get_by_text("Het signaal staat op de agenda van de Dienst.")).to_be_visible()


@pytest.fixture
def signals_world(helper, casemanager):
    cases = _cases(helper)
    on_agenda = factories.signal_on_agenda(by=helper, team=casemanager, source="helper")
    for case in cases:
        services.signal_case_link(signal=on_agenda, case=case, actor=casemanager, reason="Patroon")
    commitment = services.commitment_create(
        signal=on_agenda,
        actor=casemanager,
        dienst=factories.dienst(),
        description="Werkinstructie aanpassen",
        due_date=timezone.localdate() + timedelta(days=5),
    )
    services.commitment_update(commitment=commitment, author=casemanager, text="Overleg gepland")
    factories.signal(by=casemanager, themes=("verrekening",), title="Verrekening met oude schuld")
    return {"signal": on_agenda, "case": cases[0], "commitment": commitment}


PAGES = [
    ("helper", lambda w: "/signalen/"),
    ("helper", lambda w: "/signalen/nieuw/"),
    ("helper", lambda w: f"/signalen/{w['signal'].pk}/"),
    ("casemanager", lambda w: "/signalen/"),
    ("casemanager", lambda w: "/signalen/nieuw/"),
    ("casemanager", lambda w: f"/signalen/{w['signal'].pk}/"),
    ("casemanager", lambda w: f"/signalen/{w['signal'].pk}/bewerken/"),
    ("casemanager", lambda w: f"/signalen/{w['signal'].pk}/status/closed/"),
    ("casemanager", lambda w: f"/signalen/{w['signal'].pk}/status/resolved/"),
    ("casemanager", lambda w: f"/signalen/casus/{w['case'].reference}/"),
    ("casemanager", lambda w: f"/signalen/toezeggingen/{w['commitment'].pk}/afsluiten/"),
    ("casemanager", lambda w: "/signalen/dashboard/"),
    ("analyst", lambda w: "/signalen/dashboard/"),
    ("analyst", lambda w: f"/signalen/{w['signal'].pk}/"),
    ("liaison", lambda w: "/dienst/signalen/"),
    ("liaison", lambda w: f"/dienst/signalen/{w['signal'].pk}/"),
]


def test_every_signals_page_is_accessible(
    axe_page, log_in, assert_accessible, signals_world, helper, casemanager, analyst
):
    users = {
        "helper": helper,
        "casemanager": casemanager,
        "analyst": analyst,
        "liaison": factories.liaison("belastingdienst"),
    }
    current = None
    for who, url in PAGES:
        if who != current:
            axe_page.context.clear_cookies()
            log_in(axe_page, users[who])
            current = who
        response = axe_page.goto(url(signals_world))
        assert response.ok, f"{who} {url(signals_world)}: HTTP {response.status}"
        ids = axe_page.evaluate("() => [...document.querySelectorAll('[id]')].map(e => e.id)")
        assert len(ids) == len(set(ids)), f"duplicate ids on {url(signals_world)}"
        assert_accessible(axe_page)
