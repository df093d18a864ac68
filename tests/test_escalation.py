"""The escalation ladder: rung moves, requests to the Diensten, the second pair of eyes, the
liaison's answers and what each role sees, the case timeline and the Kamer-report rung.

Expected due dates were computed by hand from the Algemene termijnenwet: in 2026 Goede
Vrijdag is 3 April, Tweede Paasdag 6 April, Bevrijdingsdag Tuesday 5 May and
Hemelvaartsdag 14 May.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.http import Http404
from django.utils import timezone

from belangenbehartiger.errors import (
    ConcurrentChange,
    InvalidInput,
    NotPermitted,
    TransitionNotAllowed,
)
from cases import services as case_services
from cases.models import CaseEvent, CaseStatus
from cases.selectors import case_for_user_or_404
from casework import steps
from deadlines import calendar
from deadlines.models import Deadline, Notification
from escalation import services
from escalation.models import DienstRequest, KamerReportItem, RequestEvent, Rung
from escalation.selectors import (
    case_timeline,
    cases_with_requests_to,
    current_rung,
    dienst_requests_visible_to,
    liaison_inbox,
    next_rung,
)

from . import factories
from .factories import accepted_case, at, end_of, freeze, proposal

AMS = ZoneInfo("Europe/Amsterdam")
URGENT = {"in_mandate": True, "imminent_enforcement": True}
K = Deadline.Kind
R = DienstRequest.Status


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    """Extra non-working days are cached across tests; none may leak into these dates."""
    calendar.clear_cache()
    yield
    calendar.clear_cache()


def rung(code: str) -> Rung:
    return Rung.objects.get(code=code)


def open_due_dates(request: DienstRequest) -> dict[str, datetime]:
    return {d.kind: d.due_at for d in request.deadlines.filter(status=Deadline.Status.OPEN)}


@pytest.fixture
def case(helper, casemanager):
    return accepted_case(helper=helper, casemanager=casemanager)


@pytest.fixture
def other_lead(db):
    return factories.team_member(role="lead")


@pytest.fixture
def toeslagen_liaison(db):
    return factories.liaison(code="toeslagen")


# --- the ladder -----------------------------------------------------------------------------


def test_first_proposal_puts_an_accepted_case_on_mediation_and_in_progress(case, casemanager):
    assert (case.status, current_rung(case)) == (CaseStatus.ACCEPTED, None)
    proposal(case, casemanager)
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    assert current_rung(case).code == "mediation"


def test_rung_move_without_a_reason_is_refused_and_changes_nothing(case, casemanager):
    with pytest.raises(InvalidInput) as exc:
        services.case_rung_move(case=case, rung=rung("mediation"), actor=casemanager, reason=" ")
    assert exc.value.field == "reason"
    case.refresh_from_db()
    assert (case.status, current_rung(case)) == (CaseStatus.ACCEPTED, None)
    assert not case.events.filter(kind=CaseEvent.Kind.RUNG_CHANGED).exists()


def test_rung_move_writes_a_rung_changed_event_with_actor_and_reason(case, casemanager):
    services.case_rung_move(
        case=case, rung=rung("management"), actor=casemanager, reason="Geen reactie op voorstel"
    )
    event = case.events.get(kind=CaseEvent.Kind.RUNG_CHANGED)
    assert event.actor == casemanager
    assert "Geen reactie op voorstel" in event.reason
    assert rung("management").name in event.reason
    case.refresh_from_db()
    assert (case.status, current_rung(case).code) == (CaseStatus.IN_PROGRESS, "management")


def test_a_case_can_move_down_a_rung(case, casemanager):
    services.case_rung_move(case=case, rung=rung("management"), actor=casemanager, reason="Op")
    services.case_rung_move(
        case=case, rung=rung("mediation"), actor=casemanager, reason="Dienst wil toch praten"
    )
    case.refresh_from_db()
    assert current_rung(case).code == "mediation"
    assert case.events.filter(kind=CaseEvent.Kind.RUNG_CHANGED).count() == 2


def test_moving_to_the_current_rung_is_refused(case, casemanager):
    services.case_rung_move(case=case, rung=rung("mediation"), actor=casemanager, reason="Start")
    with pytest.raises(InvalidInput):
        services.case_rung_move(
            case=case, rung=rung("mediation"), actor=casemanager, reason="Nog eens"
        )
    assert case.events.filter(kind=CaseEvent.Kind.RUNG_CHANGED).count() == 1


@pytest.mark.parametrize("role", ["helper", "liaison", "analyst", "admin"])
def test_only_the_team_moves_a_case_on_the_ladder(case, casemanager, role):
    make = {"helper": factories.helper, "liaison": factories.liaison}.get(role)
    outsider = make() if make else factories.team_member(role=role)
    with pytest.raises(NotPermitted):
        services.case_rung_move(case=case, rung=rung("mediation"), actor=outsider, reason="x")
    case.refresh_from_db()
    assert current_rung(case) is None
    services.case_rung_move(case=case, rung=rung("mediation"), actor=casemanager, reason="x")
    assert current_rung(case).code == "mediation"


def test_a_case_that_is_not_accepted_cannot_go_on_the_ladder(helper, casemanager):
    case = factories.submitted_case(by=helper)
    with pytest.raises(TransitionNotAllowed):
        services.case_rung_move(case=case, rung=rung("mediation"), actor=casemanager, reason="x")
    with pytest.raises(TransitionNotAllowed):
        proposal(case, casemanager)
    case.refresh_from_db()
    assert (case.status, current_rung(case)) == (CaseStatus.SUBMITTED, None)
    assert not DienstRequest.objects.exists()


def test_next_rung_is_the_active_rung_above_the_current_one(case, casemanager):
    assert next_rung(case).code == "mediation"
    services.case_rung_move(case=case, rung=rung("mediation"), actor=casemanager, reason="x")
    assert next_rung(case).code == "freeze_request"
    Rung.objects.filter(code="freeze_request").update(active=False)
    assert next_rung(case).code == "management"
    services.case_rung_move(case=case, rung=rung("kamer_report"), actor=casemanager, reason="x")
    assert next_rung(case) is None


# --- requests to a Dienst -------------------------------------------------------------------


def test_proposal_is_sent_at_once_with_deadlines_counted_past_easter(helper, casemanager):
    with time_machine.travel(at(2026, 4, 2), tick=False):  # Thursday before Goede Vrijdag
        case = accepted_case(helper=helper, casemanager=casemanager)
        request = proposal(case, casemanager)
    request.refresh_from_db()
    assert request.status == R.SENT
    assert request.sent_at == at(2026, 4, 2)
    assert open_due_dates(request) == {
        K.DIENST_ACKNOWLEDGE: end_of(date(2026, 4, 8)),  # 7 and 8 April
        K.DIENST_ANSWER: end_of(date(2026, 4, 20)),  # 7-10, 13-17, 20 April
    }


def test_proposal_deadlines_skip_bevrijdingsdag_and_hemelvaartsdag(helper, casemanager):
    with time_machine.travel(at(2026, 5, 4), tick=False):  # Monday before 5 May
        case = accepted_case(helper=helper, casemanager=casemanager)
        request = proposal(case, casemanager)
    assert open_due_dates(request) == {
        K.DIENST_ACKNOWLEDGE: end_of(date(2026, 5, 7)),
        K.DIENST_ANSWER: end_of(date(2026, 5, 20)),  # 6-8, 11-13, 15, 18-20 May
    }


def test_urgent_proposal_must_be_answered_within_two_working_days(helper, casemanager):
    with time_machine.travel(at(2026, 5, 4), tick=False):
        case = accepted_case(helper=helper, casemanager=casemanager, triage_answers=URGENT)
        request = proposal(case, casemanager)
    assert case.triage_band == "urgent"
    assert request.urgent is True
    assert open_due_dates(request)[K.DIENST_ANSWER] == end_of(date(2026, 5, 7))


def test_sent_proposal_notifies_each_liaison_of_that_dienst_only(
    helper, casemanager, liaison, toeslagen_liaison
):
    colleague = factories.liaison()
    case = accepted_case(
        helper=helper, casemanager=casemanager, diensten=("belastingdienst", "toeslagen")
    )
    proposal(case, casemanager)
    notified = set(
        Notification.objects.filter(stage=Notification.Stage.NEW_REQUEST).values_list(
            "recipient", flat=True
        )
    )
    assert notified == {liaison.pk, colleague.pk}


def test_freeze_request_moves_the_case_to_the_freeze_rung_and_waits_for_approval(
    case, casemanager, liaison
):
    request = freeze(case, casemanager)
    case.refresh_from_db()
    assert current_rung(case).code == "freeze_request"
    assert case.status == CaseStatus.IN_PROGRESS
    assert request.status == R.AWAITING_APPROVAL
    assert request.sent_at is None
    assert not request.deadlines.exists()
    assert not Notification.objects.filter(recipient=liaison).exists()


def test_the_author_cannot_approve_its_own_request_even_as_lead(case, lead):
    request = freeze(case, lead)
    with pytest.raises(NotPermitted, match="eigen verzoek"):
        services.request_approve(request=request, actor=lead)
    request.refresh_from_db()
    assert request.status == R.AWAITING_APPROVAL
    assert not request.deadlines.exists()


def test_a_casemanager_cannot_approve_a_request(case, casemanager, lead):
    request = freeze(case, lead)
    with pytest.raises(NotPermitted):
        services.request_approve(request=request, actor=casemanager)
    request.refresh_from_db()
    assert request.status == R.AWAITING_APPROVAL
    assert request.approved_by is None


def test_another_lead_approves_and_the_request_is_sent_with_its_deadline(
    helper, casemanager, lead, liaison
):
    with time_machine.travel(at(2026, 4, 2), tick=False):
        case = accepted_case(helper=helper, casemanager=casemanager)
        request = freeze(case, casemanager)
    with time_machine.travel(at(2026, 4, 7, 14), tick=False):  # Tuesday after Easter
        services.request_approve(request=request, actor=lead)
    request.refresh_from_db()
    assert request.status == R.SENT
    assert (request.approved_by, request.approved_at) == (lead, at(2026, 4, 7, 14))
    assert request.sent_at == at(2026, 4, 7, 14)
    # The freeze rung has no acknowledgement, and 2 working days from the approval.
    assert open_due_dates(request) == {K.DIENST_ANSWER: end_of(date(2026, 4, 9))}
    assert (
        request.events.filter(from_status=R.AWAITING_APPROVAL, to_status=R.SENT).get().actor == lead
    )
    assert Notification.objects.filter(
        recipient=liaison, stage=Notification.Stage.NEW_REQUEST
    ).exists()


def test_urgent_freeze_must_be_answered_within_one_working_day(helper, casemanager, lead):
    with time_machine.travel(at(2026, 4, 2), tick=False):
        case = accepted_case(helper=helper, casemanager=casemanager, triage_answers=URGENT)
        request = freeze(case, casemanager)
        services.request_approve(request=request, actor=lead)
    assert open_due_dates(request) == {K.DIENST_ANSWER: end_of(date(2026, 4, 7))}


def test_refusing_a_request_needs_a_note(case, casemanager, lead, liaison):
    request = freeze(case, casemanager)
    with pytest.raises(InvalidInput) as exc:
        services.request_refuse(request=request, actor=lead, note="  ")
    assert exc.value.field == "note"
    request.refresh_from_db()
    assert request.status == R.AWAITING_APPROVAL
    services.request_refuse(request=request, actor=lead, note="Eerst bemiddelen")
    request.refresh_from_db()
    assert request.status == R.NOT_APPROVED
    assert request.events.last().note == "Eerst bemiddelen"
    assert not request.deadlines.exists()
    assert not dienst_requests_visible_to(liaison).exists()


@pytest.mark.parametrize("days_from_today", [0, -1])
def test_freeze_until_today_or_in_the_past_is_refused_and_nothing_is_saved(
    case, casemanager, days_from_today
):
    with pytest.raises(InvalidInput) as exc:
        freeze(case, casemanager, until=timezone.localdate() + timedelta(days=days_from_today))
    assert exc.value.field == "until"
    case.refresh_from_db()
    assert (case.status, current_rung(case)) == (CaseStatus.ACCEPTED, None)
    assert not DienstRequest.objects.exists()
    assert not case.events.filter(kind=CaseEvent.Kind.RUNG_CHANGED).exists()
    freeze(case, casemanager, until=timezone.localdate() + timedelta(days=1))
    assert DienstRequest.objects.count() == 1


def test_request_to_a_dienst_that_is_not_on_the_case_is_refused(case, casemanager):
    assert list(case.diensten.values_list("code", flat=True)) == ["belastingdienst"]
    with pytest.raises(InvalidInput) as exc:
        proposal(case, casemanager, dienst="toeslagen")
    assert exc.value.field == "dienst"
    case.refresh_from_db()
    assert (case.status, current_rung(case)) == (CaseStatus.ACCEPTED, None)
    assert not DienstRequest.objects.exists()


def test_request_without_text_is_refused(case, casemanager):
    with pytest.raises(InvalidInput) as exc:
        proposal(case, casemanager, text="   ")
    assert exc.value.field == "text"
    assert not DienstRequest.objects.exists()


def test_a_helper_cannot_send_a_request(case, helper):
    with pytest.raises(NotPermitted):
        proposal(case, helper)
    assert not DienstRequest.objects.exists()


# --- the liaison's side ---------------------------------------------------------------------


def test_acknowledging_closes_only_the_acknowledge_deadline(case, casemanager, liaison):
    request = proposal(case, casemanager)
    services.request_acknowledge(request=request, actor=liaison)
    request.refresh_from_db()
    assert request.status == R.ACKNOWLEDGED
    assert request.acknowledged_by == liaison
    statuses = dict(request.deadlines.values_list("kind", "status"))
    assert statuses == {K.DIENST_ACKNOWLEDGE: Deadline.Status.MET, K.DIENST_ANSWER: "open"}


def test_rejection_without_motivation_is_refused_and_changes_nothing(case, casemanager, liaison):
    request = proposal(case, casemanager)
    with pytest.raises(InvalidInput) as exc:
        services.request_respond(request=request, actor=liaison, outcome="rejected")
    assert exc.value.field == "motivation"
    request.refresh_from_db()
    assert (request.status, request.outcome, request.responded_by) == (R.SENT, "", None)
    assert request.deadlines.filter(status=Deadline.Status.OPEN).count() == 2
    assert not request.events.filter(to_status=R.ANSWERED).exists()


def test_rejection_with_motivation_is_recorded(case, casemanager, liaison):
    request = proposal(case, casemanager)
    services.request_respond(
        request=request, actor=liaison, outcome="rejected", motivation="Geen grond"
    )
    request.refresh_from_db()
    assert (request.status, request.outcome, request.motivation) == (
        R.ANSWERED,
        "rejected",
        "Geen grond",
    )


def test_acceptance_without_motivation_answers_and_tells_the_assignee(case, casemanager, liaison):
    request = proposal(case, casemanager)
    services.request_respond(request=request, actor=liaison, outcome="accepted")
    request.refresh_from_db()
    assert (request.status, request.outcome, request.responded_by) == (
        R.ANSWERED,
        "accepted",
        liaison,
    )
    assert not request.deadlines.filter(status=Deadline.Status.OPEN).exists()
    assert request.deadlines.filter(status=Deadline.Status.MET).count() == 2
    assert Notification.objects.filter(
        recipient=casemanager, stage=Notification.Stage.ANSWERED
    ).exists()


def test_a_granted_freeze_opens_a_freeze_end_deadline_on_the_granted_date(
    case, casemanager, lead, liaison
):
    request = freeze(case, casemanager)
    services.request_approve(request=request, actor=lead)
    granted = timezone.localdate() + timedelta(days=20)
    services.request_respond(
        request=request,
        actor=liaison,
        outcome="partly_accepted",
        motivation="Tot de uitspraak op bezwaar",
        granted_until=granted,
    )
    request.refresh_from_db()
    assert request.granted_until == granted
    end = request.deadlines.get(kind=K.FREEZE_END)
    assert (end.status, end.due_at) == (Deadline.Status.OPEN, end_of(granted))


def test_a_rejected_freeze_opens_no_freeze_end_deadline(case, casemanager, lead, liaison):
    request = freeze(case, casemanager)
    services.request_approve(request=request, actor=lead)
    services.request_respond(
        request=request, actor=liaison, outcome="rejected", motivation="Geen grond"
    )
    assert not request.deadlines.filter(kind=K.FREEZE_END).exists()
    assert request.deadlines.get(kind=K.DIENST_ANSWER).status == Deadline.Status.MET


def test_liaison_of_another_dienst_cannot_acknowledge_or_answer(
    helper, casemanager, liaison, toeslagen_liaison
):
    case = accepted_case(
        helper=helper, casemanager=casemanager, diensten=("belastingdienst", "toeslagen")
    )
    request = proposal(case, casemanager)
    with pytest.raises(NotPermitted):
        services.request_acknowledge(request=request, actor=toeslagen_liaison)
    with pytest.raises(NotPermitted):
        services.request_respond(request=request, actor=toeslagen_liaison, outcome="accepted")
    request.refresh_from_db()
    assert request.status == R.SENT
    assert request.deadlines.filter(status=Deadline.Status.OPEN).count() == 2
    services.request_respond(request=request, actor=liaison, outcome="accepted")
    assert request.status == R.ANSWERED


def test_a_team_member_cannot_answer_for_the_dienst(case, casemanager):
    request = proposal(case, casemanager)
    with pytest.raises(NotPermitted):
        services.request_respond(request=request, actor=casemanager, outcome="accepted")
    request.refresh_from_db()
    assert request.status == R.SENT


def test_liaison_of_another_dienst_never_sees_the_request_or_the_case(
    helper, casemanager, liaison, toeslagen_liaison
):
    case = accepted_case(
        helper=helper, casemanager=casemanager, diensten=("belastingdienst", "toeslagen")
    )
    request = proposal(case, casemanager)
    assert list(dienst_requests_visible_to(liaison)) == [request]
    assert list(liaison_inbox(user=liaison)) == [request]
    assert list(cases_with_requests_to(liaison)) == [case]
    assert not dienst_requests_visible_to(toeslagen_liaison).exists()
    assert not liaison_inbox(user=toeslagen_liaison).exists()
    assert not cases_with_requests_to(toeslagen_liaison).exists()


def test_a_request_awaiting_approval_is_invisible_to_the_liaison(case, casemanager, lead, liaison):
    request = freeze(case, casemanager)
    assert not dienst_requests_visible_to(liaison).exists()
    assert not liaison_inbox(user=liaison).exists()
    assert not cases_with_requests_to(liaison).exists()
    with pytest.raises(TransitionNotAllowed):
        services.request_acknowledge(request=request, actor=liaison)
    services.request_approve(request=request, actor=lead)
    assert list(dienst_requests_visible_to(liaison)) == [request]
    assert list(cases_with_requests_to(liaison)) == [case]


def test_a_liaison_never_gets_the_whole_case(case, casemanager, liaison):
    proposal(case, casemanager)
    assert cases_with_requests_to(liaison).filter(pk=case.pk).exists()
    with pytest.raises(Http404):
        case_for_user_or_404(liaison, case.reference)
    assert case_for_user_or_404(casemanager, case.reference) == case


def test_liaison_inbox_lists_open_requests_by_answer_deadline_and_answered_apart(
    helper, casemanager, liaison
):
    normal = accepted_case(helper=helper, casemanager=casemanager)
    urgent = accepted_case(helper=helper, casemanager=casemanager, triage_answers=URGENT)
    slow = proposal(normal, casemanager)
    fast = proposal(urgent, casemanager)
    assert list(liaison_inbox(user=liaison)) == [fast, slow]
    services.request_respond(request=fast, actor=liaison, outcome="accepted")
    assert list(liaison_inbox(user=liaison)) == [slow]
    assert list(liaison_inbox(user=liaison, show="answered")) == [fast]


def test_answering_twice_is_not_allowed(case, casemanager, liaison):
    request = proposal(case, casemanager)
    services.request_respond(request=request, actor=liaison, outcome="accepted")
    again = DienstRequest.objects.get(pk=request.pk)
    with pytest.raises(TransitionNotAllowed):
        services.request_respond(
            request=again, actor=liaison, outcome="rejected", motivation="Toch niet"
        )
    again.refresh_from_db()
    assert again.outcome == "accepted"
    assert again.events.filter(to_status=R.ANSWERED).count() == 1


def test_withdrawing_a_case_withdraws_its_open_requests(case, casemanager, helper, liaison):
    request = proposal(case, casemanager)
    assert list(liaison_inbox(user=liaison)) == [request]
    steps.case_withdraw(case=case, user=helper, reason="Zelf opgelost met de Dienst")
    request.refresh_from_db()
    assert request.status == R.WITHDRAWN
    assert not liaison_inbox(user=liaison).exists()


def test_a_request_of_a_withdrawn_case_cannot_be_approved(case, casemanager, helper, lead):
    request = freeze(case, casemanager)
    steps.case_withdraw(case=case, user=helper, reason="Zelf opgelost")
    # The lead's page still shows the request as awaiting approval: a conflict, not a send.
    with pytest.raises(ConcurrentChange):
        services.request_approve(request=request, actor=lead)
    request.refresh_from_db()
    assert request.status == R.WITHDRAWN
    with pytest.raises(TransitionNotAllowed):
        services.request_approve(request=request, actor=lead)
    assert not Deadline.objects.filter(case=case, status=Deadline.Status.OPEN).exists()


# --- the timeline ---------------------------------------------------------------------------


def test_team_timeline_shows_request_events_and_deadlines(case, casemanager):
    proposal(case, casemanager)
    items = case_timeline(user=casemanager, case=case)
    request_titles = [i["title"] for i in items if i["kind"] == "request"]
    assert request_titles == [
        "Voorstel alternatieve oplossing → Belastingdienst: "
        "Verzoek opgesteld, wacht op akkoord van een leidinggevende",
        "Voorstel alternatieve oplossing → Belastingdienst: Verzoek verstuurd",
    ]
    deadline_rows = {(i["title"], i["state"]) for i in items if i["kind"] == "deadline"}
    assert {
        ("Triagebesluit", "opened"),
        ("Triagebesluit", "met"),
        ("Ontvangstbevestiging Dienst (Belastingdienst)", "opened"),
        ("Antwoord Dienst (Belastingdienst)", "opened"),
    } == deadline_rows
    assert [i["at"] for i in items] == sorted(i["at"] for i in items)


def test_helper_timeline_hides_internal_notes_and_requests(case, casemanager, helper):
    proposal(case, casemanager)
    case_services.message_post(
        case=case, author=casemanager, body="Intern: Dienst reageert traag", internal=True
    )
    case_services.message_post(case=case, author=casemanager, body="We zijn in gesprek.")
    team_texts = [i["text"] for i in case_timeline(user=casemanager, case=case)]
    assert "Intern: Dienst reageert traag" in team_texts
    items = case_timeline(user=helper, case=case)
    texts = [i["text"] for i in items]
    assert "We zijn in gesprek." in texts
    assert "Intern: Dienst reageert traag" not in texts
    assert not [i for i in items if i["kind"] in ("request", "deadline")]
    assert "Stel de invordering uit." not in texts


# --- the Kamer-report rung ------------------------------------------------------------------

CLEAN_VIGNETTE = (
    "Een alleenstaande ouder kreeg een dwangbevel terwijl er een betalingsregeling liep; "
    "de Dienst stopte de invordering pas na drie maanden."
)


@pytest.mark.parametrize(
    ("detail", "named"),
    [
        ("De heer Jansen kreeg een dwangbevel.", "de naam"),
        ("Burger met BSN 111 222 333 kreeg een dwangbevel.", "het BSN"),
        ("Een burger uit postcodegebied 3511 kreeg een dwangbevel.", "het postcodegebied"),
        ("Zie casus {reference}.", "het kenmerk"),
    ],
)
def test_vignette_with_identifying_details_is_refused_naming_what_to_remove(
    case, casemanager, detail, named
):
    vignette = f"{CLEAN_VIGNETTE} {detail.format(reference=case.reference)}"
    with pytest.raises(InvalidInput, match=f"haal {named} weg") as exc:
        services.kamer_item_propose(
            case=case, actor=casemanager, vignette=vignette, reason="Patroon"
        )
    assert exc.value.field == "vignette"
    case.refresh_from_db()
    assert (case.status, current_rung(case)) == (CaseStatus.ACCEPTED, None)
    assert not KamerReportItem.objects.exists()


def test_clean_vignette_puts_the_case_on_the_kamer_rung(case, casemanager):
    item = services.kamer_item_propose(
        case=case, actor=casemanager, vignette=CLEAN_VIGNETTE, reason="Structureel probleem"
    )
    case.refresh_from_db()
    assert current_rung(case).code == "kamer_report"
    assert case.status == CaseStatus.IN_PROGRESS
    assert (item.status, item.author) == (KamerReportItem.Status.PROPOSED, casemanager)


def test_the_author_cannot_approve_its_own_kamer_item(case, lead, casemanager):
    item = services.kamer_item_propose(
        case=case, actor=lead, vignette=CLEAN_VIGNETTE, reason="Structureel"
    )
    for actor in (lead, casemanager):
        with pytest.raises(NotPermitted):
            services.kamer_item_approve(item=item, actor=actor)
    item.refresh_from_db()
    assert (item.status, item.approved_by) == (KamerReportItem.Status.PROPOSED, None)


def test_another_lead_approves_the_kamer_item(case, casemanager, lead):
    item = services.kamer_item_propose(
        case=case, actor=casemanager, vignette=CLEAN_VIGNETTE, reason="Structureel"
    )
    services.kamer_item_approve(item=item, actor=lead)
    item.refresh_from_db()
    assert (item.status, item.approved_by) == (KamerReportItem.Status.APPROVED, lead)
    assert item.approved_at is not None


def test_request_events_record_every_step(case, casemanager, liaison):
    request = proposal(case, casemanager)
    services.request_acknowledge(request=request, actor=liaison)
    services.request_respond(request=request, actor=liaison, outcome="accepted")
    steps = list(
        RequestEvent.objects.filter(request=request).values_list(
            "from_status", "to_status", "actor"
        )
    )
    assert steps == [
        ("", R.AWAITING_APPROVAL, casemanager.pk),
        (R.AWAITING_APPROVAL, R.SENT, casemanager.pk),
        (R.SENT, R.ACKNOWLEDGED, liaison.pk),
        (R.ACKNOWLEDGED, R.ANSWERED, liaison.pk),
    ]
