"""Demo data of issue 8 for the helpers' side: a second, half-filled draft (so the overview
shows drafts told apart), and a document the helper added after submission that the team
shared with the Dienst of a request (so the liaison's page has one to download).

Walked through the real services; idempotent (nothing is added twice).
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from cases import services
from cases.models import Attachment, Case
from escalation import sharing
from escalation.models import DienstRequest
from escalation.status import VISIBLE_TO_DIENST

DOCUMENT_NAME = "brief-van-de-dienst.pdf"
# The smallest PDF that is one, so the upload check (by content) takes it.
_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << >>\n%%EOF\n"


def seed_documents(*, users: dict[str, User]) -> int:
    """Returns how many things it added (0 when they exist already)."""
    added = 0
    helper = users["helper"]
    if not Case.objects.filter(created_by=helper, subject_name="P. Jansen").exists():
        # Typed, then "Opslaan als concept" before the Dienst was chosen.
        services.case_draft_create(
            user=helper,
            data={
                "subject_type": "burger",
                "subject_name": "P. Jansen",
                "summary": "Beslag op de toeslag na een verhuizing",
            },
        )
        added += 1
    if Attachment.objects.filter(original_name=DOCUMENT_NAME).exists():
        return added
    request = (
        DienstRequest.objects.filter(case__created_by=helper, status__in=VISIBLE_TO_DIENST)
        .select_related("case", "dienst")
        .order_by("pk")
        .first()
    )
    if request is None or not request.case.is_open:
        return added
    attachment = services.attachment_add(
        case=request.case,
        user=helper,
        uploaded=SimpleUploadedFile(DOCUMENT_NAME, _PDF, content_type="application/pdf"),
        description="Brief van de Dienst over de verrekening",
    )
    sharing.attachment_share(request=request, attachment=attachment, actor=users["casemanager"])
    return added + 1
