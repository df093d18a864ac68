import re

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AccessRecord
from cases.models import Case, CaseStatus
from casework import steps
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def login(client, user):
    client.force_login(user)
    return client


def step_one(**overrides):
    data = {
        "subject_type": "burger",
        "subject_name": "J. Jansen",
        "bsn": "111222333",
        "postcode_area": "3511",
        "intake_token": "tok-1",
        "next": "",
    }
    data.update(overrides)
    return data


def test_intake_walks_through_all_steps_and_submits(
    client, helper, django_capture_on_commit_callbacks
):
    login(client, helper)
    response = client.post("/casussen/nieuw/", step_one())
    case = Case.objects.get()
    assert response.url == f"/casussen/concept/{case.uuid}/stap/toestemming/"
    base = f"/casussen/concept/{case.uuid}/stap"
    client.post(
        f"{base}/toestemming/",
        {"consent": "on", "consent_method": "written", "consent_date": "2026-01-05", "next": ""},
    )
    dienst = factories.dienst()
    client.post(
        f"{base}/probleem/",
        {"diensten": [dienst.pk], "summary": "Beslag", "description": "Beslag op loon", "next": ""},
    )
    client.post(
        f"{base}/urgentie/",
        {"triage_in_mandate": "yes", "triage_imminent_enforcement": "no", "next": ""},
    )
    client.post(f"{base}/bijlagen/", {"upload": "", "file": SimpleUploadedFile("brief.pdf", PDF)})
    review = client.get(f"{base}/controleren/")
    assert "Casus indienen" in review.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(f"{base}/controleren/", {"submit": ""})
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    assert done.url == f"/casussen/{case.reference}/bevestiging/"
    assert case.triage_answers == {"in_mandate": True, "imminent_enforcement": False}
    assert case.attachments.count() == 1
    assert len(mail.outbox) == 1


def test_double_clicked_first_step_creates_one_draft(client, helper):
    login(client, helper)
    client.post("/casussen/nieuw/", step_one())
    client.post("/casussen/nieuw/", step_one())
    assert Case.objects.count() == 1


def test_double_clicked_submit_creates_one_case_and_lands_on_confirmation(client, helper):
    case = factories.submitted_case(by=helper)
    Case.objects.filter(pk=case.pk)  # already submitted: a second click posts again
    login(client, helper)
    response = client.post(f"/casussen/concept/{case.uuid}/stap/controleren/", {"submit": ""})
    assert response.status_code == 404  # no longer a draft
    assert Case.objects.count() == 1


def test_invalid_bsn_shows_a_dutch_message_and_saves_nothing(client, helper):
    login(client, helper)
    response = client.post("/casussen/nieuw/", step_one(bsn="123456789"))
    assert response.status_code == 200
    assert "elfproef" in response.content.decode()
    assert not Case.objects.exists()


def test_missing_consent_is_refused_on_its_step(client, helper):
    login(client, helper)
    client.post("/casussen/nieuw/", step_one())
    case = Case.objects.get()
    response = client.post(
        f"/casussen/concept/{case.uuid}/stap/toestemming/",
        {"consent_method": "written", "consent_date": "2026-01-05"},
    )
    assert "Zonder toestemming" in response.content.decode()
    case.refresh_from_db()
    assert case.consent is False


def test_upload_with_forged_type_is_refused_with_a_message(client, helper):
    login(client, helper)
    client.post("/casussen/nieuw/", step_one())
    case = Case.objects.get()
    response = client.post(
        f"/casussen/concept/{case.uuid}/stap/bijlagen/",
        {"upload": "", "file": SimpleUploadedFile("brief.pdf", b"MZ\x90\x00 not a pdf")},
    )
    assert "Dit bestand is geen echte PDF." in response.content.decode()
    assert case.attachments.count() == 0


def test_upload_of_a_type_we_do_not_take_lists_the_allowed_types(client, helper):
    login(client, helper)
    client.post("/casussen/nieuw/", step_one())
    case = Case.objects.get()
    response = client.post(
        f"/casussen/concept/{case.uuid}/stap/bijlagen/",
        {"upload": "", "file": SimpleUploadedFile("programma.exe", b"MZ\x90\x00 a program")},
    )
    assert "Dit bestandstype is niet toegestaan. Toegestaan zijn:" in response.content.decode()
    assert case.attachments.count() == 0


def test_other_organisation_cannot_open_a_draft_or_case(client, helper, other_helper):
    draft, _ = __import__("cases.services", fromlist=["x"]).case_draft_create(user=helper)
    case = factories.submitted_case(by=helper)
    login(client, other_helper)
    assert client.get(f"/casussen/concept/{draft.uuid}/stap/betrokkene/").status_code == 404
    assert client.get(f"/casussen/{case.reference}/").status_code == 404


