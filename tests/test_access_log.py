"""The access log (Logboek Dataverwerkingen): every look at personal data is one record;
leads and admins read it through the API, a screen and a JSON-lines export."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from audit import selectors as audit_selectors
from audit.models import AccessRecord
from cases import services as case_services
from tests import factories
from tests.factories import accepted_case, api, send_proposal

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_api_returns_a_record_for_a_case_a_casemanager_just_opened(
    client, helper, casemanager, lead
):
    case = factories.submitted_case(by=helper)
    client.force_login(casemanager)
    assert client.get(f"/casussen/{case.reference}/").status_code == 200

    response = api(lead).get(f"/api/v1/access-log/?case={case.reference}")
    assert response.status_code == 200
    [record] = response.json()["results"]
    assert record["name"] == "case.view"
    assert record["status_code"] == "STATUS_CODE_OK"
    assert len(record["trace_id"]) == 32 and len(record["operation_id"]) == 16
    assert record["start_time"] <= record["end_time"]
    attributes = record["attributes"]
    assert attributes["dpl.core.processing_activity_id"].endswith("casusbehandeling")
    assert attributes["bb.user.username"] == casemanager.username
    assert attributes["bb.case.reference"] == case.reference
    assert attributes["bb.channel"] == "web"


def test_the_log_holds_no_bsn_or_name(client, helper, casemanager, lead):
    case = factories.submitted_case(by=helper, bsn="111222333", subject_name="J. Jansen")
    api(casemanager).get(f"/api/v1/cases/{case.reference}/")
    body = api(lead).get("/api/v1/access-log/").content.decode()
    assert case.reference in body
    assert "111222333" not in body and "Jansen" not in body


def test_an_admin_reads_the_log_too(helper, casemanager, admin_user):
    case = factories.submitted_case(by=helper)
    api(casemanager).get(f"/api/v1/cases/{case.reference}/")
    response = api(admin_user).get(f"/api/v1/access-log/?case={case.reference}")
    assert response.status_code == 200
    assert response.json()["count"] == 1


@pytest.mark.parametrize("role", ["casemanager", "analyst", "helper", "liaison"])
def test_other_roles_may_not_read_the_log(client, role, request):
    user = request.getfixturevalue(role)
    assert api(user).get("/api/v1/access-log/").status_code == 403
    client.force_login(user)
    assert client.get("/logboek/").status_code == 403


def test_the_log_is_not_for_anonymous_callers(client):
    assert client.get("/api/v1/access-log/").status_code in (401, 403)
    assert client.get("/logboek/").status_code == 302


def test_the_api_filters_strictly(lead):
    assert api(lead).get("/api/v1/access-log/?casus=BB").status_code == 400
    assert api(lead).get("/api/v1/access-log/?since=gisteren").status_code == 400
    assert api(lead).get("/api/v1/access-log/?user=nobody-by-that-name").status_code == 400


def test_the_api_filters_by_user_and_date(helper, casemanager, lead):
    case = factories.submitted_case(by=helper)
    other = factories.team_member()
    with time_machine.travel(timezone.now() - timedelta(days=10)):
        api(other).get(f"/api/v1/cases/{case.reference}/")
    api(casemanager).get(f"/api/v1/cases/{case.reference}/")
    client = api(lead)
    by_user = client.get(f"/api/v1/access-log/?user={other.username}").json()
    assert [r["attributes"]["bb.user.id"] for r in by_user["results"]] == [other.pk]
    today = timezone.localdate().isoformat()
    recent = client.get(f"/api/v1/access-log/?since={today}").json()
    assert [r["attributes"]["bb.user.id"] for r in recent["results"]] == [casemanager.pk]


def test_a_traceparent_header_is_followed(helper, casemanager):
    case = factories.submitted_case(by=helper)
    trace, parent = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
    api(casemanager).get(
        f"/api/v1/cases/{case.reference}/", HTTP_TRACEPARENT=f"00-{trace}-{parent}-01"
    )
    record = AccessRecord.objects.get(case_id=case.pk)
    assert (record.trace_id, record.parent_operation_id) == (trace, parent)


def test_each_request_gets_its_own_trace(helper, casemanager):
    case = factories.submitted_case(by=helper)
    api(casemanager).get(f"/api/v1/cases/{case.reference}/")
    api(casemanager).get(f"/api/v1/cases/{case.reference}/")
    assert AccessRecord.objects.values("trace_id").distinct().count() == 2


def test_the_helper_case_page_is_logged(client, helper):
    case = factories.submitted_case(by=helper)
    client.force_login(helper)
    assert client.get(f"/casussen/{case.reference}/").status_code == 200
    assert AccessRecord.objects.filter(user=helper, case_id=case.pk, name="case.view").count() == 1


def test_an_attachment_download_is_logged(client, helper, casemanager):
    case = factories.submitted_case(by=helper)
    attachment = case_services.attachment_add(
        case=case,
        user=helper,
        uploaded=SimpleUploadedFile("brief.pdf", PDF, content_type="application/pdf"),
        description="",
    )
    client.force_login(casemanager)
    response = client.get(f"/casussen/{case.reference}/bijlagen/{attachment.pk}/")
    assert b"".join(response.streaming_content) == PDF
    assert AccessRecord.objects.filter(
        user=casemanager, case_id=case.pk, name="attachment.download"
    ).exists()


def test_a_liaison_opening_a_request_is_logged(client, helper, casemanager, liaison):
    case = accepted_case(helper=helper, casemanager=casemanager)
    created = send_proposal(case, casemanager).json()
    client.force_login(liaison)
    assert client.get(f"/dienst/verzoeken/{created['id']}/").status_code == 200
    record = AccessRecord.objects.get(user=liaison)
    assert (record.name, record.case_reference) == ("request.view", case.reference)
    assert record.attributes["dpl.core.processing_activity_id"].endswith("verzoeken-aan-diensten")


def test_a_refused_look_writes_nothing(client, helper, other_helper):
    case = factories.submitted_case(by=helper)
    client.force_login(other_helper)
    assert client.get(f"/casussen/{case.reference}/").status_code == 404
    assert not AccessRecord.objects.exists()


def test_the_screen_lists_filters_and_pages_for_a_lead(client, helper, casemanager, lead):
    first = factories.submitted_case(by=helper)
    second = factories.submitted_case(by=helper)
    for _ in range(51):
        api(casemanager).get(f"/api/v1/cases/{first.reference}/")
    api(casemanager).get(f"/api/v1/cases/{second.reference}/")
    client.force_login(lead)
    page = client.get("/logboek/").content.decode()
    assert "52 vastleggingen" in page
    assert "Pagina 1 van 2" in page
    filtered = client.get(f"/logboek/?case={second.reference}").content.decode()
    assert "1 vastlegging" in filtered and "Casus ingezien" in filtered
    by_user = client.get(f"/logboek/?user={lead.username}").content.decode()
    assert "Geen vastleggingen gevonden" in by_user
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert "Geen vastleggingen" in client.get(f"/logboek/?since={tomorrow}").content.decode()


def test_the_screen_is_in_the_more_menu_for_leads(client, lead):
    client.force_login(lead)
    assert 'href="/logboek/"' in client.get("/logboek/").content.decode()


def test_the_screen_runs_a_constant_number_of_queries(
    client, helper, casemanager, lead, django_assert_max_num_queries
):
    case = factories.submitted_case(by=helper)
    for user in [factories.team_member() for _ in range(5)] + [casemanager]:
        api(user).get(f"/api/v1/cases/{case.reference}/")
    client.force_login(lead)
    with django_assert_max_num_queries(12):
        assert client.get("/logboek/").status_code == 200


def test_export_writes_json_lines_since_a_day(helper, casemanager, capsys):
    case = factories.submitted_case(by=helper)
    with time_machine.travel(timezone.now() - timedelta(days=10)):
        api(casemanager).get(f"/api/v1/cases/{case.reference}/")
    api(casemanager).get(f"/api/v1/cases/{case.reference}/")
    since = (timezone.localdate() - timedelta(days=1)).isoformat()
    call_command("export_access_log", "--since", since)
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert set(record) == {
        "trace_id",
        "operation_id",
        "parent_operation_id",
        "name",
        "start_time",
        "end_time",
        "status_code",
        "attributes",
    }
    assert record["attributes"]["bb.case.reference"] == case.reference


def test_export_refuses_a_malformed_day(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("export_access_log", "--since", "01-12-2026")


def test_a_long_log_is_counted_only_up_to_a_bound(client, helper, casemanager, lead, monkeypatch):
    monkeypatch.setattr(audit_selectors, "COUNT_BOUND", 3)
    case = factories.submitted_case(by=helper)
    for _ in range(5):
        api(casemanager).get(f"/api/v1/cases/{case.reference}/")
    body = api(lead).get("/api/v1/access-log/").json()
    assert (body["count"], body["count_is_lower_bound"]) == (4, True)
    assert len(body["results"]) == 4
    client.force_login(lead)
    assert "Meer dan 3 vastleggingen" in client.get("/logboek/").content.decode()
