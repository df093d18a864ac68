"""Issue 8, the team: a request as a thread with the Dienst, informal contact, reassigning a
case, a timeline that tells the truth, the werkvoorraad, and the action pages that confirm
an irreversible step before it is taken."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from belangenbehartiger.errors import (
    ConcurrentChange,
    InvalidInput,
    NotPermitted,
    TransitionNotAllowed,
)
from cases.models import CaseEvent, CaseStatus, Message
from casework import steps
from casework.selectors import assigned_cases, workload
from deadlines import calendar
from deadlines.models import Deadline, Notification
from escalation import services as ladder
from escalation.models import DienstRequest, InformalContact
from escalation.selectors import (
    case_timeline,
    liaison_inbox,
    request_thread,
    unread_responses_for,
)

from . import factories
from .factories import accepted_case, api, freeze, informal_contact, proposal

R = DienstRequest.Status
K = Deadline.Kind


@pytest.fixture
def case(helper, casemanager):
    return accepted_case(helper=helper, casemanager=casemanager)


def ask(request, liaison, text="Over welk jaar gaat het?"):
    return ladder.request_respond(
        request=request, actor=liaison, outcome="question", motivation=text
    )


def counter(request, liaison, text="Wij bieden 12 maanden."):
    return ladder.request_respond(
        request=request, actor=liaison, outcome="counter_proposal", motivation=text
    )


def answer_clocks(request):
    return list(
        request.deadlines.filter(kind=K.DIENST_ANSWER)
        .order_by("pk")
        .values_list("status", flat=True)
    )


# --- a request is a thread with the Dienst ------------------------------------------------


def test_a_dienst_question_waits_for_the_team_and_tells_the_casemanager(case, casemanager, liaison):
    request = proposal(case, casemanager)
    ask(request, liaison)
    request.refresh_from_db()
    assert (request.status, request.outcome, request.motivation) == (
        R.DIENST_QUESTION,
        "question",
        "Over welk jaar gaat het?",
    )
    # The Dienst responded in time: its clocks are met, none runs while the team owes.
    assert set(request.deadlines.values_list("status", flat=True)) == {Deadline.Status.MET}
    assert Notification.objects.filter(
        recipient=casemanager, title__contains="stelt een vraag"
    ).exists()
    assert list(liaison_inbox(user=liaison)) == []
    assert list(liaison_inbox(user=liaison, show="waiting")) == [request]


def test_the_teams_reply_sends_the_request_back_with_a_new_answer_clock(case, casemanager, liaison):
    request = proposal(case, casemanager)
    ask(request, liaison)
    ladder.request_reply(request=request, actor=casemanager, text="Over 2024.")
    request.refresh_from_db()
    assert request.status == R.REPLIED
    assert answer_clocks(request) == [Deadline.Status.MET, Deadline.Status.OPEN]
    new_clock = request.deadlines.get(kind=K.DIENST_ANSWER, status=Deadline.Status.OPEN)
    due_day = calendar.add_working_days(timezone.localdate(), request.rung.answer_days)
    assert timezone.localtime(new_clock.due_at).date() == due_day
    assert new_clock.dienst_id == request.dienst_id
    assert Notification.objects.filter(recipient=liaison, title__contains="beantwoord").exists()
    assert list(liaison_inbox(user=liaison)) == [request]

    ladder.request_respond(request=request, actor=liaison, outcome="accepted")
    request.refresh_from_db()
    assert (request.status, request.outcome) == (R.ANSWERED, "accepted")
    assert answer_clocks(request) == [Deadline.Status.MET, Deadline.Status.MET]
    assert [row["title"] for row in request_thread(request)] == [
        "Verzoek verstuurd",
        "Vraag van de Dienst",
        "Antwoord op de vraag van de Dienst",
        "Antwoord van de Dienst: geaccepteerd",
    ]


def test_a_reply_needs_a_question_text_and_a_team_member(case, casemanager, liaison, helper):
    request = proposal(case, casemanager)
    with pytest.raises(TransitionNotAllowed):
        ladder.request_reply(request=request, actor=casemanager, text="Er is geen vraag")
    ask(request, liaison)
    with pytest.raises(InvalidInput) as empty:
        ladder.request_reply(request=request, actor=casemanager, text="  ")
    assert empty.value.field == "text"
    for outsider in (liaison, helper):
        with pytest.raises(NotPermitted):
            ladder.request_reply(request=request, actor=outsider, text="Ik antwoord")
    request.refresh_from_db()
    assert request.status == R.DIENST_QUESTION
    assert not request.deadlines.filter(status=Deadline.Status.OPEN).exists()


def test_a_stale_reply_is_a_conflict_and_changes_nothing(case, casemanager, liaison):
    request = proposal(case, casemanager)
    ask(request, liaison)
    seen_by_two = DienstRequest.objects.get(pk=request.pk)
    ladder.request_reply(request=request, actor=casemanager, text="Eerste antwoord")
    with pytest.raises(ConcurrentChange):
        ladder.request_reply(request=seen_by_two, actor=casemanager, text="Tweede antwoord")
    assert request.events.filter(to_status=R.REPLIED).count() == 1


def test_a_rejected_counter_proposal_needs_a_reason_and_the_dienst_answers_again(
    case, casemanager, liaison
):
    request = proposal(case, casemanager)
    counter(request, liaison)
    with pytest.raises(InvalidInput) as no_reason:
        ladder.request_counter_proposal_decide(request=request, actor=casemanager, accept=False)
    assert no_reason.value.field == "reason"
    ladder.request_counter_proposal_decide(
        request=request, actor=casemanager, accept=False, reason="Te kort voor dit inkomen."
    )
    request.refresh_from_db()
    assert request.status == R.COUNTER_REJECTED
    assert answer_clocks(request) == [Deadline.Status.MET, Deadline.Status.OPEN]
    counter(request, liaison, "Dan 18 maanden.")
    ladder.request_counter_proposal_decide(request=request, actor=casemanager, accept=True)
    request.refresh_from_db()
    assert request.status == R.AGREED
    assert not request.deadlines.filter(status=Deadline.Status.OPEN).exists()
    assert list(liaison_inbox(user=liaison, show="answered")) == [request]
    assert request.events.last().note == "Tegenvoorstel aanvaard."


def test_a_counter_proposal_decision_needs_a_counter_proposal(case, casemanager, liaison):
    request = proposal(case, casemanager)
    ask(request, liaison)
    with pytest.raises(TransitionNotAllowed):
        ladder.request_counter_proposal_decide(request=request, actor=casemanager, accept=True)


def test_a_question_or_counter_proposal_needs_its_text(case, casemanager, liaison):
    request = proposal(case, casemanager)
    for outcome, message in (("question", "vraag"), ("counter_proposal", "tegenvoorstel")):
        with pytest.raises(InvalidInput) as exc:
            ladder.request_respond(request=request, actor=liaison, outcome=outcome)
        assert message in exc.value.message
    request.refresh_from_db()
    assert request.status == R.SENT


def test_withdrawing_the_case_withdraws_a_request_waiting_for_the_teams_reply(
    case, casemanager, helper, liaison
):
    request = proposal(case, casemanager)
    ask(request, liaison)
    steps.case_withdraw(case=case, user=helper, reason="Zelf opgelost")
    request.refresh_from_db()
    assert request.status == R.WITHDRAWN


def test_the_dienst_response_is_unread_until_the_casemanager_opens_the_case(
    client, case, casemanager, lead, liaison
):
    request = proposal(case, casemanager)
    ladder.request_respond(request=request, actor=liaison, outcome="accepted")
    assert list(unread_responses_for(user=casemanager)) == [request]
    client.force_login(lead)  # someone else reading does not count
    assert client.get(f"/casussen/{case.reference}/").status_code == 200
    assert list(unread_responses_for(user=casemanager)) == [request]
    client.force_login(casemanager)
    page = client.get(f"/casussen/{case.reference}/").content.decode()
    assert "nieuw antwoord" in page  # shown as new this once
    assert not unread_responses_for(user=casemanager).exists()
    assert "nieuw antwoord" not in client.get(f"/casussen/{case.reference}/").content.decode()


# --- informal contact ----------------------------------------------------------------------


def test_a_logged_phone_call_is_kept_and_starts_mediation(case, casemanager, helper):
    contact = informal_contact(case, casemanager)
    assert (contact.kind, contact.dienst.code, contact.author) == (
        "phone",
        "belastingdienst",
        casemanager,
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    assert case.ladder.rung.code == "mediation"
    team_items = [i for i in case_timeline(user=casemanager, case=case) if i["kind"] == "contact"]
    assert [i["title"] for i in team_items] == ["Telefoongesprek met Belastingdienst"]
    assert "Afgesproken: De Dienst zet de invordering" in team_items[0]["text"]
    assert not [i for i in case_timeline(user=helper, case=case) if i["kind"] == "contact"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"at": timezone.now() + timedelta(days=1)}, "at"),
        ({"dienst": "toeslagen"}, "dienst"),
        ({"contact_name": " "}, "contact_name"),
        ({"agreed": ""}, "agreed"),
        ({"kind": "fax"}, "kind"),
    ],
)
def test_invalid_contact_is_refused_and_stores_nothing(case, casemanager, overrides, field):
    with pytest.raises(InvalidInput) as exc:
        informal_contact(case, casemanager, **overrides)
    assert exc.value.field == field
    assert not InformalContact.objects.exists()
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED


def test_only_the_team_logs_contact_and_not_on_a_closed_case(helper, casemanager, liaison, case):
    with pytest.raises(NotPermitted):
        informal_contact(case, liaison)
    steps.case_resolve(case=case, user=casemanager, reason="Opgelost")
    informal_contact(case, casemanager)  # afterwards, to confirm what was agreed: fine
    steps.case_close(case=case, user=casemanager, outcome="fully_solved")
    with pytest.raises(TransitionNotAllowed):
        informal_contact(case, casemanager)
    assert InformalContact.objects.count() == 1


# --- reassigning a case -----------------------------------------------------------------------


def test_a_lead_hands_a_case_over_with_its_clocks_and_everyone_hears_of_it(
    helper, casemanager, lead, liaison
):
    other = factories.team_member()
    case = accepted_case(helper=helper, casemanager=casemanager)
    request = proposal(case, casemanager)
    steps.case_reassign(case=case, assignee=other, actor=lead, reason="Verlof")
    case.refresh_from_db()
    assert case.assignee == other
    event = case.events.filter(kind=CaseEvent.Kind.ASSIGNED).last()
    assert (event.actor, event.visible_to_helper) == (lead, True)
    assert "Verlof" in event.reason and event.helper_text.endswith(other.get_full_name())
    assert set(request.deadlines.filter(status="open").values_list("owner", flat=True)) == {
        other.pk
    }
    assert Notification.objects.filter(recipient=other, title__contains="aan u overgedragen")
    assert Notification.objects.filter(recipient=casemanager, title__contains="overgedragen aan")
    message = case.messages.last()
    assert (message.kind, message.internal) == (Message.Kind.MESSAGE, False)
    assert other.get_full_name() in message.body
    assert case.history.first().assignee_id == other.pk
    # A clock opened later belongs to the new casemanager too.
    assert proposal(case, other).deadlines.first().owner == other


def test_the_helpers_answer_clock_stays_with_the_helper(helper, casemanager, lead):
    case = factories.submitted_case(by=helper)
    from triage import decisions

    decisions.case_decide(case=case, actor=casemanager, decision="request_info", question="?")
    steps.case_reassign(case=case, assignee=casemanager, actor=lead, reason="Triage voor jou")
    clocks = dict(case.deadlines.filter(status="open").values_list("kind", "owner"))
    assert clocks[K.HELPER_ANSWER] == helper.pk
    assert clocks[K.TRIAGE_DECISION] == casemanager.pk


def test_the_assignee_may_hand_over_but_another_casemanager_may_not(helper, casemanager):
    other, third = factories.team_member(), factories.team_member()
    case = accepted_case(helper=helper, casemanager=casemanager)
    with pytest.raises(NotPermitted):
        steps.case_reassign(case=case, assignee=third, actor=other, reason="Ik neem hem")
    steps.case_reassign(case=case, assignee=other, actor=casemanager, reason="Overdracht")
    assert case.assignee == other


@pytest.mark.parametrize("problem", ["same", "helper", "inactive", "no_reason"])
def test_a_wrong_handover_is_refused_and_changes_nothing(helper, casemanager, lead, problem):
    case = accepted_case(helper=helper, casemanager=casemanager)
    target = {
        "same": casemanager,
        "helper": helper,
        "inactive": factories.team_member(is_active=False),
        "no_reason": factories.team_member(),
    }[problem]
    with pytest.raises(InvalidInput):
        steps.case_reassign(
            case=case, assignee=target, actor=lead, reason="" if problem == "no_reason" else "x"
        )
    case.refresh_from_db()
    assert case.assignee == casemanager
    assert case.events.filter(kind=CaseEvent.Kind.ASSIGNED).count() == 1


def test_a_stale_handover_is_a_conflict(helper, casemanager, lead):
    case = accepted_case(helper=helper, casemanager=casemanager)
    stale = type(case).objects.get(pk=case.pk)
    steps.case_reassign(case=case, assignee=lead, actor=lead, reason="Ik neem hem")
    with pytest.raises(ConcurrentChange):
        steps.case_reassign(
            case=stale, assignee=factories.team_member(), actor=lead, reason="Toch anders"
        )
    case.refresh_from_db()
    assert case.assignee == lead


def test_the_reassign_page_is_for_a_lead_or_the_assignee(client, helper, casemanager, lead):
    case = accepted_case(helper=helper, casemanager=casemanager)
    client.force_login(factories.team_member())
    assert client.get(f"/casussen/{case.reference}/overdragen/").status_code == 403
    client.force_login(helper)
    assert client.get(f"/casussen/{case.reference}/overdragen/").status_code == 403
    client.force_login(lead)
    other = factories.team_member()
    response = client.post(
        f"/casussen/{case.reference}/overdragen/", {"assignee": other.pk, "reason": "Verlof"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assignee == other


# --- the timeline tells the truth ---------------------------------------------------------------


def test_the_timeline_shows_no_future_moment(helper, casemanager, liaison):
    case = factories.submitted_case(by=helper)
    items = case_timeline(user=casemanager, case=case)
    now = timezone.now()
    assert all(item["at"] <= now for item in items)
    triage = [i for i in items if i["kind"] == "deadline"]
    assert [i["state"] for i in triage] == ["opened"]  # started, due later: not "met"
    assert triage[0]["due"] > now


def test_a_clock_is_on_the_timeline_when_it_was_met_and_when_it_ran_out(
    helper, casemanager, liaison
):
    with time_machine.travel(timezone.now() - timedelta(days=40), tick=False):
        case = accepted_case(helper=helper, casemanager=casemanager)
        request = proposal(case, casemanager)
    met_at = timezone.now()
    ladder.request_acknowledge(request=request, actor=liaison)  # late: missed
    answer = request.deadlines.get(kind=K.DIENST_ANSWER)
    rows = [i for i in case_timeline(user=casemanager, case=case) if i["kind"] == "deadline"]
    states = {(i["title"], i["state"]) for i in rows}
    assert ("Ontvangstbevestiging Dienst (Belastingdienst)", "missed") in states
    assert ("Triagebesluit", "met") in states
    overdue = [i for i in rows if i["state"] == "overdue"]
    assert [(i["title"], i["at"]) for i in overdue] == [
        ("Antwoord Dienst (Belastingdienst)", answer.due_at)
    ]
    missed = next(i for i in rows if i["state"] == "missed")
    assert missed["at"] >= met_at  # when it was done, not when it was due


# --- werkvoorraad ---------------------------------------------------------------------------------


def test_assigned_cases_come_by_next_deadline_overdue_first_without_clocks_last(
    helper, casemanager, liaison
):
    quiet = accepted_case(helper=helper, casemanager=casemanager)
    soon = accepted_case(helper=helper, casemanager=casemanager)
    proposal(soon, casemanager)
    with time_machine.travel(timezone.now() - timedelta(days=30), tick=False):
        late = accepted_case(helper=helper, casemanager=casemanager)
        proposal(late, casemanager)
    accepted_case(helper=helper, casemanager=factories.team_member())  # not mine
    closed = accepted_case(helper=helper, casemanager=casemanager)
    steps.case_resolve(case=closed, user=casemanager, reason="Klaar")
    steps.case_close(case=closed, user=casemanager, outcome="fully_solved")
    assert list(assigned_cases(user=casemanager)) == [late, soon, quiet]
    work = workload(user=casemanager, now=timezone.now(), pages={})
    assert (work.cases.paginator.count, work.overdue) == (3, 1)
    assert work.cases.object_list[0].next_deadline.kind == K.DIENST_ACKNOWLEDGE
    assert work.cases.object_list[2].next_deadline is None
    assert work.approvals is None


def test_the_werkvoorraad_lists_what_waits_for_me_and_for_the_dienst(
    helper, casemanager, lead, liaison
):
    case = accepted_case(helper=helper, casemanager=casemanager)
    asked = proposal(case, casemanager)
    ask(asked, liaison)
    waiting = proposal(case, casemanager, text="Tweede")
    mine = freeze(case, lead)
    others = freeze(accepted_case(helper=helper, casemanager=casemanager), casemanager)
    work = workload(user=casemanager, now=timezone.now(), pages={})
    assert list(work.awaiting_team.object_list) == [asked]
    assert list(work.unread.object_list) == [asked]
    assert list(work.awaiting_dienst.object_list) == [waiting]
    lead_work = workload(user=lead, now=timezone.now(), pages={})
    assert list(lead_work.approvals.object_list) == [others]  # never its own
    assert mine not in lead_work.approvals.object_list


def test_the_team_starts_at_the_werkvoorraad_and_others_may_not_open_it(
    client, helper, casemanager, liaison
):
    client.force_login(casemanager)
    assert client.get("/").url == "/werkvoorraad/"
    assert client.get("/werkvoorraad/").status_code == 200
    for outsider in (helper, liaison):
        client.force_login(outsider)
        assert client.get("/werkvoorraad/").status_code == 403


def test_the_werkvoorraad_is_paginated(client, helper, casemanager):
    for _ in range(26):
        accepted_case(helper=helper, casemanager=casemanager)
    client.force_login(casemanager)
    first = client.get("/werkvoorraad/").content.decode()
    assert "Pagina 1 van 2" in first
    assert "Pagina 2 van 2" in client.get("/werkvoorraad/?pagina=2").content.decode()


# --- one action per page; an irreversible step is confirmed first ---------------------------------


def test_a_request_is_only_sent_after_the_confirmation(client, case, casemanager):
    client.force_login(casemanager)
    url = f"/casussen/{case.reference}/ladder/verzoek/"
    data = {"kind": "proposal", "dienst": factories.dienst().pk, "text": "Voorstel"}
    check = client.post(url, data)
    assert check.status_code == 200
    page = check.content.decode()
    assert "Controleer en bevestig" in page and 'name="text" value="Voorstel"' in page
    assert not DienstRequest.objects.exists()
    change = client.post(url, {**data, "wijzigen": "1"})
    assert "Tekst van het verzoek" in change.content.decode()
    assert not DienstRequest.objects.exists()
    done = client.post(url, {**data, "bevestigen": "1"})
    assert (done.status_code, done["Location"]) == (302, f"/casussen/{case.reference}/#ladder")
    assert DienstRequest.objects.get().status == R.SENT


def test_an_invalid_action_shows_its_form_again_with_a_400(client, case, casemanager):
    client.force_login(casemanager)
    response = client.post(
        f"/casussen/{case.reference}/ladder/verzoek/", {"kind": "proposal", "bevestigen": "1"}
    )
    assert response.status_code == 400
    assert not DienstRequest.objects.exists()


def test_each_action_page_has_its_own_form_and_the_workspace_none_with_a_shared_id(
    client, case, casemanager
):
    """Three reason fields once shared id="id_reason" on the ladder page: now each action
    has a page of its own and the workspace's one inline form has ids of its own."""
    client.force_login(casemanager)
    page = client.get(f"/casussen/{case.reference}/").content.decode()
    assert 'id="id_reason"' not in page and 'id="bericht_body"' in page
    for action in ("ladder/trede/", "ladder/kamer/", "oplossen/", "ladder/contact/"):
        assert client.get(f"/casussen/{case.reference}/{action}").status_code == 200


