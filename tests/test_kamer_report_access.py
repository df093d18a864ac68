"""Who may do what with Kamer reports, through the API and the web pages: the team and
analysts read, leads start, regenerate and finalise (another lead than the one who
generated it); helpers and liaisons see none of it."""

import pytest
from django.test import TestCase
from django.urls import reverse

from reports.models import KamerReport, ProblemStatement
from tests import factories

K = KamerReport.Status
BODY = {
    "title": "Rapportage eerste halfjaar",
    "period_start": "2026-01-01",
    "period_end": "2026-06-30",
}


@pytest.fixture
def other_lead(db):
    return factories.team_member(role="lead")


@pytest.fixture
def draft(lead):
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = factories.api(lead).post("/api/v1/kamer-reports/", BODY, format="json")
    assert response.status_code == 202, response.content
    return KamerReport.objects.get(pk=response.json()["id"])


def test_a_lead_starts_a_report_and_gets_202_with_its_id(lead):
    with TestCase.captureOnCommitCallbacks(execute=False):
        response = factories.api(lead).post("/api/v1/kamer-reports/", BODY, format="json")
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "generating"
    assert body["progress"] == 0
    assert body["figures"] is None
    assert KamerReport.objects.filter(pk=body["id"]).exists()


@pytest.mark.parametrize("role", ["casemanager", "analyst", "helper", "liaison"])
def test_only_a_lead_starts_a_report(role, request):
    user = request.getfixturevalue(role)
    response = factories.api(user).post("/api/v1/kamer-reports/", BODY, format="json")
    assert response.status_code == 403
    assert not KamerReport.objects.exists()


def test_an_unknown_key_or_a_reversed_period_is_a_400(lead):
    api = factories.api(lead)
    response = api.post("/api/v1/kamer-reports/", {**BODY, "status": "final"}, format="json")
    assert response.status_code == 400
    assert "status" in response.json()
    response = api.post(
        "/api/v1/kamer-reports/", {**BODY, "period_end": "2025-12-31"}, format="json"
    )
    assert response.status_code == 400
    assert "period_end" in response.json()
    assert not KamerReport.objects.exists()


