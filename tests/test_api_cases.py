import pytest
from rest_framework.test import APIClient

from audit.models import AccessRecord
from cases.models import Case, Theme
from tests import factories
from tests.factories import api


def payload(**overrides) -> dict:
    body = {
        "subject_type": "burger",
        "subject_name": "J. Jansen",
        "bsn": "111222333",
        "postcode_area": "3511",
        "consent": True,
        "diensten": ["belastingdienst"],
        "themes": ["invordering"],
        "summary": "Dwangbevel ondanks regeling",
        "description": "Beslag loopt door.",
        "triage_answers": {"in_mandate": True, "imminent_enforcement": True},
    }
    body.update(overrides)
    return body


def test_helper_creates_a_case_and_gets_201_with_a_reference(helper):
    response = api(helper).post("/api/v1/cases/", payload(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["reference"].startswith("BB-")
    assert body["status"] == "submitted"
    assert body["bsn_masked"] == "******333"
    assert "triage" not in body and "possible_duplicate" not in body
    case = Case.objects.get(reference=body["reference"])
    assert case.organisation == helper.organisation
    assert set(case.diensten.values_list("code", flat=True)) == {"belastingdienst"}


def test_invalid_bsn_is_a_400_naming_bsn_and_creates_nothing(helper):
    response = api(helper).post("/api/v1/cases/", payload(bsn="123456789"), format="json")
    assert response.status_code == 400
    assert "bsn" in response.json()
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"consent": False}, "consent"),
        ({"diensten": ["belastingdienst", "douane"]}, "diensten"),
        ({"triage_answers": {"not_a_criterion": True}}, "triage_answers"),
        ({"bsn": ""}, "bsn"),
        ({"subject_type": "ondernemer", "bsn": "", "kvk_number": "123"}, "kvk_number"),
        ({"postcode_area": "35"}, "postcode_area"),
        ({"themes": ["geen-thema"]}, "themes"),
    ],
)
def test_bad_input_names_the_field_and_creates_nothing(helper, overrides, field):
    response = api(helper).post("/api/v1/cases/", payload(**overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Case.objects.exists()


def test_diensten_and_themes_are_checked_together_each_error_under_its_own_field(helper):
    """One query looks up both lists (cases.selectors.active_catalogue); each field still
    names its own unknown codes, also when both are wrong, and an inactive one is unknown."""
    Theme.objects.filter(code="invordering").update(active=False)
    body = payload(diensten=["belastingdienst", "douane"], themes=["invordering", "toeslagen"])
    response = api(helper).post("/api/v1/cases/", body, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert errors["diensten"] == ["Onbekende Dienst: douane."]
    # A Dienst's code is not a theme's.
    assert errors["themes"] == ["Onbekend thema: invordering, toeslagen."]
    assert not Case.objects.exists()


def test_codes_are_read_as_the_fields_read_them_trimmed_and_in_order(helper):
    theme = Theme.objects.filter(active=True).exclude(code="invordering").first()
    body = payload(
        diensten=[" toeslagen", "belastingdienst ", "toeslagen"],
        themes=[theme.code, " invordering "],
    )
    response = api(helper).post("/api/v1/cases/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["diensten"] == ["belastingdienst", "toeslagen"]
    assert sorted(response.json()["themes"]) == sorted([theme.code, "invordering"])
    case = Case.objects.get(reference=response.json()["reference"])
    assert set(case.diensten.values_list("code", flat=True)) == {"belastingdienst", "toeslagen"}


def test_repeated_idempotency_key_returns_the_first_case(helper):
    client = api(helper)
    first = client.post("/api/v1/cases/", payload(), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post("/api/v1/cases/", payload(), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["reference"] == again.json()["reference"]
    assert Case.objects.count() == 1


def test_other_organisations_helper_gets_404(helper, other_helper):
    case = factories.submitted_case(by=helper)
    response = api(other_helper).get(f"/api/v1/cases/{case.reference}/")
    assert response.status_code == 404


def test_liaison_gets_404_on_a_case_without_a_request_for_its_dienst(helper, liaison):
    case = factories.submitted_case(by=helper)
    assert api(liaison).get(f"/api/v1/cases/{case.reference}/").status_code == 404


def test_analyst_gets_404_and_an_empty_list(helper, analyst):
    case = factories.submitted_case(by=helper)
    client = api(analyst)
    assert client.get(f"/api/v1/cases/{case.reference}/").status_code == 404
    assert client.get("/api/v1/cases/").json()["count"] == 0


def test_casemanager_gets_the_case_with_staff_fields_and_the_view_is_logged(helper, casemanager):
    case = factories.submitted_case(by=helper)
    response = api(casemanager).get(f"/api/v1/cases/{case.reference}/")
    assert response.status_code == 200
    body = response.json()
    assert {"triage", "possible_duplicate", "deadlines", "rung"} <= set(body)
    assert body["possible_duplicate"] is False
    assert "111222333" not in response.content.decode()
    record = AccessRecord.objects.get(case_reference=case.reference, user=casemanager)
    assert (record.name, record.attributes["bb.channel"]) == ("case.view", "api")


def test_second_open_case_for_the_same_bsn_is_flagged_as_possible_duplicate(
    helper, other_helper, casemanager
):
    factories.submitted_case(by=helper)
    second = factories.submitted_case(by=other_helper, bsn="111 222 333")
    body = api(casemanager).get(f"/api/v1/cases/{second.reference}/").json()
    assert body["possible_duplicate"] is True


def test_case_list_is_scoped_and_paginated(helper, other_helper, casemanager):
    mine = factories.submitted_case(by=helper)
    factories.submitted_case(by=other_helper)
    body = api(helper).get("/api/v1/cases/").json()
    assert [c["reference"] for c in body["results"]] == [mine.reference]
    assert api(casemanager).get("/api/v1/cases/").json()["count"] == 2


def test_only_helpers_create_cases(casemanager):
    response = api(casemanager).post("/api/v1/cases/", payload(), format="json")
    assert response.status_code == 403


def test_anonymous_gets_401():
    assert APIClient().get("/api/v1/cases/").status_code == 401


def test_openapi_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/cases/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"cdn." not in docs.content  # Swagger UI is served from our own static files
