"""Uploads of a case: checked for size and real type, stored under random names."""

import logging

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from belangenbehartiger.errors import InvalidInput, TransitionNotAllowed

from .. import uploads
from ..models import Attachment, Case, CaseEvent

logger = logging.getLogger(__name__)


def delete_files(names: list[str]) -> None:
    for name in names:
        Attachment.file.field.storage.delete(name)


@transaction.atomic
def attachment_add(*, case: Case, user: User, uploaded: UploadedFile) -> Attachment:
    """Store an upload after checking its size and its real type (from its content)."""
    if not case.is_draft and not case.is_open:
        raise TransitionNotAllowed(_("Bij een afgesloten casus kunnen geen bijlagen meer."))
    if case.attachments.count() >= settings.ATTACHMENTS_PER_CASE:
        raise InvalidInput(
            _("Er kunnen maximaal %(n)d bijlagen bij een casus.")
            % {"n": settings.ATTACHMENTS_PER_CASE},
            field="file",
        )
    content_type = uploads.check_upload(uploaded)
    attachment = Attachment(
        case=case,
        original_name=uploads.safe_display_name(uploaded.name),
        content_type=content_type,
        size=uploaded.size,
        uploaded_by=user,
    )
    attachment.file.save("upload", uploaded, save=False)
    stored_name = attachment.file.name
    try:
        attachment.save()
        CaseEvent.objects.create(
            case=case,
            kind=CaseEvent.Kind.ATTACHMENT_ADDED,
            actor=user,
            reason=attachment.original_name,
        )
    except Exception:
        delete_files([stored_name])
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, user: User) -> None:
    case = attachment.case
    if not case.is_draft:
        raise TransitionNotAllowed(_("Alleen bijlagen van een concept kunnen worden verwijderd."))
    name = attachment.file.name
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.ATTACHMENT_REMOVED,
        actor=user,
        reason=attachment.original_name,
    )
    attachment.delete()
    transaction.on_commit(lambda: delete_files([name]))
