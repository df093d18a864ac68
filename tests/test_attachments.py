"""Documents after submission: the helper and the team attach them on the case page, in the
answer to a question and through the API, with the intake's type and size checks; the team
shares one with the Dienst of a request, whose liaisons download it through a checked,
recorded view."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AccessRecord
from belangenbehartiger.errors import InvalidInput, NotPermitted, TransitionNotAllowed
from cases import services
from cases.models import Attachment, CaseStatus, Message
from casework import steps
from deadlines.models import Notification
from escalation import services as ladder
from escalation import sharing
from escalation.models import AttachmentDownload, AttachmentShare
from triage.decisions import case_decide

from . import factories
from .factories import accepted_case, api, proposal
from .test_query_counts import assert_constant

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NOT_A_PDF = b"Dit is platte tekst met de naam van een PDF.\n"


def pdf(name: str = "beschikking.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def question_case(helper, casemanager):
    case = factories.submitted_case(by=helper)
    case_decide(
        case=case,
        actor=casemanager,
        decision="request_info",
        question="Stuur de beschikking mee.",
    )
    return case


# --- the case page ----------------------------------------------------------------------------


def test_helper_attaches_a_document_to_a_submitted_case_and_the_casemanager_hears_of_it(
    client, helper, casemanager
):
    case = accepted_case(helper=helper, casemanager=casemanager)
    client.force_login(helper)

    response = client.post(
        f"/casussen/{case.reference}/bijlagen/",
        {"file": pdf(), "description": "Beschikking van 3 maart"},
    )

    assert response.status_code == 302
    assert response.url == f"/casussen/{case.reference}/#bijlagen"
    attachment = case.attachments.get()
    assert (attachment.original_name, attachment.description, attachment.uploaded_by) == (
        "beschikking.pdf",
        "Beschikking van 3 maart",
        helper,
    )
    notice = Notification.objects.get(recipient=casemanager, title__startswith="Nieuwe bijlage")
    assert notice.url == f"/casussen/{case.reference}/#bijlagen"
    page = client.get(f"/casussen/{case.reference}/").content.decode()
    assert "Beschikking van 3 maart" in page


def test_the_team_attaches_a_letter_and_the_helper_sees_it(client, helper, casemanager):
    case = accepted_case(helper=helper, casemanager=casemanager)
    client.force_login(casemanager)

    client.post(
        f"/casussen/{case.reference}/bijlagen/",
        {"file": pdf("brief-dienst.pdf"), "description": "Brief van de Belastingdienst"},
    )

    assert Notification.objects.filter(recipient=helper, title__contains=case.reference).exists()
    client.force_login(helper)
    assert "brief-dienst.pdf" in client.get(f"/casussen/{case.reference}/").content.decode()


def test_a_fake_pdf_after_submission_is_refused_on_the_case_page(client, helper, casemanager):
    case = accepted_case(helper=helper, casemanager=casemanager)
    client.force_login(helper)

    response = client.post(
        f"/casussen/{case.reference}/bijlagen/", {"file": pdf(content=NOT_A_PDF)}
    )

    assert response.status_code == 400
    assert "Dit bestand is geen echte PDF." in response.content.decode()
    assert not case.attachments.exists()


def test_no_documents_on_a_closed_case(client, helper, casemanager):
    case = factories.submitted_case(by=helper)
    steps.case_withdraw(case=case, user=helper, reason="Opgelost")
    steps.case_close(case=case, user=casemanager, outcome="withdrawn")
    client.force_login(helper)

    response = client.post(f"/casussen/{case.reference}/bijlagen/", {"file": pdf()})

    assert response.status_code == 400
    assert not case.attachments.exists()


def test_another_organisation_gets_404_and_other_roles_403(
    client, helper, other_helper, casemanager, liaison, analyst
):
    case = accepted_case(helper=helper, casemanager=casemanager)
    url = f"/casussen/{case.reference}/bijlagen/"
    client.force_login(other_helper)
    assert client.post(url, {"file": pdf()}).status_code == 404
    for user in (liaison, analyst):
        client.force_login(user)
        assert client.post(url, {"file": pdf()}).status_code == 403
    assert not case.attachments.exists()


def test_the_service_refuses_someone_outside_the_case(other_helper, helper, casemanager):
    case = accepted_case(helper=helper, casemanager=casemanager)
    with pytest.raises(NotPermitted):
        from cases import services

        services.attachment_add(case=case, user=other_helper, uploaded=pdf())


# --- the answer to a question ---------------------------------------------------------------


def test_the_helper_answers_a_question_with_the_documents_asked_for(client, helper, casemanager):
    case = question_case(helper, casemanager)
    client.force_login(helper)

    response = client.post(
        f"/casussen/{case.reference}/antwoord/",
        {"body": "Hierbij de beschikking.", "files": [pdf(), pdf("bijlage-2.pdf")]},
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_TRIAGE
    assert case.messages.get(author=helper).kind == Message.Kind.ANSWER
    assert sorted(a.original_name for a in case.attachments.all()) == [
        "beschikking.pdf",
        "bijlage-2.pdf",
    ]


def test_one_bad_file_refuses_the_whole_answer_and_keeps_its_text(client, helper, casemanager):
    case = question_case(helper, casemanager)
    client.force_login(helper)

    response = client.post(
        f"/casussen/{case.reference}/antwoord/",
        {"body": "Hierbij de stukken.", "files": [pdf(), pdf("nep.pdf", NOT_A_PDF)]},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Dit bestand is geen echte PDF." in page
    assert "Hierbij de stukken." in page
    case.refresh_from_db()
    assert case.status == CaseStatus.INFO_REQUESTED
    assert not case.attachments.exists()
    assert not case.messages.filter(author=helper).exists()


# --- the API ------------------------------------------------------------------------------------


def test_api_helper_posts_a_document_and_lists_it(helper, casemanager):
    case = accepted_case(helper=helper, casemanager=casemanager)
    client = api(helper)
    url = f"/api/v1/cases/{case.reference}/attachments/"

    created = client.post(url, {"file": pdf(), "description": "Beschikking"}, format="multipart")

    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["name"], body["description"], body["content_type"]) == (
        "beschikking.pdf",
        "Beschikking",
        "application/pdf",
    )
    assert body["download_url"] == f"/casussen/{case.reference}/bijlagen/{body['id']}/"
    listed = client.get(url).json()
    assert listed["count"] == 1
    assert listed["results"][0]["id"] == body["id"]


def test_api_the_team_posts_a_document_too(helper, casemanager):
    case = accepted_case(helper=helper, casemanager=casemanager)
    response = api(casemanager).post(
        f"/api/v1/cases/{case.reference}/attachments/", {"file": pdf()}, format="multipart"
    )
    assert response.status_code == 201


def test_api_a_fake_pdf_is_a_400_on_the_file_field(helper, casemanager):
    case = accepted_case(helper=helper, casemanager=casemanager)
    response = api(helper).post(
        f"/api/v1/cases/{case.reference}/attachments/",
        {"file": pdf(content=NOT_A_PDF)},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["file"][0].startswith("Dit bestand is geen echte PDF.")
    assert not case.attachments.exists()


def test_api_an_oversized_file_is_a_400(helper, casemanager, settings):
    settings.ATTACHMENT_MAX_BYTES = 20
    case = accepted_case(helper=helper, casemanager=casemanager)
    response = api(helper).post(
        f"/api/v1/cases/{case.reference}/attachments/", {"file": pdf()}, format="multipart"
    )
    assert response.status_code == 400
    assert "te groot" in response.json()["file"][0]


def test_api_an_unknown_key_is_a_400_naming_it(helper, casemanager):
    case = accepted_case(helper=helper, casemanager=casemanager)
    response = api(helper).post(
        f"/api/v1/cases/{case.reference}/attachments/",
        {"file": pdf(), "shared_with": "belastingdienst"},
        format="multipart",
    )
    assert response.status_code == 400
    assert "shared_with" in response.json()


def test_api_others_get_404(helper, other_helper, casemanager, liaison, analyst):
    case = accepted_case(helper=helper, casemanager=casemanager)
    proposal(case, casemanager)
    url = f"/api/v1/cases/{case.reference}/attachments/"
    for user in (other_helper, liaison, analyst):
        assert api(user).get(url).status_code == 404
        assert api(user).post(url, {"file": pdf()}, format="multipart").status_code == 404
    assert not case.attachments.exists()


# --- sharing with the Dienst ----------------------------------------------------------------------


@pytest.fixture
def shared(helper, casemanager, liaison):
    case = accepted_case(helper=helper, casemanager=casemanager)
    request = proposal(case, casemanager)
    attachment = services.attachment_add(case=case, user=helper, uploaded=pdf())
    return case, request, attachment


def test_the_team_shares_a_document_after_confirming_and_the_liaison_downloads_it(
    client, shared, casemanager, liaison
):
    case, request, attachment = shared
    client.force_login(casemanager)
    url = f"/casussen/{case.reference}/bijlagen/{attachment.pk}/delen/"
    confirm = client.get(url).content.decode()
    assert "Delen kan niet ongedaan worden gemaakt." in confirm

    response = client.post(url, {"request": request.pk})

    assert response.status_code == 302
    share = AttachmentShare.objects.get()
    assert (share.request, share.attachment, share.shared_by) == (request, attachment, casemanager)
    assert Notification.objects.filter(recipient=liaison, url__endswith="#stukken").exists()

    client.force_login(liaison)
    page = client.get(f"/dienst/verzoeken/{request.pk}/").content.decode()
    assert "beschikking.pdf" in page
    download = client.get(f"/dienst/verzoeken/{request.pk}/stukken/{share.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert AttachmentDownload.objects.get().downloaded_by == liaison
    assert AccessRecord.objects.filter(user=liaison, name="document.download").count() == 1

    client.force_login(casemanager)
    team_page = client.get(f"/casussen/{case.reference}/").content.decode()
    assert "gedownload door" in team_page


def test_a_document_not_shared_is_not_there_for_the_liaison(client, shared, helper, liaison):
    case, request, attachment = shared
    other = services.attachment_add(case=case, user=helper, uploaded=pdf("intern.pdf"))
    sharing.attachment_share(request=request, attachment=attachment, actor=request.author)
    client.force_login(liaison)
    page = client.get(f"/dienst/verzoeken/{request.pk}/").content.decode()
    assert "intern.pdf" not in page
    # The case's own download stays closed to the liaison, for any attachment.
    assert client.get(f"/casussen/{case.reference}/bijlagen/{other.pk}/").status_code == 404


def test_the_liaison_of_another_dienst_and_the_helper_cannot_download_a_share(
    client, shared, helper
):
    _case, request, attachment = shared
    share = sharing.attachment_share(request=request, attachment=attachment, actor=request.author)
    url = f"/dienst/verzoeken/{request.pk}/stukken/{share.pk}/"
    client.force_login(factories.liaison("toeslagen"))
    assert client.get(url).status_code == 404
    client.force_login(helper)
    assert client.get(url).status_code == 403
    assert not AttachmentDownload.objects.exists()


def test_a_share_id_of_another_request_is_a_404(client, shared, casemanager, liaison, helper):
    _case, request, _attachment = shared
    other_case = accepted_case(helper=helper, casemanager=casemanager)
    other_request = proposal(other_case, casemanager)
    other_attachment = services.attachment_add(case=other_case, user=helper, uploaded=pdf())
    other_share = sharing.attachment_share(
        request=other_request, attachment=other_attachment, actor=casemanager
    )
    client.force_login(liaison)
    assert (
        client.get(f"/dienst/verzoeken/{request.pk}/stukken/{other_share.pk}/").status_code == 404
    )


def test_sharing_refuses_another_cases_document_a_closed_request_and_a_second_time(
    shared, helper, casemanager
):
    case, request, attachment = shared
    other_case = accepted_case(helper=helper, casemanager=casemanager)
    stranger = services.attachment_add(case=other_case, user=helper, uploaded=pdf())
    with pytest.raises(InvalidInput):
        sharing.attachment_share(request=request, attachment=stranger, actor=casemanager)
    sharing.attachment_share(request=request, attachment=attachment, actor=casemanager)
    with pytest.raises(InvalidInput, match="al gedeeld"):
        sharing.attachment_share(request=request, attachment=attachment, actor=casemanager)
    ladder.case_requests_stop(case=case, actor=casemanager)
    request.refresh_from_db()
    second = services.attachment_add(case=case, user=helper, uploaded=pdf("tweede.pdf"))
    with pytest.raises(TransitionNotAllowed):
        sharing.attachment_share(request=request, attachment=second, actor=casemanager)
    with pytest.raises(NotPermitted):
        sharing.attachment_share(request=request, attachment=second, actor=helper)
    assert AttachmentShare.objects.count() == 1


def test_the_share_page_without_a_choice_says_what_to_do(client, shared, casemanager):
    case, _request, attachment = shared
    client.force_login(casemanager)
    response = client.post(f"/casussen/{case.reference}/bijlagen/{attachment.pk}/delen/", {})
    assert response.status_code == 400
    assert "Kies het verzoek waarbij de Dienst het stuk krijgt." in response.content.decode()
    assert not AttachmentShare.objects.exists()


def test_the_share_page_is_for_the_team_only(client, shared, helper):
    case, _request, attachment = shared
    client.force_login(helper)
    url = f"/casussen/{case.reference}/bijlagen/{attachment.pk}/delen/"
    assert client.get(url).status_code == 403


def test_case_page_with_more_documents_and_shares_runs_constant_queries(
    client, shared, helper, casemanager, liaison
):
    case, request, attachment = shared
    # With a download already, so the page runs its every query the first time too.
    share = sharing.attachment_share(request=request, attachment=attachment, actor=casemanager)
    sharing.attachment_download_record(share=share, user=liaison)
    client.force_login(casemanager)

    def more():
        for n in range(3):
            extra = services.attachment_add(case=case, user=helper, uploaded=pdf(f"stuk-{n}.pdf"))
            share = sharing.attachment_share(request=request, attachment=extra, actor=casemanager)
            sharing.attachment_download_record(share=share, user=liaison)

    assert_constant(client, f"/casussen/{case.reference}/", more)


def test_liaison_page_with_more_shared_documents_runs_constant_queries(
    client, shared, helper, casemanager, liaison
):
    case, request, attachment = shared
    sharing.attachment_share(request=request, attachment=attachment, actor=casemanager)
    client.force_login(liaison)

    def more():
        for n in range(3):
            extra = services.attachment_add(case=case, user=helper, uploaded=pdf(f"stuk-{n}.pdf"))
            sharing.attachment_share(request=request, attachment=extra, actor=casemanager)

    assert_constant(client, f"/dienst/verzoeken/{request.pk}/", more)
    assert Attachment.objects.filter(case=case).count() == 4
