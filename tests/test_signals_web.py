"""The signals pages per role: submitting, screening, linking from the case, commitments,
the dashboard and the Dienst's view (HTTP client, real database)."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from deadlines.models import Notification
from signals import services
from signals.models import Commitment, Signal, SignalCase

from . import factories
from .test_query_counts import assert_constant

S = Signal.Status


def form(**overrides) -> dict:
    return {
        "title": "Huurtoeslag teruggevorderd na verhuizing",
        "description": "Na een verhuizing wordt de huurtoeslag met terugwerkende kracht teruggevorderd.",
        "diensten": [factories.dienst("toeslagen").pk],
        **overrides,
    }


def test_a_helper_submits_by_form_and_follows_the_status(client, helper, casemanager):
    client.force_login(helper)
    response = client.post("/signalen/nieuw/", form())
    signal = Signal.objects.get()
    assert response.status_code == 302 and response.url == f"/signalen/{signal.pk}/"
    assert signal.source == Signal.Source.HELPER
    page = client.get(f"/signalen/{signal.pk}/").content.decode()
    assert "Ontvangen. Het team bekijkt het signaal." in page
    services.signal_transition(signal=signal, to_status=S.ANALYSING, actor=casemanager)
    listing = client.get("/signalen/").content.decode()
    assert "Het team onderzoekt het signaal" in listing
    assert Notification.objects.filter(recipient=helper, url=f"/signalen/{signal.pk}/").exists()


def test_the_form_says_what_is_missing(client, helper):
    client.force_login(helper)
    response = client.post("/signalen/nieuw/", form(title="", diensten=[]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kies ten minste één Dienst." in page and 'id="id_title_error"' in page
    assert not Signal.objects.exists()


def test_a_medewerker_of_a_dienst_submits_as_dienst_staff(client, db):
    staff = factories.dienst_staff_helper("toeslagen")
    client.force_login(staff)
    page = client.get("/signalen/nieuw/").content.decode()
    assert "U meldt dit als medewerker van Dienst Toeslagen" in page
    client.post("/signalen/nieuw/", form())
    assert Signal.objects.get().source == Signal.Source.DIENST_STAFF
    assert "Signalen van mijn organisatie" in client.get("/signalen/").content.decode()


def test_the_team_screens_and_closing_is_confirmed_with_a_reason(client, helper, casemanager):
    signal = factories.signal(by=helper, source="helper")
    client.force_login(casemanager)
    client.post(f"/signalen/{signal.pk}/status/analysing/", {"move-reason": ""})
    signal.refresh_from_db()
    assert (signal.status, signal.owner) == (S.ANALYSING, casemanager)
    confirm = client.get(f"/signalen/{signal.pk}/status/closed/")
    assert "Dit kan niet ongedaan worden gemaakt" in confirm.content.decode()
    refused = client.post(f"/signalen/{signal.pk}/status/closed/", {"move-reason": ""})
    assert refused.status_code == 400
    client.post(f"/signalen/{signal.pk}/status/closed/", {"move-reason": "Valt buiten ons mandaat"})
    signal.refresh_from_db()
    assert (signal.status, signal.closed_reason) == (S.CLOSED, "Valt buiten ons mandaat")
    client.force_login(helper)
    assert "Valt buiten ons mandaat" in client.get(f"/signalen/{signal.pk}/").content.decode()


def test_a_move_outside_the_table_shows_the_reason_and_changes_nothing(client, casemanager):
    signal = factories.signal(by=casemanager)
    client.force_login(casemanager)
    response = client.post(f"/signalen/{signal.pk}/status/in_kamer_report/", {}, follow=True)
    assert "kan niet naar" in response.content.decode()
    signal.refresh_from_db()
    assert signal.status == S.NEW


def test_a_systemic_case_shows_the_signals_it_resembles_and_links_in_one_click(
    client, helper, casemanager
):
    beslag = factories.signal(by=casemanager)
    factories.signal(by=casemanager, title="Box 3 over spaargeld", description="Fictief rendement.")
    case = factories.submitted_case(
        by=helper,
        summary="Loonbeslag onder de beslagvrije voet",
        description="Na het beslag blijft minder over dan de beslagvrije voet.",
        triage_answers={"in_mandate": True, "first_line_tried": True, "systemic_impact": True},
    )
    client.force_login(casemanager)
    triage = client.get(f"/triage/casus/{case.reference}/", follow=True).content.decode()
    assert f"/signalen/casus/{case.reference}/" in triage
    assert "Raakt waarschijnlijk veel mensen" in triage
    assert (
        f"/signalen/casus/{case.reference}/"
        in client.get(f"/casussen/{case.reference}/").content.decode()
    )
    response = client.get(f"/signalen/casus/{case.reference}/")
    assert "waarschijnlijk veel mensen raakt" in response.content.decode()
    assert response.context["signal_suggestions"][0].obj == beslag
    client.post(
        f"/signalen/casus/{case.reference}/koppelen/",
        {"quick": "1", "signal": beslag.pk, "reason": "Uit de suggesties"},
    )
    link = SignalCase.objects.get()
    assert (link.signal, link.case, link.linked_by) == (beslag, case, casemanager)
    again = client.post(
        f"/signalen/casus/{case.reference}/koppelen/",
        {"quick": "1", "signal": beslag.pk, "reason": "Nog eens"},
        follow=True,
    )
    assert "al aan dit signaal gekoppeld" in again.content.decode()
    assert SignalCase.objects.count() == 1


def test_linking_from_the_case_page_needs_a_reason_and_unlinking_goes_back(
    client, helper, casemanager
):
    signal = factories.signal(by=casemanager)
    case = factories.submitted_case(by=helper)
    client.force_login(casemanager)
    refused = client.post(f"/signalen/casus/{case.reference}/koppelen/", {"signal": signal.pk})
    assert refused.status_code == 400 and not SignalCase.objects.exists()
    client.post(
        f"/signalen/casus/{case.reference}/koppelen/", {"signal": signal.pk, "reason": "Patroon"}
    )
    assert SignalCase.objects.filter(reason="Patroon").exists()
    back = client.post(
        f"/signalen/{signal.pk}/casussen/{case.reference}/ontkoppelen/",
        {"next": f"/signalen/casus/{case.reference}/"},
    )
    assert back.url == f"/signalen/casus/{case.reference}/"
    assert not SignalCase.objects.exists()


def test_the_signal_page_links_a_suggested_case_and_counts_per_month(client, helper, casemanager):
    signal = factories.signal(by=casemanager)
    case = factories.submitted_case(by=helper, summary="Beslag onder de beslagvrije voet")
    client.force_login(casemanager)
    page = client.get(f"/signalen/{signal.pk}/").content.decode()
    assert case.reference in page
    client.post(
        f"/signalen/{signal.pk}/casussen/",
        {"link-reference": case.reference, "link-reason": "Uit de suggesties"},
    )
    page = client.get(f"/signalen/{signal.pk}/").content.decode()
    assert "Gekoppelde casussen per maand van indiening" in page
    assert "Ontkoppel " + case.reference in page


def test_an_analyst_sees_counts_on_the_signal_page_but_no_references(
    client, helper, casemanager, analyst
):
    signal = factories.signal(by=casemanager)
    case = factories.submitted_case(by=helper)
    services.signal_case_link(signal=signal, case=case, actor=casemanager, reason="Patroon")
    client.force_login(analyst)
    page = client.get(f"/signalen/{signal.pk}/").content.decode()
    assert "Totaal: &lt;5" in page
    assert case.reference not in page
    assert client.get(f"/signalen/casus/{case.reference}/").status_code == 403
    assert client.get("/signalen/dashboard/").status_code == 200


def test_commitments_are_recorded_chased_and_closed_with_confirmation(client, helper, casemanager):
    signal = factories.signal_on_agenda(by=helper, team=casemanager, source="helper")
    liaison = factories.liaison("belastingdienst")
    due = timezone.localdate() + timedelta(days=14)
    client.force_login(casemanager)
    client.post(
        f"/signalen/{signal.pk}/toezeggingen/",
        {
            "commitment-dienst": factories.dienst().pk,
            "commitment-description": "Werkinstructie beslagvrije voet aanpassen",
            "commitment-due_date": due.isoformat(),
        },
    )
    commitment = Commitment.objects.get()
    assert Notification.objects.filter(
        recipient=liaison, url=f"/dienst/signalen/{signal.pk}/"
    ).exists()
    client.force_login(liaison)
    assert client.get("/dienst/signalen/").status_code == 200
    client.post(
        f"/signalen/toezeggingen/{commitment.pk}/voortgang/",
        {f"c{commitment.pk}-text": "Concept ligt bij de directie"},
    )
    assert commitment.updates.get().author == liaison
    assert client.get(f"/signalen/toezeggingen/{commitment.pk}/afsluiten/").status_code == 403
    client.force_login(casemanager)
    confirm = client.get(f"/signalen/toezeggingen/{commitment.pk}/afsluiten/").content.decode()
    assert "Afsluiten is definitief" in confirm
    client.post(
        f"/signalen/toezeggingen/{commitment.pk}/afsluiten/",
        {"kept": "yes", "note": "Gepubliceerd"},
    )
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.KEPT
    assert commitment.events.get().to_status == Commitment.Status.KEPT


def test_a_liaison_sees_its_own_diensts_agenda_only(client, helper, casemanager):
    bd = factories.signal_on_agenda(by=helper, team=casemanager, source="helper")
    toeslagen = factories.signal_on_agenda(
        by=helper, team=casemanager, source="helper", diensten=("toeslagen",)
    )
    case = factories.submitted_case(by=helper)
    services.signal_case_link(signal=bd, case=case, actor=casemanager, reason="Patroon")
    client.force_login(factories.liaison("belastingdienst"))
    assert client.get("/signalen/").url == "/dienst/signalen/"
    page = client.get(f"/dienst/signalen/{bd.pk}/").content.decode()
    assert bd.title in page and case.reference not in page
    assert client.get(f"/dienst/signalen/{toeslagen.pk}/").status_code == 404
    assert client.get(f"/signalen/{bd.pk}/").status_code == 403
    assert client.get("/signalen/dashboard/").status_code == 403


def test_a_helper_never_sees_another_organisations_signal(client, helper, other_helper):
    theirs = factories.signal(by=other_helper, source="helper")
    client.force_login(helper)
    assert client.get(f"/signalen/{theirs.pk}/").status_code == 404
    assert client.get(f"/signalen/{theirs.pk}/bewerken/").status_code == 403


def test_editing_keeps_the_history_and_says_who(client, casemanager, lead):
    signal = factories.signal(by=casemanager)
    client.force_login(casemanager)
    client.post(
        f"/signalen/{signal.pk}/bewerken/",
        {
            "title": "Beslag onder de beslagvrije voet bij bankbeslag",
            "description": signal.description,
            "diensten": [factories.dienst().pk],
            "themes": [],
            "owner": lead.pk,
            "reason": "Scherper geformuleerd",
        },
    )
    signal.refresh_from_db()
    assert (signal.title, signal.owner) == ("Beslag onder de beslagvrije voet bij bankbeslag", lead)
    latest, before = signal.history.all()[:2]
    assert (latest.title, latest.history_user) == (signal.title, casemanager)
    assert before.title == "Beslag onder de beslagvrije voet"
    assert signal.events.last().reason == "Scherper geformuleerd"


def test_the_dashboard_counts_rising_themes_and_overdue_commitments(client, helper, casemanager):
    with time_machine.travel(factories.at(2026, 1, 12), tick=False):
        signal = factories.signal_on_agenda(
            by=casemanager, team=casemanager, themes=("verrekening",)
        )
        old = factories.submitted_case(by=helper)
        commitment = services.commitment_create(
            signal=signal,
            actor=casemanager,
            dienst=factories.dienst(),
            description="Vooraankondiging invoeren",
            due_date=factories.at(2026, 2, 1).date(),
        )
    with time_machine.travel(factories.at(2026, 3, 10), tick=False):
        new = [factories.submitted_case(by=helper) for _ in range(3)]
        for case in [old, *new]:
            services.signal_case_link(signal=signal, case=case, actor=casemanager, reason="x")
        client.force_login(casemanager)
        page = client.get("/signalen/dashboard/")
    rising = page.context["rising"]
    assert [(r.theme.code, r.this_month, r.before_total) for r in rising] == [("verrekening", 3, 1)]
    assert page.context["overdue"] == [commitment]
    assert "stijgt" in page.content.decode()


def test_signal_pages_run_a_constant_number_of_queries(client, helper, casemanager):
    signal = factories.signal_on_agenda(by=casemanager, team=casemanager, themes=("box-3",))
    liaison = factories.liaison()

    def more():
        for n in range(3):
            other = factories.signal_on_agenda(
                by=casemanager, team=casemanager, themes=("box-3", "verrekening")
            )
            case = factories.submitted_case(by=helper)
            services.signal_case_link(signal=other, case=case, actor=casemanager, reason="x")
            services.signal_case_link(signal=signal, case=case, actor=casemanager, reason="x")
            services.commitment_create(
                signal=other,
                actor=casemanager,
                dienst=factories.dienst(),
                description=f"Toezegging {n}",
                due_date=timezone.localdate() + timedelta(days=10),
            )

    client.force_login(casemanager)
    assert_constant(client, "/signalen/", more)
    assert_constant(client, "/signalen/dashboard/", more)
    # The suggestions read the table statistics once per cache period: warm that up first.
    client.get(f"/signalen/{signal.pk}/")
    assert_constant(client, f"/signalen/{signal.pk}/", more)
    client.force_login(liaison)
    assert_constant(client, "/dienst/signalen/", more)


def test_the_signals_pages_speak_english_too(client, helper):
    factories.signal(by=helper, source="helper")
    client.force_login(helper)
    client.post("/i18n/setlang/", {"language": "en", "next": "/signalen/"})
    page = client.get("/signalen/").content.decode()
    assert "Signals of my organisation" in page
    assert "Received. The team is looking at the signal." in page


def test_only_a_lead_is_offered_the_kamer_report(client, casemanager, lead):
    signal = factories.signal_on_agenda(by=casemanager, team=casemanager)
    client.force_login(casemanager)
    assert (
        "Kiezen voor de Kamerrapportage"
        not in client.get(f"/signalen/{signal.pk}/").content.decode()
    )
    client.force_login(lead)
    assert (
        "Kiezen voor de Kamerrapportage" in client.get(f"/signalen/{signal.pk}/").content.decode()
    )
    client.post(f"/signalen/{signal.pk}/status/in_kamer_report/", {"move-reason": "Ernstig"})
    signal.refresh_from_db()
    assert signal.status == S.IN_KAMER_REPORT
