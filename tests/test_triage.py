import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from belangenbehartiger.errors import InvalidInput, NotPermitted, TransitionNotAllowed
from cases.models import CaseStatus, Message
from tests import factories
from tests.factories import api
from triage import decisions, selectors, services
from triage.models import Assessment, CriteriaSet, ReferralTarget
from triage.preview import criteria_set_preview


def test_default_set_is_published_with_exactly_the_design_keys(db):
    active = selectors.active_criteria_set()
    assert active.version == 1
    assert [c.key for c in active.criteria.all()] == [
        "in_mandate", "first_line_tried", "parallel_procedure", "imminent_enforcement",
        "subsistence_at_risk", "long_term_harm", "business_continuity", "dienst_deadline_missed",
        "remedy_deadline_near", "vulnerable", "disproportionate_outcome", "systemic_impact",
    ]  # fmt: skip


def test_submission_scores_the_helpers_answers(helper):
    case = factories.submitted_case(
        by=helper,
        triage_answers={"in_mandate": True, "first_line_tried": True, "imminent_enforcement": True},
    )
    assessment = case.assessments.get()
    assert (assessment.score, assessment.band, assessment.suggestion) == (5, "urgent", "accept")
    assert assessment.criteria_set.version == 1
    case.refresh_from_db()
    assert (case.triage_band, case.triage_rank, case.triage_score) == ("urgent", 0, 5)


def test_reassessment_keeps_the_old_assessment_and_its_version(helper, casemanager, lead):
    case = factories.submitted_case(by=helper)
    draft = services.criteria_set_draft_create(actor=casemanager_or(lead))
    weight_up = draft.criteria.get(key="systemic_impact")
    services.criterion_update(criterion=weight_up, actor=lead, data={"weight": 7})
    other_lead = factories.team_member(role="lead")
    services.criteria_set_publish(criteria_set=draft, actor=other_lead)
    services.case_reassess(
        case=case, changes={"systemic_impact": True}, actor=casemanager, reason="Signaal"
    )
    first, second = case.assessments.order_by("created_at", "pk")
    assert (first.criteria_set.version, first.score) == (1, 0)
    assert (second.criteria_set.version, second.score) == (2, 7)
    assert second.answers["systemic_impact"] is True and second.answers["in_mandate"] is True


def casemanager_or(lead):
    return lead


def test_published_set_cannot_change(lead):
    active = selectors.active_criteria_set()
    with pytest.raises(InvalidInput):
        services.criterion_update(criterion=active.criteria.first(), actor=lead, data={"weight": 9})
    with pytest.raises(InvalidInput):
        services.criterion_retire(criterion=active.criteria.first(), actor=lead)


def test_drafter_cannot_publish_its_own_draft(lead):
    draft = services.criteria_set_draft_create(actor=lead)
    with pytest.raises(NotPermitted):
        services.criteria_set_publish(criteria_set=draft, actor=lead)
    assert CriteriaSet.objects.get(pk=draft.pk).status == "draft"


def test_only_a_lead_publishes_and_the_old_set_retires(admin_user, casemanager, lead):
    draft = services.criteria_set_draft_create(actor=admin_user)
    with pytest.raises(NotPermitted):
        services.criteria_set_publish(criteria_set=draft, actor=casemanager)
    services.criteria_set_publish(criteria_set=draft, actor=lead)
    assert selectors.active_criteria_set().version == 2
    assert CriteriaSet.objects.get(version=1).status == "retired"


def test_casemanager_cannot_draft_criteria(casemanager):
    with pytest.raises(NotPermitted):
        services.criteria_set_draft_create(actor=casemanager)


def test_new_criterion_key_is_accepted_at_intake_only_after_publication(helper, admin_user, lead):
    draft = services.criteria_set_draft_create(actor=admin_user)
    services.criterion_add(
        criteria_set=draft,
        actor=admin_user,
        data={
            "key": "no_income",
            "question": "Geen inkomen?",
            "weight": 2,
            "role": "scored",
            "answered_by": "helper",
        },
    )
    with pytest.raises(InvalidInput):
        factories.submitted_case(by=helper, triage_answers={"no_income": True})
    services.criteria_set_publish(criteria_set=draft, actor=lead)
    case = factories.submitted_case(by=helper, triage_answers={"no_income": True})
    assert case.assessments.get().score == 2


