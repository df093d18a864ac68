"""The signals API per role (DESIGN.md §6): who sees what, bad input changes nothing."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from signals import services
from signals.models import Signal, SignalCase

from . import factories

S = Signal.Status


def body(**overrides) -> dict:
    return {
        "title": "Verrekening van toeslagen met betwiste schulden",
        "description": "Toeslagen worden verrekend terwijl het bezwaar nog loopt.",
        "diensten": ["toeslagen"],
        "source": "helper",
        "themes": ["verrekening"],
        **overrides,
    }


def test_a_helper_submits_a_signal_and_it_is_its_organisations(helper):
    response = factories.api(helper).post("/api/v1/signals/", body(), format="json")
    assert response.status_code == 201, response.json()
    signal = Signal.objects.get(pk=response.json()["id"])
    assert (signal.source, signal.organisation_id) == ("helper", helper.organisation_id)
    assert response.json()["status"] == "new"
    assert "cases" not in response.json()


def test_dienst_staff_submit_with_source_dienst_staff(db):
    staff = factories.dienst_staff_helper("belastingdienst")
    client = factories.api(staff)
    refused = client.post("/api/v1/signals/", body(source="helper"), format="json")
    assert refused.status_code == 400 and "source" in refused.json()
    made = client.post("/api/v1/signals/", body(source="dienst_staff"), format="json")
    assert made.status_code == 201
    assert Signal.objects.get().source == Signal.Source.DIENST_STAFF


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"themes": ["geen-thema"]}, "themes"),
        ({"diensten": ["rijkswaterstaat"]}, "diensten"),
        ({"status": "on_agenda"}, "status"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_makes_nothing(helper, change, field):
    response = factories.api(helper).post("/api/v1/signals/", body(**change), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Signal.objects.exists()


def test_liaisons_analysts_and_admins_do_not_submit(liaison, analyst, admin_user):
    assert factories.api(liaison).post("/api/v1/signals/", body(), format="json").status_code == 403
    assert factories.api(analyst).post("/api/v1/signals/", body(), format="json").status_code == 403
    assert factories.api(admin_user).get("/api/v1/signals/").status_code == 403


def test_a_helper_lists_only_its_own_organisations_signals(helper, other_helper):
    own = factories.signal(by=helper, source="helper")
    factories.signal(by=other_helper, source="helper")
    response = factories.api(helper).get("/api/v1/signals/")
    assert [row["id"] for row in response.json()["results"]] == [own.pk]
    other = Signal.objects.exclude(pk=own.pk).get()
    assert factories.api(helper).get(f"/api/v1/signals/{other.pk}/").status_code == 404


def test_a_liaison_sees_only_signals_on_the_agenda_with_its_dienst(helper, casemanager):
    bd = factories.signal_on_agenda(by=helper, team=casemanager, source="helper")
    toeslagen = factories.signal_on_agenda(
        by=helper, team=casemanager, source="helper", diensten=("toeslagen",)
    )
    new_bd = factories.signal(by=helper, source="helper")
    services.signal_case_link(
        signal=bd, case=factories.submitted_case(by=helper), actor=casemanager, reason="Zelfde"
    )
    client = factories.api(factories.liaison("belastingdienst"))
    listed = client.get("/api/v1/signals/").json()["results"]
    assert [row["id"] for row in listed] == [bd.pk]
    detail = client.get(f"/api/v1/signals/{bd.pk}/").json()
    assert "cases" not in detail and "linked_case_count" not in detail
    for hidden in (toeslagen, new_bd):
        assert client.get(f"/api/v1/signals/{hidden.pk}/").status_code == 404


def test_an_analyst_sees_counts_never_references(helper, casemanager, analyst):
    signal = factories.signal(by=casemanager)
    case = factories.submitted_case(by=helper)
    services.signal_case_link(signal=signal, case=case, actor=casemanager, reason="Patroon")
    detail = factories.api(analyst).get(f"/api/v1/signals/{signal.pk}/").json()
    assert "cases" not in detail
    assert detail["linked_case_count"] == "<5"
    assert case.reference not in str(detail)
    team = factories.api(casemanager).get(f"/api/v1/signals/{signal.pk}/").json()
    assert team["linked_case_count"] == 1
    assert [row["reference"] for row in team["cases"]] == [case.reference]


def test_a_transition_outside_the_table_is_a_409_and_changes_nothing(casemanager):
    signal = factories.signal(by=casemanager)
    response = factories.api(casemanager).post(
        f"/api/v1/signals/{signal.pk}/transition/",
        {"status": "resolved", "reason": "x"},
        format="json",
    )
    assert response.status_code == 409
    signal.refresh_from_db()
    assert signal.status == S.NEW and signal.events.count() == 1


def test_screening_by_api_claims_the_signal_and_closing_needs_a_reason(casemanager, helper):
    signal = factories.signal(by=helper, source="helper")
    client = factories.api(casemanager)
    moved = client.post(
        f"/api/v1/signals/{signal.pk}/transition/", {"status": "analysing"}, format="json"
    )
    assert moved.status_code == 200 and moved.json()["status"] == "analysing"
    signal.refresh_from_db()
    assert signal.owner == casemanager
    no_reason = client.post(
        f"/api/v1/signals/{signal.pk}/transition/", {"status": "closed"}, format="json"
    )
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    closed = client.post(
        f"/api/v1/signals/{signal.pk}/transition/",
        {"status": "closed", "reason": "Hoort bij de Nationale ombudsman"},
        format="json",
    )
    assert closed.status_code == 200
    mine = factories.api(helper).get(f"/api/v1/signals/{signal.pk}/").json()
    assert mine["closed_reason"] == "Hoort bij de Nationale ombudsman"


def test_helpers_do_not_move_signals_and_only_a_lead_picks_the_kamer_report(
    helper, casemanager, lead
):
    signal = factories.signal_on_agenda(by=helper, team=casemanager, source="helper")
    url = f"/api/v1/signals/{signal.pk}/transition/"
    assert (
        factories.api(helper)
        .post(url, {"status": "closed", "reason": "x"}, format="json")
        .status_code
        == 403
    )
    assert (
        factories.api(casemanager)
        .post(url, {"status": "in_kamer_report"}, format="json")
        .status_code
        == 403
    )
    assert (
        factories.api(lead).post(url, {"status": "in_kamer_report"}, format="json").status_code
        == 200
    )


def test_linking_by_api_twice_is_a_409_and_an_unseen_case_a_404(helper, casemanager):
    signal = factories.signal(by=casemanager)
    case = factories.submitted_case(by=helper)
    client = factories.api(casemanager)
    url = f"/api/v1/signals/{signal.pk}/cases/"
    first = client.post(
        url, {"reference": case.reference, "reason": "Zelfde patroon"}, format="json"
    )
    assert first.status_code == 201
    assert [row["reference"] for row in first.json()["cases"]] == [case.reference]
    again = client.post(url, {"reference": case.reference, "reason": "Nog eens"}, format="json")
    assert again.status_code == 409
    missing = client.post(url, {"reference": "BB-2020-999999", "reason": "x"}, format="json")
    assert missing.status_code == 404
    assert SignalCase.objects.count() == 1
    assert client.post(url, {"reference": case.reference}, format="json").status_code == 400


def test_unlinking_by_api_and_twice_is_a_409(helper, casemanager):
    signal = factories.signal(by=casemanager)
    case = factories.submitted_case(by=helper)
    services.signal_case_link(signal=signal, case=case, actor=casemanager, reason="Patroon")
    client = factories.api(casemanager)
    url = f"/api/v1/signals/{signal.pk}/cases/{case.reference}/"
    assert client.delete(url).status_code == 204
    assert client.delete(url).status_code == 409
    assert list(signal.events.values_list("kind", flat=True)) == [
        "status_changed",
        "case_linked",
        "case_unlinked",
    ]
    assert factories.api(helper).delete(url).status_code == 403


def test_case_related_gives_open_signals_and_cases_best_first(helper, casemanager):
    beslag = factories.signal(by=casemanager)
    factories.signal(
        by=casemanager,
        title="Box 3 heffing over spaargeld",
        description="Spaarders betalen te veel belasting over fictief rendement.",
    )
    closed = factories.signal(by=casemanager, title="Beslag op loon onder de beslagvrije voet")
    services.signal_transition(
        signal=closed, to_status="closed", actor=casemanager, reason="Dubbel"
    )
    case = factories.submitted_case(
        by=helper,
        summary="Loonbeslag onder de beslagvrije voet",
        description="Door het beslag houdt de man minder over dan de beslagvrije voet.",
    )
    similar = factories.submitted_case(
        by=helper,
        summary="Beslag laat te weinig over",
        description="Bankbeslag onder de beslagvrije voet.",
    )
    response = factories.api(casemanager).get(f"/api/v1/cases/{case.reference}/related/")
    assert response.status_code == 200
    data = response.json()
    assert data["signals"][0]["id"] == beslag.pk
    assert closed.pk not in [row["id"] for row in data["signals"]]
    assert [row["score"] for row in data["signals"]] == sorted(
        (row["score"] for row in data["signals"]), reverse=True
    )
    assert data["cases"][0]["reference"] == similar.reference
    assert case.reference not in [row["reference"] for row in data["cases"]]


def test_related_endpoints_are_for_the_team(helper, casemanager, analyst):
    signal = factories.signal(by=casemanager)
    case = factories.submitted_case(by=helper)
    assert factories.api(helper).get(f"/api/v1/cases/{case.reference}/related/").status_code == 403
    assert (
        factories.api(analyst).get(f"/api/v1/signals/{signal.pk}/related-cases/").status_code == 403
    )
    team = factories.api(casemanager)
    assert team.get(f"/api/v1/cases/{case.reference}/related/?x=1").status_code == 400
    assert team.get("/api/v1/cases/BB-2020-999999/related/").status_code == 404


def test_signal_related_cases_leaves_out_linked_ones(helper, casemanager):
    signal = factories.signal(by=casemanager)
    linked = factories.submitted_case(by=helper, summary="Beslag onder de beslagvrije voet")
    other = factories.submitted_case(by=helper, summary="Loonbeslag, beslagvrije voet te laag")
    services.signal_case_link(signal=signal, case=linked, actor=casemanager, reason="Patroon")
    data = factories.api(casemanager).get(f"/api/v1/signals/{signal.pk}/related-cases/").json()
    references = [row["reference"] for row in data["cases"]]
    assert other.reference in references and linked.reference not in references


def test_list_filters_and_an_unknown_value_is_a_400(casemanager):
    factories.signal(by=casemanager, themes=("verrekening",))
    factories.signal(by=casemanager, diensten=("toeslagen",))
    client = factories.api(casemanager)
    assert client.get("/api/v1/signals/?theme=verrekening").json()["count"] == 1
    assert client.get("/api/v1/signals/?dienst=toeslagen").json()["count"] == 1
    assert client.get("/api/v1/signals/?status=new").json()["count"] == 2
    assert client.get("/api/v1/signals/?status=nonsense").status_code == 400
    assert client.get("/api/v1/signals/?kleur=rood").status_code == 400


def test_the_signal_list_runs_the_same_queries_for_more_rows(helper, casemanager):
    client = factories.api(casemanager)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/signals/").status_code == 200
        return len(ctx.captured_queries)

    factories.signal(by=casemanager, themes=("verrekening",))
    before = count()
    for _ in range(3):
        made = factories.signal(by=casemanager, themes=("box-3", "verrekening"))
        services.signal_case_link(
            signal=made, case=factories.submitted_case(by=helper), actor=casemanager, reason="x"
        )
    assert count() == before


def test_a_commitment_shows_in_the_detail_for_its_own_liaison_only(helper, casemanager):
    signal = factories.signal_on_agenda(
        by=casemanager, team=casemanager, diensten=("belastingdienst", "toeslagen")
    )
    for code in ("belastingdienst", "toeslagen"):
        services.commitment_create(
            signal=signal,
            actor=casemanager,
            dienst=factories.dienst(code),
            description=f"Werkinstructie {code}",
            due_date=timezone.localdate() + timedelta(days=20),
        )
    detail = (
        factories.api(factories.liaison("toeslagen")).get(f"/api/v1/signals/{signal.pk}/").json()
    )
    assert [c["dienst"] for c in detail["commitments"]] == ["toeslagen"]
