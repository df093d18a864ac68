"""The e-mails that announce a submitted case and a new message, each sent once.

Claim first (a conditional update of the outbox column), send, and release the claim when
sending fails, so a retry or the outbox task sends it later.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import Case, CaseStatus, Message


def message_notification_send(*, message_id: int) -> bool:
    """E-mail the other side about a new message, once. Returns whether it sent."""
    claimed = Message.objects.filter(
        pk=message_id, notified_at__isnull=True, internal=False
    ).update(notified_at=timezone.now())
    if not claimed:
        return False
    message = Message.objects.select_related("case__created_by", "case__assignee", "author").get(
        pk=message_id
    )
    case = message.case
    recipient = case.created_by if message.author.is_team else case.assignee
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


def outbox_send(*, older_than: timedelta = timedelta(minutes=2)) -> dict[str, int]:
    """Send what was never sent: confirmations and message e-mails whose task was lost
    (the broker was down at commit time, or the worker died). Safe to run at any time:
    each send claims its row first. Rows younger than ``older_than`` are left to their
    own task, which is probably on its way."""
    sent = {"confirmations": 0, "messages": 0}
    stale = timezone.now() - older_than
    for case_id in Case.objects.filter(
        confirmation_sent_at__isnull=True, submitted_at__lt=stale
    ).values_list("pk", flat=True)[:500]:
        sent["confirmations"] += case_confirmation_send(case_id=case_id)
    for message_id in Message.objects.filter(
        notified_at__isnull=True, internal=False, created_at__lt=stale
    ).values_list("pk", flat=True)[:500]:
        sent["messages"] += message_notification_send(message_id=message_id)
    return sent