def test_liaison_and_analyst_get_404_on_a_case_page(client, helper, liaison, analyst):
    case = factories.submitted_case(by=helper)
    for user in (liaison, analyst):
        login(client, user)
        assert client.get(f"/casussen/{case.reference}/").status_code == 404


def test_attachment_is_served_only_to_those_who_see_the_case(
    client, helper, other_helper, casemanager
):
    from cases import services

    draft, _ = services.case_draft_create(user=helper, data=factories.valid_case_data())
    draft.diensten.set([factories.dienst()])
    attachment = services.attachment_add(
        case=draft, user=helper, uploaded=SimpleUploadedFile("b.pdf", PDF)
    )
    steps.case_submit(case=draft, user=helper)
    url = f"/casussen/{draft.reference}/bijlagen/{attachment.pk}/"
    login(client, other_helper)
    assert client.get(url).status_code == 404
    login(client, casemanager)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")


def test_case_page_masks_the_bsn_and_logs_the_view(client, helper, casemanager):
    case = factories.submitted_case(by=helper)
    login(client, casemanager)
    page = client.get(f"/casussen/{case.reference}/").content.decode()
    assert "******333" in page
    assert "111222333" not in page
    assert (
        AccessRecord.objects.filter(case_id=case.pk, user=casemanager, name="case.view").count()
        == 1
    )


def test_helper_withdraws_after_confirming(client, helper):
    case = factories.submitted_case(by=helper)
    login(client, helper)
    assert (
        "Ja, trek de casus in"
        in client.get(f"/casussen/{case.reference}/intrekken/").content.decode()
    )
    client.post(f"/casussen/{case.reference}/intrekken/", {"reason": "Zelf opgelost"})
    case.refresh_from_db()
    assert case.status == CaseStatus.WITHDRAWN


def test_team_list_filters_by_reference_and_status(client, helper, casemanager):
    first = factories.submitted_case(by=helper)
    second = factories.submitted_case(by=helper)
    login(client, casemanager)
    page = client.get("/casussen/", {"reference": second.reference}).content.decode()
    assert second.reference in page and first.reference not in page
    page = client.get("/casussen/", {"status": "in_triage"}).content.decode()
    assert "Geen casussen gevonden" in page


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_team_list_runs_a_constant_number_of_queries(client, helper, other_helper, casemanager):
    login(client, casemanager)
    factories.submitted_case(by=helper, themes=["invordering"])
    few = _count_queries(client, "/casussen/")
    for n in range(12):
        factories.submitted_case(
            by=other_helper if n % 2 else helper,
            diensten=("belastingdienst", "toeslagen"),
            themes=["invordering", "box-3"],
        )
    assert _count_queries(client, "/casussen/") == few


def test_helper_overview_runs_a_constant_number_of_queries(client, helper):
    login(client, helper)
    factories.submitted_case(by=helper)
    few = _count_queries(client, "/casussen/")
    for _ in range(10):
        factories.submitted_case(by=helper)
    assert _count_queries(client, "/casussen/") == few


def test_team_list_is_paginated(client, helper, casemanager):
    for _ in range(27):
        factories.submitted_case(by=helper)
    login(client, casemanager)
    page_two = client.get("/casussen/", {"pagina": 2}).content.decode()
    assert "Pagina 2 van 2" in page_two
    assert len(re.findall(r'href="/casussen/BB-', page_two)) == 2


def test_anonymous_is_sent_to_login(client):
    response = client.get("/casussen/")
    assert response.status_code == 302
    assert response.url.startswith("/inloggen/")


def test_login_with_wrong_password_shows_a_dutch_error(client, helper):
    response = client.post("/inloggen/", {"username": helper.username, "password": "fout"})
    assert "onjuist" in response.content.decode()


def test_password_reset_sends_a_link_by_email(client, helper, django_capture_on_commit_callbacks):
    # The e-mail goes out through Celery once the request's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/wachtwoord-vergeten/", {"email": helper.email})
    assert len(mail.outbox) == 1
    assert "/wachtwoord-herstellen/" in mail.outbox[0].body


def test_interface_switches_to_english(client, helper):
    login(client, helper)
    client.post("/i18n/setlang/", {"language": "en", "next": "/casussen/"})
    page = client.get("/casussen/").content.decode()
    assert 'lang="en"' in page


def test_pages_send_a_content_security_policy(client):
    response = client.get("/inloggen/")
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_interface_is_dutch_even_for_an_english_browser(client):
    page = client.get("/inloggen/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="nl"' in page
    assert "Inloggen" in page


def test_english_when_chosen_shows_english_text(client, helper):
    client.force_login(helper)
    client.post("/i18n/setlang/", {"language": "en", "next": "/casussen/"})
    page = client.get("/casussen/").content.decode()
    assert "My organisation&#x27;s cases" in page or "My organisation's cases" in page