def test_the_triage_page_redirects_to_the_workspace(client, helper, casemanager):
    case = factories.submitted_case(by=helper)
    client.force_login(casemanager)
    response = client.get(f"/triage/casus/{case.reference}/")
    assert response["Location"] == f"/casussen/{case.reference}/#triage"


# --- the API --------------------------------------------------------------------------------------


def test_the_team_replies_and_decides_on_a_counter_proposal_through_the_api(
    case, casemanager, liaison
):
    request = proposal(case, casemanager)
    ask(request, liaison)
    url = f"/api/v1/dienst-requests/{request.pk}"
    assert api(liaison).post(f"{url}/reply/", {"text": "Ik?"}, format="json").status_code == 403
    assert api(casemanager).post(f"{url}/reply/", {"txt": "x"}, format="json").status_code == 400
    body = api(casemanager).post(f"{url}/reply/", {"text": "Over 2024."}, format="json").json()
    assert (body["status"], body["awaits"]) == ("replied", "dienst")
    assert body["response_due"] is not None
    assert [(e["status"], e["by"]) for e in body["thread"]] == [
        ("sent", "team"),
        ("dienst_question", "dienst"),
        ("replied", "team"),
    ]
    request.refresh_from_db()
    counter(request, liaison)
    rejected = api(casemanager).post(f"{url}/counter-proposal/", {"accept": False}, format="json")
    assert rejected.status_code == 400 and "reason" in rejected.json()
    accepted = api(casemanager).post(f"{url}/counter-proposal/", {"accept": True}, format="json")
    assert (accepted.status_code, accepted.json()["status"]) == (200, "agreed")
    again = api(casemanager).post(f"{url}/counter-proposal/", {"accept": True}, format="json")
    assert again.status_code == 409