def test_preview_counts_band_changes_and_new_acceptances(helper, admin_user):
    low = factories.submitted_case(
        by=helper, triage_answers={"in_mandate": True, "first_line_tried": True, "vulnerable": True}
    )
    factories.submitted_case(
        by=helper, triage_answers={"in_mandate": True, "first_line_tried": True}
    )
    draft = services.criteria_set_draft_create(actor=admin_user)
    services.criterion_update(
        criterion=draft.criteria.get(key="vulnerable"), actor=admin_user, data={"weight": 6}
    )
    result = criteria_set_preview(draft=draft, limit=500)
    assert result.compared == 2
    assert result.band_changes == 1
    assert result.moves == {("low", "normal"): 1}
    assert result.newly_accepted == [low.reference]
    assert result.dropped == []


def test_preview_runs_a_constant_number_of_queries(helper, admin_user):
    draft = services.criteria_set_draft_create(actor=admin_user)
    factories.submitted_case(by=helper)
    with CaptureQueriesContext(connection) as few:
        criteria_set_preview(draft=draft)
    for _ in range(5):
        factories.submitted_case(by=helper)
    with CaptureQueriesContext(connection) as many:
        criteria_set_preview(draft=draft)
    assert len(many) == len(few)


# --- decisions -----------------------------------------------------------------------------


def test_accept_assigns_the_caller_and_tells_the_helper(helper, casemanager):
    case = factories.submitted_case(by=helper)
    decisions.case_decide(case=case, actor=casemanager, decision="accept")
    case.refresh_from_db()
    assert (case.status, case.assignee) == (CaseStatus.ACCEPTED, casemanager)
    assert list(case.events.values_list("to_status", flat=True)) == [
        "submitted",
        "in_triage",
        "accepted",
        "",
    ]
    assert case.messages.get().kind == Message.Kind.DECISION


def test_refer_needs_a_target_and_a_motivation_and_changes_nothing_without(helper, casemanager):
    case = factories.submitted_case(by=helper)
    with pytest.raises(InvalidInput):
        decisions.case_decide(case=case, actor=casemanager, decision="refer", motivation="x")
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    target = ReferralTarget.objects.get(code="nationale-ombudsman")
    decisions.case_decide(
        case=case,
        actor=casemanager,
        decision="refer",
        referral_target=target,
        motivation="Klacht over bejegening",
    )
    case.refresh_from_db()
    assert (case.status, case.referral.target) == (CaseStatus.REFERRED, target)
    assert "Nationale ombudsman" in case.messages.get().body


def test_request_info_then_helper_answer_returns_the_case_to_triage(helper, casemanager):
    from cases import services as case_services

    case = factories.submitted_case(by=helper)
    decisions.case_decide(
        case=case, actor=casemanager, decision="request_info", question="Welke brief?"
    )
    assert case.status == CaseStatus.INFO_REQUESTED
    case_services.helper_answer(case=case, helper=helper, body="De brief van 3 maart.")
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_TRIAGE
    assert list(case.messages.values_list("kind", flat=True)) == ["question", "answer"]


def test_decision_on_an_accepted_case_is_refused(helper, casemanager):
    case = factories.submitted_case(by=helper)
    decisions.case_decide(case=case, actor=casemanager, decision="accept")
    with pytest.raises(TransitionNotAllowed):
        decisions.case_decide(case=case, actor=casemanager, decision="decline", motivation="x")


def test_helper_cannot_decide(helper):
    case = factories.submitted_case(by=helper)
    with pytest.raises(NotPermitted):
        decisions.case_decide(case=case, actor=helper, decision="accept")


def test_message_notifies_the_helper_by_email(
    helper, casemanager, django_capture_on_commit_callbacks, mailoutbox
):
    from cases import services as case_services

    case = factories.submitted_case(by=helper)
    with django_capture_on_commit_callbacks(execute=True):
        case_services.message_post(case=case, author=casemanager, body="Wij bellen u morgen.")
        case_services.message_post(
            case=case, author=casemanager, body="Intern: dossier opvragen", internal=True
        )
    assert [m.to for m in mailoutbox] == [[helper.email]]
    assert "Wij bellen" not in mailoutbox[0].body  # content stays behind the login


# --- API ------------------------------------------------------------------------------------


