"""The API's edges: list filters that never ignore a parameter, writes that refuse unknown
keys, bodies nested too deep, idempotency keys, the OpenAPI document and query counts."""

import hashlib
import io
import json
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import ParseError
from rest_framework.test import APIClient

from belangenbehartiger.parsers import MAX_JSON_DEPTH, DepthLimitedJSONParser
from cases.models import Case
from cases.services import conversation
from escalation import services as ladder
from tests import factories
from triage import decisions


def api(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def references(response) -> set[str]:
    assert response.status_code == 200, response.json()
    return {c["reference"] for c in response.json()["results"]}


def accepted_case(helper, casemanager, **kwargs):
    case = factories.submitted_case(by=helper, **kwargs)
    decisions.case_decide(case=case, actor=casemanager, decision="accept")
    return case


def send_proposal(case, casemanager, dienst="belastingdienst", kind="proposal"):
    """A request to ``dienst``; a freeze request waits for a lead's approval."""
    return ladder.request_create(
        case=case,
        actor=casemanager,
        kind=kind,
        dienst=factories.dienst(dienst),
        text="Voorstel",
        freeze_until=timezone.localdate() + timedelta(days=30) if kind == "freeze" else None,
    )


# --- 1. list filters ------------------------------------------------------------------------


def test_case_list_filters_on_status(helper, casemanager):
    accepted = accepted_case(helper, casemanager)
    submitted = factories.submitted_case(by=helper)
    client = api(casemanager)
    assert references(client.get("/api/v1/cases/?status=accepted")) == {accepted.reference}
    assert references(client.get("/api/v1/cases/?status=submitted")) == {submitted.reference}
    assert references(client.get("/api/v1/cases/?status=closed")) == set()


def test_case_list_filters_on_band_dienst_and_theme(helper, casemanager):
    urgent = factories.submitted_case(
        by=helper,
        diensten=("belastingdienst", "toeslagen"),
        themes=("invordering",),
        triage_answers={"in_mandate": True, "imminent_enforcement": True},
    )
    plain = factories.submitted_case(by=helper, diensten=("toeslagen",))
    client = api(casemanager)
    assert urgent.triage_band == "urgent" and plain.triage_band != "urgent"
    assert references(client.get("/api/v1/cases/?band=urgent")) == {urgent.reference}
    both = {urgent.reference, plain.reference}
    assert references(client.get("/api/v1/cases/?dienst=toeslagen")) == both
    assert references(client.get("/api/v1/cases/?dienst=belastingdienst")) == {urgent.reference}
    assert references(client.get("/api/v1/cases/?theme=invordering")) == {urgent.reference}
    # A case with two Diensten is listed once (EXISTS, not a join).
    assert client.get("/api/v1/cases/?dienst=toeslagen").json()["count"] == 2


def test_case_list_filters_on_rung_assignee_and_organisation(helper, other_helper, casemanager):
    on_ladder = accepted_case(helper, casemanager)
    send_proposal(on_ladder, casemanager)
    other = factories.submitted_case(by=other_helper)
    client = api(casemanager)
    assert references(client.get("/api/v1/cases/?rung=mediation")) == {on_ladder.reference}
    assert references(client.get("/api/v1/cases/?rung=freeze_request")) == set()
    assert references(client.get(f"/api/v1/cases/?assigned_to={casemanager.username}")) == {
        on_ladder.reference
    }
    assert references(
        client.get(f"/api/v1/cases/?organisation={other_helper.organisation_id}")
    ) == {other.reference}
    assert references(client.get("/api/v1/cases/?status=in_progress&rung=mediation")) == {
        on_ladder.reference
    }


@pytest.mark.parametrize(
    "query",
    [
        "status=bogus",
        "band=extreme",
        "dienst=douane",
        "theme=geen-thema",
        "rung=top",
        "assigned_to=nobody",
        "organisation=999999",
        "organisation=abc",
    ],
)
def test_case_list_unknown_filter_value_is_a_400_naming_the_parameter(casemanager, query):
    response = api(casemanager).get(f"/api/v1/cases/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [query.split("=")[0]]


def test_case_list_unknown_query_parameter_is_a_400_naming_it(casemanager):
    response = api(casemanager).get("/api/v1/cases/?stauts=closed")
    assert response.status_code == 400
    assert "stauts" in response.json()


def test_case_list_allows_the_page_parameter(helper, casemanager):
    factories.submitted_case(by=helper)
    assert api(casemanager).get("/api/v1/cases/?page=1&status=submitted").status_code == 200


def test_helper_filter_stays_within_its_own_organisation(helper, other_helper):
    mine = factories.submitted_case(by=helper)
    factories.submitted_case(by=other_helper)
    client = api(helper)
    assert references(client.get("/api/v1/cases/?status=submitted")) == {mine.reference}
    assert (
        references(client.get(f"/api/v1/cases/?organisation={other_helper.organisation_id}"))
        == set()
    )


def test_liaison_filter_stays_within_its_dienst(helper, casemanager, liaison):
    sent = accepted_case(helper, casemanager, diensten=("belastingdienst", "toeslagen"))
    send_proposal(sent, casemanager)
    not_sent = accepted_case(helper, casemanager, diensten=("belastingdienst",))
    client = api(liaison)
    assert references(client.get("/api/v1/cases/?dienst=belastingdienst")) == {sent.reference}
    assert not_sent.reference not in references(client.get("/api/v1/cases/?status=accepted"))


def test_dienst_request_list_filters_on_status_kind_and_dienst(helper, casemanager):
    case = accepted_case(helper, casemanager, diensten=("belastingdienst", "toeslagen"))
    to_bd = send_proposal(case, casemanager)
    to_ts = send_proposal(case, casemanager, dienst="toeslagen")
    client = api(casemanager)

    def ids(query):
        response = client.get(f"/api/v1/dienst-requests/?{query}")
        assert response.status_code == 200, response.json()
        return {r["id"] for r in response.json()["results"]}

    assert ids("dienst=toeslagen") == {to_ts.pk}
    assert ids("status=sent&kind=proposal") == {to_bd.pk, to_ts.pk}
    assert ids("kind=freeze") == set()


@pytest.mark.parametrize("query", ["status=bogus", "kind=letter", "dienst=douane", "case=1"])
def test_dienst_request_list_refuses_unknown_values_and_parameters(casemanager, query):
    response = api(casemanager).get(f"/api/v1/dienst-requests/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [query.split("=")[0]]


def test_liaison_dienst_request_filter_stays_within_its_dienst(helper, casemanager, liaison):
    case = accepted_case(helper, casemanager, diensten=("belastingdienst", "toeslagen"))
    own = send_proposal(case, casemanager)
    send_proposal(case, casemanager, dienst="toeslagen")
    response = api(liaison).get("/api/v1/dienst-requests/?status=sent")
    assert [r["id"] for r in response.json()["results"]] == [own.pk]
    assert api(liaison).get("/api/v1/dienst-requests/?dienst=toeslagen").json()["count"] == 0


def test_notification_list_refuses_an_unknown_parameter(liaison):
    assert api(liaison).get("/api/v1/notifications/?unread=1").status_code == 400
    assert api(liaison).get("/api/v1/notifications/?page=1").status_code == 200


# --- 2. unknown keys in writes -------------------------------------------------------------


def case_payload(**overrides) -> dict:
    body = {
        "subject_type": "burger",
        "subject_name": "J. Jansen",
        "bsn": "111222333",
        "postcode_area": "3511",
        "consent": True,
        "diensten": ["belastingdienst"],
        "summary": "Dwangbevel ondanks regeling",
        "description": "Beslag loopt door.",
    }
    body.update(overrides)
    return body


def test_case_create_refuses_unknown_keys_and_names_them(helper):
    body = case_payload(status="closed", reference="BB-2020-000001", assignee="casemanager")
    response = api(helper).post("/api/v1/cases/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "assignee": ["Onbekend veld."],
        "reference": ["Onbekend veld."],
        "status": ["Onbekend veld."],
    }
    assert not Case.objects.exists()


def test_unknown_keys_are_reported_with_the_field_errors(helper):
    response = api(helper).post(
        "/api/v1/cases/", case_payload(bsn="123456789", colour="blue"), format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"bsn", "colour"}


def test_message_post_refuses_a_read_only_key(helper):
    case = factories.submitted_case(by=helper)
    response = api(helper).post(
        f"/api/v1/cases/{case.reference}/messages/",
        {"body": "Hallo", "kind": "decision"},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["kind"]
    assert not case.messages.exists()


@pytest.mark.parametrize(
    ("path", "body", "extra"),
    [
        ("decision/", {"decision": "accept", "priority": "high"}, "priority"),
        (
            "requests/",
            {"kind": "proposal", "dienst": "belastingdienst", "text": "x", "cc": "y"},
            "cc",
        ),
        ("resolve/", {"reason": "Opgelost", "outcome": "resolved"}, "outcome"),
        ("close/", {"outcome": "withdrawn", "closed_at": "2020-01-01"}, "closed_at"),
    ],
)
def test_team_writes_refuse_unknown_keys(helper, casemanager, path, body, extra):
    case = accepted_case(helper, casemanager)
    response = api(casemanager).post(f"/api/v1/cases/{case.reference}/{path}", body, format="json")
    assert response.status_code == 400
    assert response.json() == {extra: ["Onbekend veld."]}


@pytest.mark.parametrize(
    ("action", "body"),
    [("respond", {"outcome": "accepted", "reply_to": "x"}), ("refuse", {"note": "n", "x": 1})],
)
def test_dienst_request_writes_refuse_unknown_keys(helper, casemanager, liaison, action, body):
    case = accepted_case(helper, casemanager)
    request = send_proposal(case, casemanager, kind="proposal" if action == "respond" else "freeze")
    user = liaison if action == "respond" else factories.team_member(role="lead")
    response = api(user).post(
        f"/api/v1/dienst-requests/{request.pk}/{action}/", body, format="json"
    )
    assert response.status_code == 400
    assert len(response.json()) == 1 and next(iter(response.json().values())) == ["Onbekend veld."]


# --- 3. bodies nested too deep ----------------------------------------------------------


def deep(levels: int) -> str:
    return '{"a": ' * levels + "1" + "}" * levels


@pytest.mark.parametrize("body", ["[" * 1000 + "]" * 1000, deep(1000), "[" * 100_000])
def test_deeply_nested_json_is_a_400_not_a_500(helper, body):
    response = api(helper).post("/api/v1/cases/", body, content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_deeply_nested_json_is_a_400_on_every_json_endpoint(helper, casemanager, liaison):
    case = accepted_case(helper, casemanager)
    request = send_proposal(case, casemanager)
    for user, path in [
        (helper, f"/api/v1/cases/{case.reference}/messages/"),
        (casemanager, f"/api/v1/cases/{case.reference}/decision/"),
        (liaison, f"/api/v1/dienst-requests/{request.pk}/respond/"),
    ]:
        response = api(user).post(path, deep(1000), content_type="application/json")
        assert response.status_code == 400, path


def test_brackets_inside_strings_do_not_count_as_nesting(helper):
    case = factories.submitted_case(by=helper)
    text = '[{"\\"[' * 50
    body = json.dumps({"body": text})
    response = api(helper).post(
        f"/api/v1/cases/{case.reference}/messages/", body, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["body"] == text


def parse(body: str):
    return DepthLimitedJSONParser().parse(io.BytesIO(body.encode()), "application/json", {})


def test_parser_allows_the_depth_limit_and_refuses_one_more():
    assert parse(deep(MAX_JSON_DEPTH)) is not None
    with pytest.raises(ParseError):
        parse(deep(MAX_JSON_DEPTH + 1))


def test_parser_still_refuses_malformed_json():
    with pytest.raises(ParseError):
        parse('{"a": ')
    assert parse('{"a": [1, {"b": "}}]]"}]}') == {"a": [1, {"b": "}}]]"}]}


# --- 4. idempotency keys ------------------------------------------------------------------


def post_case(client, body, key):
    return client.post("/api/v1/cases/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_reused_idempotency_key_with_another_body_is_a_422_and_creates_nothing(helper):
    client = api(helper)
    first = post_case(client, case_payload(), "k-1")
    again = post_case(client, case_payload(summary="Een heel andere casus"), "k-1")
    assert (first.status_code, again.status_code) == (201, 422)
    assert "Idempotency-Key" in again.json()["detail"]
    assert Case.objects.count() == 1
    assert Case.objects.get().summary == "Dwangbevel ondanks regeling"


def test_same_body_in_another_key_order_is_the_same_submission(helper):
    client = api(helper)
    body = case_payload()
    first = post_case(client, body, "k-2")
    reordered = dict(reversed(list(body.items())))
    again = client.post(
        "/api/v1/cases/",
        json.dumps(reordered, indent=2),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k-2",
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["reference"] == first.json()["reference"]


def test_long_idempotency_keys_sharing_a_prefix_do_not_collide(helper):
    client = api(helper)
    prefix = "x" * 64
    first = post_case(client, case_payload(), prefix + "-first")
    second = post_case(client, case_payload(), prefix + "-second")
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["reference"] != second.json()["reference"]


def test_idempotency_key_is_stored_hashed_with_a_hash_of_the_body(helper):
    key = "k-" + "y" * 100
    post_case(api(helper), case_payload(), key)
    case = Case.objects.get()
    assert case.intake_token == hashlib.sha256(key.encode()).hexdigest()
    canonical = json.dumps(case_payload(), sort_keys=True, separators=(",", ":"))
    assert case.intake_body_hash == hashlib.sha256(canonical.encode()).hexdigest()


def test_the_same_key_in_another_organisation_is_another_case(helper, other_helper):
    first = post_case(api(helper), case_payload(), "k-3")
    other = post_case(api(other_helper), case_payload(summary="Iets anders"), "k-3")
    assert (first.status_code, other.status_code) == (201, 201)


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_with_one_key_make_one_case(postgres):
    helper = factories.helper()
    barrier = threading.Barrier(2)
    statuses = []

    def submit():
        client = api(helper)
        try:
            barrier.wait()
            statuses.append(post_case(client, case_payload(), "k-race").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [200, 201]
    assert Case.objects.count() == 1


# --- 5. the OpenAPI document matches the API ------------------------------------------------


def test_case_messages_and_requests_are_paginated(helper, casemanager):
    case = accepted_case(helper, casemanager)
    send_proposal(case, casemanager)
    team = api(casemanager)
    team.post(f"/api/v1/cases/{case.reference}/messages/", {"body": "Hallo"}, format="json")
    for path in ("messages/", "requests/"):
        body = team.get(f"/api/v1/cases/{case.reference}/{path}").json()
        assert set(body) == {"count", "next", "previous", "results"}, path
        assert body["count"] == len(body["results"]) >= 1
        assert team.get(f"/api/v1/cases/{case.reference}/{path}?page=1").status_code == 200
        assert team.get(f"/api/v1/cases/{case.reference}/{path}?page=9").status_code == 404
        assert team.get(f"/api/v1/cases/{case.reference}/{path}?status=x").status_code == 400


@pytest.fixture
def schema(db, client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def json_schema(response) -> dict:
    return response["content"]["application/json"]["schema"]


def test_schema_documents_the_case_sub_lists_as_paginated(schema):
    for path, component in [
        ("/api/v1/cases/{reference}/messages/", "PaginatedMessageList"),
        ("/api/v1/cases/{reference}/requests/", "PaginatedDienstRequestList"),
    ]:
        get = schema["paths"][path]["get"]
        assert json_schema(get["responses"]["200"]) == {"$ref": f"#/components/schemas/{component}"}
        assert {p["name"] for p in get["parameters"] if p["in"] == "query"} == {"page"}
        post = schema["paths"][path]["post"]
        assert "Paginated" not in json_schema(post["responses"]["201"])["$ref"]


def test_schema_does_not_require_the_staff_only_case_fields(schema):
    required = schema["components"]["schemas"]["CaseDetail"]["required"]
    assert "triage" not in required and "possible_duplicate" not in required
    assert {"reference", "status", "rung", "deadlines"} <= set(required)


def test_schema_documents_the_list_filters(schema):
    def query_parameters(path):
        return {p["name"] for p in schema["paths"][path]["get"]["parameters"]}

    assert query_parameters("/api/v1/cases/") == {
        "page",
        "status",
        "band",
        "dienst",
        "theme",
        "rung",
        "assigned_to",
        "organisation",
    }
    assert query_parameters("/api/v1/dienst-requests/") == {"page", "status", "kind", "dienst"}


def test_schema_documents_the_error_responses_of_every_operation(schema):
    error = {"$ref": "#/components/schemas/Error"}
    assert schema["components"]["schemas"]["Error"]["properties"]["detail"]["type"] == "string"
    checked = 0
    for path, method, operation in operations(schema):
        responses = operation["responses"]
        for code in ("404", "429"):
            assert json_schema(responses[code]) == error, (path, method, code)
        # A domain error may name its field (api_errors): {"detail"} or per field.
        for code in ("400", "403", "409", "422"):
            assert error in json_schema(responses[code])["oneOf"], (path, method, code)
        for code in ("400", "403", "404", "409", "422", "429"):
            assert responses[code]["description"]
        checked += 1
    assert checked >= 15


def test_schema_documents_the_idempotency_conflict(schema):
    create = schema["paths"]["/api/v1/cases/"]["post"]
    assert "Idempotency-Key" in create["responses"]["422"]["description"]


# --- 6. list endpoints run a constant number of queries -------------------------------------


def queries_for(client, url) -> tuple[int, int]:
    """(queries, rows) of one GET of a list, after a first GET has warmed the caches
    (content types) that a real process keeps."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.json()
    return len(captured), response.json()["count"]


def assert_constant_queries(client, url, make) -> None:
    """The same number of queries for 2 rows as for 10."""
    for _ in range(2):
        make()
    few, few_rows = queries_for(client, url)
    for _ in range(8):
        make()
    many, many_rows = queries_for(client, url)
    assert (few_rows, many_rows) == (2, 10)
    assert few == many, f"{url}: {few} queries for 2 rows, {many} for 10"


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("helper", "/api/v1/cases/"),
        ("casemanager", "/api/v1/cases/"),
        ("casemanager", "/api/v1/cases/?dienst=toeslagen&theme=invordering&rung=mediation"),
        ("liaison", "/api/v1/cases/"),
        ("liaison", "/api/v1/dienst-requests/"),
        ("casemanager", "/api/v1/dienst-requests/"),
        ("lead", "/api/v1/dienst-requests/?status=sent&dienst=belastingdienst"),
        ("liaison", "/api/v1/notifications/"),
    ],
)
def test_list_endpoints_run_a_constant_number_of_queries(
    helper, casemanager, lead, liaison, role, url
):
    viewer = {"helper": helper, "casemanager": casemanager, "lead": lead, "liaison": liaison}[role]

    def make():
        case = accepted_case(
            helper, casemanager, diensten=("belastingdienst", "toeslagen"), themes=("invordering",)
        )
        send_proposal(case, casemanager)

    assert_constant_queries(api(viewer), url, make)


@pytest.mark.parametrize("role", ["helper", "casemanager"])
def test_case_messages_run_a_constant_number_of_queries(helper, casemanager, role):
    case = factories.submitted_case(by=helper)
    viewer = helper if role == "helper" else casemanager

    def make():
        conversation.conversation_post(case=case, author=casemanager, body="Bericht")

    assert_constant_queries(api(viewer), f"/api/v1/cases/{case.reference}/messages/", make)


def test_case_requests_run_a_constant_number_of_queries(helper, casemanager):
    case = accepted_case(helper, casemanager, diensten=("belastingdienst", "toeslagen"))
    dienst_codes = iter(["belastingdienst", "toeslagen"] * 5)

    def make():
        send_proposal(case, casemanager, dienst=next(dienst_codes))

    assert_constant_queries(api(casemanager), f"/api/v1/cases/{case.reference}/requests/", make)
