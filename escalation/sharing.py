"""Writes of the documents the team shares with a Dienst: sharing one of the case's
attachments with the Dienst of a request, and recording each download by its liaisons.

Kept beside services.py (as triage keeps its decisions in decisions.py): the ladder's
services are about requests and rungs, this is about which file a Dienst may have.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import Role, User
from belangenbehartiger.errors import InvalidInput, NotPermitted, TransitionNotAllowed
from cases import services as case_services
from cases.models import Attachment
from deadlines import services as clocks
from deadlines.models import Notification

from .models import AttachmentDownload, AttachmentShare, DienstRequest
from .status import REQUEST_STATUSES, SHAREABLE_STATUSES


@transaction.atomic
def attachment_share(
    *, request: DienstRequest, attachment: Attachment, actor: User
) -> AttachmentShare:
    """Let the Dienst of ``request`` see and download ``attachment`` (team only).

    The document must belong to the request's case, and the request must still be one the
    Dienst has or will get (not withdrawn or refused). Its liaisons are told when they can
    see the request already; a request awaiting approval shows it once sent.
    """
    if not actor.is_team:
        raise NotPermitted(_("Alleen het team deelt stukken met een Dienst."))
    if attachment.case_id != request.case_id:
        raise InvalidInput(_("Deze bijlage hoort niet bij de casus van dit verzoek."))
    if request.status not in SHAREABLE_STATUSES:
        raise TransitionNotAllowed(
            _("Met een verzoek met status ‘%(s)s’ deelt u geen stukken meer.")
            % {"s": request.get_status_display()},
        )
    try:
        with transaction.atomic():
            share = AttachmentShare.objects.create(
                request=request, attachment=attachment, shared_by=actor
            )
    except IntegrityError:
        raise InvalidInput(
            _("Deze bijlage is al gedeeld met %(d)s.") % {"d": request.dienst.name},
            field="request",
        ) from None
    if REQUEST_STATUSES[request.status].visible_to_dienst:
        clocks.notify(
            recipients=User.objects.filter(
                role=Role.LIAISON, is_active=True, organisation__dienst=request.dienst_id
            ),
            stage=Notification.Stage.EVENT,
            title=_("Nieuw stuk bij een verzoek van de Belangenbehartiger (%(ref)s)")
            % {"ref": request.case.reference},
            url=f"/dienst/verzoeken/{request.pk}/#stukken",
        )
    return share


@transaction.atomic
def attachment_download_record(*, share: AttachmentShare, user: User) -> AttachmentDownload:
    """A liaison downloads a shared document: who, which and when is kept, and, as for every
    look at a case's personal data, a personal-data view of the case."""
    if user.role != Role.LIAISON or user.dienst_id != share.request.dienst_id:
        raise NotPermitted(_("Alleen de Dienst van het verzoek downloadt dit stuk."))
    case_services.personal_data_access_record(
        case=share.request.case, user=user, operation="document.download"
    )
    return AttachmentDownload.objects.create(share=share, downloaded_by=user)
