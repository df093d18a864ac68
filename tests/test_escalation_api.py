"""The ladder through the API, per role: requests, liaison isolation, four eyes."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from audit.models import AccessRecord
from escalation.selectors import current_rung
from tests import factories
from tests.factories import accepted_case, api, send_proposal


def test_proposal_is_sent_with_a_response_due(helper, casemanager):
    case = accepted_case(
        helper=helper, casemanager=casemanager, diensten=("belastingdienst", "toeslagen")
    )
    response = api(casemanager).post(
        f"/api/v1/cases/{case.reference}/requests/",
        {
            "kind": "proposal",
            "dienst": "belastingdienst",
            "text": "Stop de invordering; regeling loopt.",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["rung"]) == ("sent", "mediation")
    assert body["response_due"] and body["acknowledge_due"]
    detail = api(casemanager).get(f"/api/v1/cases/{case.reference}/").json()
    assert detail["rung"] == "mediation"
    assert {d["kind"] for d in detail["deadlines"]} == {"dienst_acknowledge", "dienst_answer"}


def test_liaison_of_the_other_dienst_never_sees_the_request(helper, casemanager, liaison):
    toeslagen_liaison = factories.liaison("toeslagen")
    case = accepted_case(
        helper=helper, casemanager=casemanager, diensten=("belastingdienst", "toeslagen")
    )
    created = send_proposal(case, casemanager).json()
    other = api(toeslagen_liaison)
    assert other.get("/api/v1/dienst-requests/").json()["count"] == 0
    assert other.get(f"/api/v1/dienst-requests/{created['id']}/").status_code == 404
    assert (
        other.post(
            f"/api/v1/dienst-requests/{created['id']}/respond/",
            {"outcome": "accepted"},
            format="json",
        ).status_code
        == 404
    )
    own = api(liaison)
    assert own.get("/api/v1/dienst-requests/").json()["count"] == 1
    assert own.get(f"/api/v1/dienst-requests/{created['id']}/").status_code == 200
    # Even with a request, the full case stays closed to the liaison.
    assert own.get(f"/api/v1/cases/{case.reference}/").status_code == 404


def test_rejection_needs_a_motivation(helper, casemanager, liaison):
    case = accepted_case(
        helper=helper, casemanager=casemanager, diensten=("belastingdienst", "toeslagen")
    )
    created = send_proposal(case, casemanager).json()
    client = api(liaison)
    refused = client.post(
        f"/api/v1/dienst-requests/{created['id']}/respond/", {"outcome": "rejected"}, format="json"
    )
    assert refused.status_code == 400
    assert "motivation" in refused.json()
    answered = client.post(
        f"/api/v1/dienst-requests/{created['id']}/respond/",
        {"outcome": "rejected", "motivation": "Geen grond voor uitstel."},
        format="json",
    )
    assert answered.status_code == 200
    assert (answered.json()["status"], answered.json()["outcome"]) == ("answered", "rejected")


def test_freeze_waits_for_another_lead(helper, casemanager, lead, liaison):
    case = accepted_case(
        helper=helper, casemanager=casemanager, diensten=("belastingdienst", "toeslagen")
    )
    until = (timezone.localdate() + timedelta(days=60)).isoformat()
    created = (
        api(lead)
        .post(
            f"/api/v1/cases/{case.reference}/requests/",
            {
                "kind": "freeze",
                "dienst": "belastingdienst",
                "text": "Pauzeer het beslag.",
                "until": until,
                "scope": "invordering",
            },
            format="json",
        )
        .json()
    )
    assert (created["status"], created["rung"]) == ("awaiting_approval", "freeze_request")
    assert api(liaison).get(f"/api/v1/dienst-requests/{created['id']}/").status_code == 404
    assert api(lead).post(f"/api/v1/dienst-requests/{created['id']}/approve/").status_code == 403
    assert (
        api(casemanager).post(f"/api/v1/dienst-requests/{created['id']}/approve/").status_code
        == 403
    )
    other_lead = factories.team_member(role="lead")
    approved = api(other_lead).post(f"/api/v1/dienst-requests/{created['id']}/approve/")
    assert approved.status_code == 200
    assert approved.json()["status"] == "sent"
    granted = api(liaison).post(
        f"/api/v1/dienst-requests/{created['id']}/respond/", {"outcome": "accepted"}, format="json"
    )
    assert granted.json()["granted_until"] == until
    kinds = {
        d["kind"]
        for d in api(casemanager).get(f"/api/v1/cases/{case.reference}/").json()["deadlines"]
    }
    assert kinds == {"freeze_end"}


def test_freeze_until_in_the_past_is_400_and_creates_nothing(helper, casemanager):
    case = accepted_case(
        helper=helper, casemanager=casemanager, diensten=("belastingdienst", "toeslagen")
    )
    response = api(casemanager).post(
        f"/api/v1/cases/{case.reference}/requests/",
        {"kind": "freeze", "dienst": "belastingdienst", "text": "Pauzeer", "until": "2020-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert "until" in response.json()
    case.refresh_from_db()
    assert case.dienst_requests.count() == 0
    assert current_rung(case) is None


def test_request_on_a_case_not_yet_accepted_is_409(helper, casemanager):
    case = factories.submitted_case(by=helper)
    response = send_proposal(case, casemanager)
    assert response.status_code == 409


def test_helper_and_analyst_cannot_use_the_ladder_api(helper, casemanager, analyst):
    case = accepted_case(
        helper=helper, casemanager=casemanager, diensten=("belastingdienst", "toeslagen")
    )
    body = {"kind": "proposal", "dienst": "belastingdienst", "text": "x"}
    assert (
        api(helper)
        .post(f"/api/v1/cases/{case.reference}/requests/", body, format="json")
        .status_code
        == 403
    )
    assert (
        api(analyst)
        .post(f"/api/v1/cases/{case.reference}/requests/", body, format="json")
        .status_code
        == 404
    )
    assert api(analyst).get("/api/v1/dienst-requests/").json()["count"] == 0


def test_notifications_api_lists_own_and_marks_read(helper, casemanager, liaison):
    case = accepted_case(
        helper=helper, casemanager=casemanager, diensten=("belastingdienst", "toeslagen")
    )
    send_proposal(case, casemanager)
    items = api(liaison).get("/api/v1/notifications/").json()["results"]
    assert [n["stage"] for n in items] == ["new_request"]
    read = api(liaison).post(f"/api/v1/notifications/{items[0]['id']}/read/")
    assert read.json()["read_at"] is not None
    assert api(casemanager).post(f"/api/v1/notifications/{items[0]['id']}/read/").status_code == 404


def test_liaison_web_inbox_and_request_page_are_scoped(client, helper, casemanager, liaison):
    toeslagen_liaison = factories.liaison("toeslagen")
    case = accepted_case(
        helper=helper, casemanager=casemanager, diensten=("belastingdienst", "toeslagen")
    )
    created = send_proposal(case, casemanager).json()
    client.force_login(toeslagen_liaison)
    assert case.reference not in client.get("/dienst/").content.decode()
    assert client.get(f"/dienst/verzoeken/{created['id']}/").status_code == 404
    assert client.get(f"/casussen/{case.reference}/").status_code == 404
    client.force_login(liaison)
    assert case.reference in client.get("/dienst/").content.decode()
    page = client.get(f"/dienst/verzoeken/{created['id']}/").content.decode()
    assert "******333" in page and "111222333" not in page
    assert client.get(f"/casussen/{case.reference}/").status_code == 404


def test_status_link_shows_only_reference_status_and_step(client, helper, casemanager):
    from cases import services as case_services

    case = accepted_case(
        helper=helper, casemanager=casemanager, diensten=("belastingdienst", "toeslagen")
    )
    _link, token = case_services.status_link_create(case=case, user=helper)
    client.logout()
    response = client.get(f"/status/{token}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert case.reference in page
    assert "J. Jansen" not in page and "333" not in page.replace(case.reference, "")
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert client.get("/status/not-a-token/").status_code == 404


def test_revoked_status_link_stops_working(client, helper, casemanager):
    from cases import services as case_services

    case = accepted_case(
        helper=helper, casemanager=casemanager, diensten=("belastingdienst", "toeslagen")
    )
    link, token = case_services.status_link_create(case=case, user=helper)
    case_services.status_link_revoke(link=link, user=helper)
    assert client.get(f"/status/{token}/").status_code == 404


def test_status_page_is_rate_limited(client, helper, casemanager):
    # The limit counts per clock minute: keep the clock still so the test cannot straddle two.
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(30):
            assert client.get("/status/guess/").status_code == 404
        assert client.get("/status/guess/").status_code == 429


def test_resolve_then_close_records_the_outcome(helper, casemanager, liaison):
    case = accepted_case(
        helper=helper, casemanager=casemanager, diensten=("belastingdienst", "toeslagen")
    )
    client = api(casemanager)
    resolved = client.post(
        f"/api/v1/cases/{case.reference}/resolve/",
        {"reason": "Dienst stopt de invordering."},
        format="json",
    )
    assert resolved.json()["status"] == "resolved"
    wrong = client.post(
        f"/api/v1/cases/{case.reference}/close/", {"outcome": "withdrawn"}, format="json"
    )
    assert wrong.status_code == 400
    assert "outcome" in wrong.json()
    closed = client.post(
        f"/api/v1/cases/{case.reference}/close/",
        {"outcome": "fully_solved", "notes": "Beslag opgeheven", "amount_relieved": "1250.00"},
        format="json",
    )
    assert closed.status_code == 200
    body = closed.json()
    assert (body["status"], body["outcome"], body["amount_relieved"]) == (
        "closed",
        "fully_solved",
        "1250.00",
    )


def test_resolving_withdraws_open_requests_and_stops_the_clocks(helper, casemanager, liaison):
    case = accepted_case(
        helper=helper, casemanager=casemanager, diensten=("belastingdienst", "toeslagen")
    )
    created = send_proposal(case, casemanager).json()
    api(casemanager).post(
        f"/api/v1/cases/{case.reference}/resolve/", {"reason": "Zelf opgelost"}, format="json"
    )
    assert api(liaison).get(f"/api/v1/dienst-requests/{created['id']}/").status_code == 404
    assert api(casemanager).get(f"/api/v1/cases/{case.reference}/").json()["deadlines"] == []


def test_helper_cannot_resolve_or_close(helper, casemanager):
    case = accepted_case(
        helper=helper, casemanager=casemanager, diensten=("belastingdienst", "toeslagen")
    )
    assert (
        api(helper)
        .post(f"/api/v1/cases/{case.reference}/resolve/", {"reason": "x"}, format="json")
        .status_code
        == 403
    )
    case.refresh_from_db()
    assert case.status == "accepted"


def test_full_bsn_is_shown_to_the_liaison_only_through_a_logged_reveal(
    client, helper, casemanager, liaison
):
    case = accepted_case(
        helper=helper, casemanager=casemanager, diensten=("belastingdienst", "toeslagen")
    )
    created = send_proposal(case, casemanager).json()
    client.force_login(liaison)
    url = f"/dienst/verzoeken/{created['id']}/"
    assert "111222333" not in client.get(url + "?bsn=1").content.decode()
    # Opening the request (name and masked BSN) is a logged look, not a reveal.
    assert not AccessRecord.objects.filter(user=liaison, name="bsn.reveal").exists()
    assert AccessRecord.objects.filter(user=liaison, name="request.view").count() == 1
    revealed = client.post(url + "bsn/").content.decode()
    assert "111222333" in revealed
    assert (
        AccessRecord.objects.filter(user=liaison, case_id=case.pk, name="bsn.reveal").count() == 1
    )


def test_liaison_lists_the_cases_with_a_sent_request_to_its_dienst(helper, casemanager, liaison):
    case = accepted_case(
        helper=helper, casemanager=casemanager, diensten=("belastingdienst", "toeslagen")
    )
    accepted_case(
        helper=helper, casemanager=casemanager, diensten=("belastingdienst", "toeslagen")
    )  # no request: not the liaison's business
    send_proposal(case, casemanager)
    body = api(liaison).get("/api/v1/cases/").json()
    assert [row["reference"] for row in body["results"]] == [case.reference]
    assert "subject_name" not in body["results"][0]
    assert api(liaison).get(f"/api/v1/cases/{case.reference}/").status_code == 404
    other = factories.liaison("toeslagen")
    assert api(other).get("/api/v1/cases/").json()["count"] == 0
