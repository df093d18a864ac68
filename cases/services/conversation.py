"""The conversation about a case and the e-mails that announce it."""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from belangenbehartiger.errors import (
    InvalidInput,
)

from ..models import (
    Case,
    CaseStatus,
    Message,
)
from .lifecycle import case_transition

logger = logging.getLogger(__name__)


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
    from ..tasks import send_message_notification

    body = (body or "").strip()
    if not body:
        raise InvalidInput(_("Het bericht is leeg."), field="body")
    if internal and not author.is_team:
        raise InvalidInput(_("Alleen het team maakt interne notities."), field="internal")
    message = Message.objects.create(
        case=case,
        author=author,
        body=body,
        kind=Message.Kind.NOTE if internal else kind,
        internal=internal,
    )
    if not internal:
        transaction.on_commit(lambda: send_message_notification.delay(message.pk))
    return message


def helper_answer(*, case: Case, helper: User, body: str) -> Message:
    """The helper answers a request for information: the case returns to triage."""
    with transaction.atomic():
        message = message_post(case=case, author=helper, body=body, kind=Message.Kind.ANSWER)
        case_transition(
            case=case,
            to_status=CaseStatus.IN_TRIAGE,
            actor=helper,
            reason=_("De hulpverlener heeft de gevraagde informatie gegeven."),
        )
    return message


def message_notification_send(*, message_id: int) -> bool:
    """E-mail the other side about a new message, once. Returns whether it sent."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.utils import translation

    claimed = Message.objects.filter(
        pk=message_id, notified_at__isnull=True, internal=False
    ).update(notified_at=timezone.now())
    if not claimed:
        return False
    message = Message.objects.select_related("case__created_by", "case__assignee", "author").get(
        pk=message_id
    )
    case = message.case
    recipient = case.assignee if message.author.is_team is False else case.created_by
    if recipient is None or not recipient.email or recipient.pk == message.author_id:
        return False
    try:
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Nieuw bericht over casus %(reference)s") % {"reference": case.reference}
            body = render_to_string(
                "cases/email/message_notification.txt",
                {"case": case, "message": message, "site_url": settings.SITE_URL},
            )
        send_mail(subject, body, None, [recipient.email])
    except Exception:
        Message.objects.filter(pk=message_id).update(notified_at=None)
        raise
    return True


def case_confirmation_send(*, case_id: int) -> bool:
    """Send the helper the confirmation of a submitted case, once. Returns whether it sent."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.utils import translation

    claimed = (
        Case.objects.filter(pk=case_id, confirmation_sent_at__isnull=True)
        .exclude(status=CaseStatus.DRAFT)
        .update(confirmation_sent_at=timezone.now())
    )
    if not claimed:
        return False
    case = Case.objects.select_related("created_by").get(pk=case_id)
    recipient = case.created_by.email
    if not recipient:
        return False
    try:
        with translation.override(settings.LANGUAGE_CODE):
            context = {"case": case, "site_url": settings.SITE_URL}
            subject = _("Casus %(reference)s is ontvangen") % {"reference": case.reference}
            body = render_to_string("cases/email/submission_confirmation.txt", context)
        send_mail(subject, body, None, [recipient])
    except Exception:
        # Release the claim so a retry can send it.
        Case.objects.filter(pk=case_id).update(confirmation_sent_at=None)
        raise
    return True
