"""The conversation about a case: messages between the team and the helper's organisation."""

from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from belangenbehartiger.errors import InvalidInput, TransitionNotAllowed
from belangenbehartiger.queue import enqueue_on_commit

from ..models import Case, CaseStatus, Message
from .attachments import attachment_add, attachments_check
from .transition import case_transition


@transaction.atomic
def message_post(
    *,
    case: Case,
    author: User,
    body: str,
    kind: str = Message.Kind.MESSAGE,
    internal: bool = False,
) -> Message:
    """Add to the conversation of a case; the other side hears of it by e-mail after commit.

    Internal notes are for the team only and notify no one.
    """
    body = (body or "").strip()
    if not body:
        raise InvalidInput(_("Het bericht is leeg."), field="body")
    if internal and not author.is_team:
        raise InvalidInput(_("Alleen het team maakt interne notities."), field="internal")
    if case.status in (CaseStatus.DRAFT, CaseStatus.CLOSED):
        raise TransitionNotAllowed(
            _("Bij een afgesloten casus kunnen geen berichten meer worden geplaatst.")
        )
    message = Message.objects.create(
        case=case,
        author=author,
        body=body,
        kind=Message.Kind.NOTE if internal else kind,
        internal=internal,
    )
    if not internal:
        enqueue_on_commit("cases.tasks.send_message_notification", message.pk)
    return message


def helper_answer(
    *, case: Case, helper: User, body: str, files: Sequence[UploadedFile] = ()
) -> Message:
    """The helper answers a request for information, with the documents asked for if any:
    the case returns to triage. Every file is checked before anything is stored, so a bad
    one refuses the whole answer and the helper can send it again as it was meant."""
    if files:
        attachments_check(case=case, user=helper, files=files)
    with transaction.atomic():
        message = message_post(case=case, author=helper, body=body, kind=Message.Kind.ANSWER)
        case_transition(
            case=case,
            to_status=CaseStatus.IN_TRIAGE,
            actor=helper,
            reason=_("De hulpverlener heeft de gevraagde informatie gegeven."),
        )
        for uploaded in files:
            attachment_add(case=case, user=helper, uploaded=uploaded, announce=False)
    return message


def conversation_post(*, case: Case, author: User, body: str, internal: bool = False) -> Message:
    """What a person writes on the case page or through the API, the same on both.

    A helper's message while the team waits for information is the answer to its question.
    """
    if not (author.is_team or author.is_helper):
        raise InvalidInput(_("Alleen het team en de hulpverlener schrijven hier berichten."))
    if author.is_helper and case.status == CaseStatus.INFO_REQUESTED:
        return helper_answer(case=case, helper=author, body=body)
    return message_post(case=case, author=author, body=body, internal=internal)