def test_api_triage_block_for_staff_only(helper, casemanager):
    case = factories.submitted_case(
        by=helper,
        triage_answers={
            "in_mandate": True,
            "first_line_tried": True,
            "vulnerable": True,
            "long_term_harm": True,
        },
    )
    staff = api(casemanager).get(f"/api/v1/cases/{case.reference}/").json()
    assert staff["triage"]["score"] == 7
    assert staff["triage"]["band"] == "normal"
    assert staff["triage"]["suggestion"] == "accept"
    assert staff["triage"]["criteria_set_version"] == 1
    assert {"key": "vulnerable", "answer": True, "weight": 3, "points": 3} in staff["triage"][
        "contributions"
    ]
    own = api(helper).get(f"/api/v1/cases/{case.reference}/").json()
    assert "triage" not in own and "possible_duplicate" not in own


def test_api_decision_accept_with_named_assignee(helper, casemanager, lead):
    case = factories.submitted_case(by=helper)
    response = api(lead).post(
        f"/api/v1/cases/{case.reference}/decision/",
        {"decision": "accept", "assignee": casemanager.username},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "accepted"
    case.refresh_from_db()
    assert case.assignee == casemanager


def test_api_decision_not_allowed_by_status_is_409(helper, casemanager):
    case = factories.submitted_case(by=helper)
    client = api(casemanager)
    client.post(f"/api/v1/cases/{case.reference}/decision/", {"decision": "accept"}, format="json")
    response = client.post(
        f"/api/v1/cases/{case.reference}/decision/",
        {"decision": "decline", "motivation": "x"},
        format="json",
    )
    assert response.status_code == 409
    assert "detail" in response.json()


def test_api_decision_missing_motivation_is_400_naming_it(helper, casemanager):
    case = factories.submitted_case(by=helper)
    response = api(casemanager).post(
        f"/api/v1/cases/{case.reference}/decision/", {"decision": "decline"}, format="json"
    )
    assert response.status_code == 400
    assert "motivation" in response.json()
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED


def test_api_helper_cannot_post_a_decision(helper):
    case = factories.submitted_case(by=helper)
    assert (
        api(helper)
        .post(f"/api/v1/cases/{case.reference}/decision/", {"decision": "accept"}, format="json")
        .status_code
        == 403
    )


def test_api_messages_hide_internal_notes_from_helpers(helper, other_helper, casemanager):
    case = factories.submitted_case(by=helper)
    team = api(casemanager)
    team.post(
        f"/api/v1/cases/{case.reference}/messages/", {"body": "Voor de hulpverlener"}, format="json"
    )
    team.post(
        f"/api/v1/cases/{case.reference}/messages/",
        {"body": "Intern", "internal": True},
        format="json",
    )
    helper_view = api(helper).get(f"/api/v1/cases/{case.reference}/messages/").json()
    assert [m["body"] for m in helper_view["results"]] == ["Voor de hulpverlener"]
    assert team.get(f"/api/v1/cases/{case.reference}/messages/").json()["count"] == 2
    assert api(other_helper).get(f"/api/v1/cases/{case.reference}/messages/").status_code == 404


def test_api_helper_answers_a_question_through_messages(helper, casemanager):
    case = factories.submitted_case(by=helper)
    api(casemanager).post(
        f"/api/v1/cases/{case.reference}/decision/",
        {"decision": "request_info", "question": "Welke brief?"},
        format="json",
    )
    response = api(helper).post(
        f"/api/v1/cases/{case.reference}/messages/", {"body": "Die van maart"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["kind"] == "answer"
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_TRIAGE


def test_api_active_criteria_set(helper):
    body = api(helper).get("/api/v1/criteria-sets/active/").json()
    assert body["version"] == 1
    assert len(body["criteria"]) == 12


# --- queue ----------------------------------------------------------------------------------


def test_queue_orders_urgent_first_then_score_then_age(helper, casemanager):
    gates = {"in_mandate": True, "first_line_tried": True}
    low_old = factories.submitted_case(by=helper, triage_answers=gates)
    high = factories.submitted_case(
        by=helper,
        triage_answers={
            **gates,
            "long_term_harm": True,
            "vulnerable": True,
            "business_continuity": True,
        },
    )
    low_new = factories.submitted_case(by=helper, triage_answers=gates)
    urgent = factories.submitted_case(
        by=helper, triage_answers={**gates, "subsistence_at_risk": True}
    )
    order = [
        c.reference
        for c in selectors.triage_queue(user=casemanager, filters=selectors.QueueFilters())
    ]
    assert order == [urgent.reference, high.reference, low_old.reference, low_new.reference]


def test_queue_filters_by_band_and_waiting_for_helper(helper, casemanager):
    urgent = factories.submitted_case(
        by=helper, triage_answers={"in_mandate": True, "imminent_enforcement": True}
    )
    waiting = factories.submitted_case(by=helper)
    decisions.case_decide(case=waiting, actor=casemanager, decision="request_info", question="?")
    by_band = selectors.triage_queue(
        user=casemanager, filters=selectors.QueueFilters(band="urgent")
    )
    assert [c.pk for c in by_band] == [urgent.pk]
    by_wait = selectors.triage_queue(user=casemanager, filters=selectors.QueueFilters(waiting=True))
    assert [c.pk for c in by_wait] == [waiting.pk]
    assert selectors.queue_band_counts(user=casemanager) == {"urgent": 1, "low": 1}


def test_queue_page_runs_a_constant_number_of_queries(client, helper, other_helper, casemanager):
    client.force_login(casemanager)
    factories.submitted_case(by=helper, themes=["invordering"])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/triage/").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for n in range(10):
        factories.submitted_case(
            by=other_helper if n % 2 else helper,
            diensten=("belastingdienst", "toeslagen"),
            themes=["box-3", "invordering"],
        )
    assert count() == few


def test_queue_and_triage_page_are_team_only(client, helper, liaison, analyst):
    case = factories.submitted_case(by=helper)
    for user in (helper, liaison, analyst):
        client.force_login(user)
        assert client.get("/triage/").status_code == 403
        assert client.get(f"/triage/casus/{case.reference}/").status_code in (403, 404)


def test_helper_never_sees_scores_on_the_case_page(client, helper, casemanager):
    case = factories.submitted_case(
        by=helper, triage_answers={"in_mandate": True, "imminent_enforcement": True}
    )
    client.force_login(helper)
    page = client.get(f"/casussen/{case.reference}/").content.decode()
    for staff_only in ("Score 5", "Suggestie", ">Urgent<", "Bijdrage van elk criterium"):
        assert staff_only not in page
    client.force_login(casemanager)
    triage_page = client.get(f"/triage/casus/{case.reference}/", follow=True).content.decode()
    assert "Score 5" in triage_page


def test_triage_page_decision_form_refers_and_helper_sees_the_reason(client, helper, casemanager):
    case = factories.submitted_case(by=helper)
    client.force_login(casemanager)
    target = ReferralTarget.objects.get(code="juridisch-loket")
    response = client.post(
        f"/triage/casus/{case.reference}/besluit/",
        {
            "decision": "refer",
            "referral_target": target.pk,
            "motivation": "Gaat over de inhoud van de wet",
            "bevestigen": "1",
        },
    )
    assert response.status_code == 302
    client.force_login(helper)
    page = client.get(f"/casussen/{case.reference}/").content.decode()
    assert "Het Juridisch Loket" in page and "Gaat over de inhoud van de wet" in page


def test_assessments_are_recorded_per_case(helper):
    factories.submitted_case(by=helper)
    assert Assessment.objects.count() == 1


def test_helper_of_another_organisation_cannot_answer_the_question(
    client, helper, other_helper, casemanager
):
    case = factories.submitted_case(by=helper)
    decisions.case_decide(
        case=case, actor=casemanager, decision="request_info", question="Welke brief?"
    )
    client.force_login(other_helper)
    response = client.post(f"/casussen/{case.reference}/antwoord/", {"body": "Ik weet het"})
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.status == CaseStatus.INFO_REQUESTED
    assert case.messages.count() == 1


def test_editor_deletes_a_draft_and_the_active_set_stays(client, admin_user):
    draft = services.criteria_set_draft_create(actor=admin_user)
    client.force_login(admin_user)
    assert client.post(f"/triage/criteria/{draft.version}/verwijderen/").status_code == 302
    assert not CriteriaSet.objects.filter(pk=draft.pk).exists()
    assert selectors.active_criteria_set().version == 1
