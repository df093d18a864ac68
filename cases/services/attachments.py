"""Uploads of a case: checked for size and real type, stored under random names.

The helper attaches documents while filling in the draft and, like the team, after
submission (a beschikking the team asked for, a letter of the Dienst) for as long as the
case is open. A document added after submission is announced to the other side."""

import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from belangenbehartiger.errors import InvalidInput, NotPermitted, TransitionNotAllowed
from deadlines import services as clocks

from .. import uploads
from ..models import Attachment, Case, CaseEvent

logger = logging.getLogger(__name__)


def delete_files(names: list[str]) -> None:
    for name in names:
        Attachment.file.field.storage.delete(name)


def _require_may_attach(case: Case, user: User) -> None:
    """The helpers of the submitting organisation and the team; a draft only its helpers."""
    helper_of_case = user.is_helper and user.organisation_id == case.organisation_id
    if not (helper_of_case or (user.is_team and not case.is_draft)):
        raise NotPermitted(
            _("Alleen de hulpverlener van de casus en het team voegen bijlagen toe.")
        )
    if not case.is_draft and not case.is_open:
        raise TransitionNotAllowed(_("Bij een afgesloten casus kunnen geen bijlagen meer."))


def attachments_check(*, case: Case, user: User, files: Sequence[UploadedFile]) -> None:
    """Everything that would refuse these uploads, checked before any of them is stored:
    who, whether the case still takes documents, how many, and each file's size and type."""
    _require_may_attach(case, user)
    if case.attachments.count() + len(files) > settings.ATTACHMENTS_PER_CASE:
        raise InvalidInput(
            _("Er kunnen maximaal %(n)d bijlagen bij een casus.")
            % {"n": settings.ATTACHMENTS_PER_CASE},
            field="file",
        )
    for uploaded in files:
        uploads.check_upload(uploaded)


@transaction.atomic
def attachment_add(
    *,
    case: Case,
    user: User,
    uploaded: UploadedFile,
    description: str = "",
    announce: bool = True,
) -> Attachment:
    """Store an upload after checking its size and its real type (from its content).
    ``announce=False`` when the caller tells the other side itself (an answer with files)."""
    attachments_check(case=case, user=user, files=[uploaded])
    content_type = uploads.check_upload(uploaded)
    attachment = Attachment(
        case=case,
        original_name=uploads.safe_display_name(uploaded.name),
        description=description.strip()[:200],
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
        if announce and not case.is_draft:
            _announce(case, user)
    except Exception:
        delete_files([stored_name])
        raise
    return attachment


def _announce(case: Case, user: User) -> None:
    """The other side hears of a new document: the casemanager when the helper adds one,
    the helper who submitted the case when the team does."""
    recipient = case.assignee if user.is_helper else case.created_by
    if recipient is None or recipient.pk == user.pk:
        return
    clocks.notify(
        recipients=[recipient],
        title=_("Nieuwe bijlage bij casus %(reference)s") % {"reference": case.reference},
        url=f"/casussen/{case.reference}/#bijlagen",
    )


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