@pytest.mark.parametrize("role", ["casemanager", "lead", "analyst"])
def test_the_team_and_analysts_read_a_report_with_its_frozen_figures(role, request, draft):
    api = factories.api(request.getfixturevalue(role))
    assert api.get("/api/v1/kamer-reports/").json()["results"][0]["id"] == draft.pk
    body = api.get(f"/api/v1/kamer-reports/{draft.pk}/").json()
    assert body["status"] == "draft"
    assert body["progress"] == 100
    assert body["figures"][0]["title"] == "Kerncijfers"
    pdf = api.get(f"/api/v1/kamer-reports/{draft.pk}/pdf/")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    csv = api.get(f"/api/v1/kamer-reports/{draft.pk}/csv/")
    assert csv.status_code == 200
    assert csv["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize("role", ["helper", "liaison", "admin_user"])
def test_other_roles_see_no_report(role, request, draft):
    api = factories.api(request.getfixturevalue(role))
    assert api.get("/api/v1/kamer-reports/").status_code == 403
    assert api.get(f"/api/v1/kamer-reports/{draft.pk}/").status_code == 403
    assert api.get(f"/api/v1/kamer-reports/{draft.pk}/pdf/").status_code == 403


def test_a_report_that_is_not_there_is_a_404(analyst):
    assert factories.api(analyst).get("/api/v1/kamer-reports/999/").status_code == 404


def test_the_pdf_of_a_report_still_being_made_is_a_404(lead, analyst):
    with TestCase.captureOnCommitCallbacks(execute=False):
        report_id = (
            factories.api(lead).post("/api/v1/kamer-reports/", BODY, format="json").json()["id"]
        )
    api = factories.api(analyst)
    assert api.get(f"/api/v1/kamer-reports/{report_id}/pdf/").status_code == 404
    assert api.get(f"/api/v1/kamer-reports/{report_id}/csv/").status_code == 404


def test_finalise_by_the_generating_lead_is_403_and_by_another_lead_200(lead, other_lead, draft):
    url = f"/api/v1/kamer-reports/{draft.pk}/finalise/"
    assert factories.api(lead).post(url).status_code == 403
    response = factories.api(other_lead).post(url)
    assert response.status_code == 200
    assert response.json()["status"] == "final"
    # Final: never again, and never regenerated.
    assert factories.api(other_lead).post(url).status_code == 409
    regenerate = f"/api/v1/kamer-reports/{draft.pk}/regenerate/"
    assert factories.api(lead).post(regenerate).status_code == 409


@pytest.mark.parametrize("role", ["casemanager", "analyst"])
def test_only_a_lead_finalises_or_regenerates(role, request, draft):
    api = factories.api(request.getfixturevalue(role))
    assert api.post(f"/api/v1/kamer-reports/{draft.pk}/finalise/").status_code == 403
    assert api.post(f"/api/v1/kamer-reports/{draft.pk}/regenerate/").status_code == 403
    draft.refresh_from_db()
    assert draft.status == K.DRAFT


# --- web pages -----------------------------------------------------------------------------


def test_the_analyst_reads_the_list_and_the_report_but_gets_no_start_form(client, analyst, draft):
    client.force_login(analyst)
    page = client.get(reverse("reports:list")).content.decode()
    assert draft.title in page
    assert 'action="/rapportages/nieuw/"' not in page
    assert client.get(reverse("reports:detail", args=[draft.pk])).status_code == 200
    document = client.get(reverse("reports:document", args=[draft.pk])).content.decode()
    assert "Ernstigste problemen" in document and "Rapportkaart" in document
    assert client.post(reverse("reports:start"), BODY).status_code == 403


def test_a_helper_or_liaison_cannot_open_the_report_pages(client, helper, liaison, draft):
    for user in (helper, liaison):
        client.force_login(user)
        assert client.get(reverse("reports:list")).status_code == 403
        assert client.get(reverse("reports:detail", args=[draft.pk])).status_code == 403


def test_a_lead_starts_a_report_from_the_list_page(client, lead):
    client.force_login(lead)
    assert 'action="/rapportages/nieuw/"' in client.get(reverse("reports:list")).content.decode()
    with TestCase.captureOnCommitCallbacks(execute=False):
        response = client.post(reverse("reports:start"), BODY)
    report = KamerReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:detail", args=[report.pk])
    page = client.get(response["Location"]).content.decode()
    # While it is being made: a progress bar, a refresh without JavaScript, and the script.
    assert "<progress" in page
    assert '<noscript><meta http-equiv="refresh"' in page
    assert "js/report-progress.js" in page
    fragment = client.get(reverse("reports:progress", args=[report.pk])).content.decode()
    assert 'data-busy="true"' in fragment


def test_a_bad_period_on_the_form_shows_the_error(client, lead):
    client.force_login(lead)
    response = client.post(reverse("reports:start"), {**BODY, "period_end": "2025-01-01"})
    assert response.status_code == 400
    assert "vóór het begin" in response.content.decode()
    assert not KamerReport.objects.exists()


def test_another_lead_finalises_on_the_confirmation_page(client, lead, other_lead, draft):
    client.force_login(lead)
    detail = client.get(reverse("reports:detail", args=[draft.pk])).content.decode()
    assert reverse("reports:finalise", args=[draft.pk]) not in detail
    client.force_login(other_lead)
    detail = client.get(reverse("reports:detail", args=[draft.pk])).content.decode()
    assert reverse("reports:finalise", args=[draft.pk]) in detail
    confirm = client.get(reverse("reports:finalise", args=[draft.pk]))
    assert "niet ongedaan maken" in confirm.content.decode()
    response = client.post(reverse("reports:finalise", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == K.FINAL


def test_the_list_page_runs_a_constant_number_of_queries(
    client, lead, other_lead, django_assert_max_num_queries
):
    client.force_login(lead)
    with TestCase.captureOnCommitCallbacks(execute=False):
        for n in range(5):
            factories.api(lead if n % 2 else other_lead).post(
                "/api/v1/kamer-reports/", {**BODY, "title": f"R{n}"}, format="json"
            )
    with django_assert_max_num_queries(8):
        assert client.get(reverse("reports:list")).status_code == 200


@pytest.mark.django_db
def test_an_analyst_reading_the_demo_report_everywhere_sees_no_personal_data(client, monkeypatch):
    """The demo, a report generated from it, and every way an analyst can read that report:
    the pages, the CSV, the API and the PDF's text. No name, BSN, KvK number, reference or
    postcode area of any demo case."""
    import io
    import re

    from django.core.management import call_command
    from django.utils import timezone
    from pypdf import PdfReader

    from accounts.models import User
    from cases.models import Case
    from reports import services

    monkeypatch.setenv("DEMO_PASSWORD", factories.PASSWORD)
    call_command("seed_demo")
    today = timezone.localdate()
    with TestCase.captureOnCommitCallbacks(execute=True):
        report = services.kamer_report_start(
            actor=User.objects.get(username="lead"),
            title="Rapportage aan de Tweede Kamer",
            period_start=today.replace(month=1, day=1),
            period_end=today,
        )
    report.refresh_from_db()
    assert report.status == K.DRAFT, report.error
    assert len(report.snapshot["problems"]) == 2  # the demo chose two signals
    assert report.snapshot["problems"][1]["vignettes"]  # and approved a vignette

    strings, areas = set(), set()
    for case in Case.objects.exclude(status="draft"):
        strings |= {case.reference, case.subject_name, case.bsn, case.kvk_number}
        strings |= {part for part in case.subject_name.split() if len(part) >= 4}
        areas.add(case.postcode_area)
    # The front door's demo case is "Demo Betrokkene": two words the report itself uses
    # ("Betrokkene" is the person as a respondent of the feedback); its full name stays in.
    strings -= {"Demo", "Betrokkene", ""}
    areas.discard("")
    analyst = User.objects.get(username="analyst")
    client.force_login(analyst)
    api = factories.api(analyst)
    pk = report.pk
    bodies = {
        path: client.get(path).content.decode()
        for path in (
            "/rapportages/",
            f"/rapportages/{pk}/",
            f"/rapportages/{pk}/rapport/",
            f"/rapportages/{pk}/csv/",
        )
    }
    bodies |= {
        path: api.get(path).content.decode()
        for path in ("/api/v1/kamer-reports/", f"/api/v1/kamer-reports/{pk}/")
    }
    pdf = api.get(f"/api/v1/kamer-reports/{pk}/pdf/").content
    bodies["pdf"] = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split()
    )
    for path, body in bodies.items():
        for secret in strings:
            assert secret not in body, f"{secret!r} in {path}"
        for area in areas:
            assert not re.search(rf"(?<![\d.,]){area}(?![\d.,])", body), f"area {area} in {path}"


def test_the_team_writes_the_texts_of_a_chosen_signal_without_personal_data(
    client, helper, casemanager, lead
):
    from signals import services as signal_services

    case = factories.accepted_case(
        helper=helper, casemanager=casemanager, subject_name="Ria Oosterhuis"
    )
    signal = factories.signal_on_agenda(by=casemanager, team=casemanager)
    other = factories.signal(by=casemanager, title="Nog niet gekozen")
    signal_services.signal_case_link(signal=signal, case=case, actor=casemanager, reason="Zo.")
    client.force_login(casemanager)
    url = reverse("reports:problem", args=[signal.pk])
    assert client.get(url).status_code == 404  # not chosen for the report yet
    signal_services.signal_select_for_kamer_report(signal=signal, lead=lead)
    assert client.get(reverse("reports:problem", args=[other.pk])).status_code == 404
    texts = {"cause": "Het systeem wacht niet.", "dienst_response": "", "recommendation": ""}
    refused = client.post(url, {**texts, "recommendation": "Bel mevrouw Oosterhuis terug."})
    assert refused.status_code == 400
    assert "niet anoniem" in refused.content.decode()
    assert not ProblemStatement.objects.exists()
    response = client.post(url, {**texts, "recommendation": "Wacht op het bezwaar."})
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.problem_statement.recommendation == "Wacht op het bezwaar."
    assert signal.problem_statement.updated_by == casemanager