def test_the_dienst_respond_contract_keeps_its_shape(case, casemanager, liaison):
    request = proposal(case, casemanager)
    response = api(liaison).post(
        f"/api/v1/dienst-requests/{request.pk}/respond/",
        {"outcome": "question", "motivation": "Welk jaar?"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["outcome"], body["awaits"]) == (
        "dienst_question",
        "question",
        "team",
    )


def test_the_case_api_assigns_and_logs_contact(helper, casemanager, lead, liaison):
    case = accepted_case(helper=helper, casemanager=casemanager)
    other = factories.team_member()
    url = f"/api/v1/cases/{case.reference}"
    moved = api(lead).post(
        f"{url}/assign/", {"assignee": other.username, "reason": "Verlof"}, format="json"
    )
    assert moved.status_code == 200
    case.refresh_from_db()
    assert case.assignee == other
    refused = api(casemanager).post(
        f"{url}/assign/", {"assignee": casemanager.username, "reason": "Terug"}, format="json"
    )
    assert refused.status_code == 403
    contact = {
        "kind": "meeting",
        "at": (timezone.now() - timedelta(hours=1)).isoformat(),
        "dienst": "belastingdienst",
        "contact_name": "Teamleider invordering",
        "agreed": "Beslag wordt opgeheven.",
    }
    created = api(other).post(f"{url}/contacts/", contact, format="json")
    assert created.status_code == 201, created.json()
    assert api(other).get(f"{url}/contacts/").json()["count"] == 1
    assert api(liaison).get(f"{url}/contacts/").status_code == 404
    future = {**contact, "at": (timezone.now() + timedelta(days=2)).isoformat()}
    assert api(other).post(f"{url}/contacts/", future, format="json").status_code == 400


def test_the_contact_list_runs_a_constant_number_of_queries(case, casemanager):
    from .test_api_hardening import assert_constant_queries

    assert_constant_queries(
        api(casemanager),
        f"/api/v1/cases/{case.reference}/contacts/",
        lambda: informal_contact(case, casemanager),
    )
