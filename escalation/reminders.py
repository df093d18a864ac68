"""The reminder sweep: find the deadlines that are due soon, today or overdue, and notify
each recipient once per stage, in the app and by e-mail.

Exactly once: a notification row is unique per (deadline, revision of its due moment, stage,
recipient), so concurrent or repeated sweeps cannot create it twice; an extension raises the
revision, so the new due moment is reminded again. Each e-mail is claimed (pending ->
sending) with a conditional update just before it is sent and marked sent after: a crash
between sending and recording leaves it 'sending', which is never sent again (at most once);
a crash before the claim leaves it 'pending', and the next sweep sends it.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User

from .calendar import add_working_days
from .deadlines import due_moment
from .models import Deadline, Notification

logger = logging.getLogger(__name__)
Stage = Notification.Stage
K = Deadline.Kind


@dataclass
class SweepResult:
    candidates: int = 0
    notifications: int = 0
    emails: int = 0


def reminder_days() -> int:
    return settings.REMINDER_DAYS_BEFORE


def due_candidates(now: datetime) -> QuerySet[Deadline]:
    """Open, running deadlines due within the reminder window (one indexed range query)."""
    horizon = due_moment(add_working_days(timezone.localtime(now).date(), reminder_days()))
    return (
        Deadline.objects.filter(
            status=Deadline.Status.OPEN, paused_at__isnull=True, due_at__lte=horizon
        )
        .select_related("case__assignee", "case__created_by", "request__dienst")
        .order_by("due_at", "pk")
    )


def stage_for(deadline: Deadline, now: datetime) -> str:
    if deadline.due_at < now:
        return Stage.OVERDUE
    if timezone.localtime(deadline.due_at).date() == timezone.localtime(now).date():
        return Stage.DUE_TODAY
    return Stage.UPCOMING


def _team_fallback() -> list[User]:
    """Without an assigned casemanager the leads hear of team deadlines."""
    return list(User.objects.filter(role=Role.LEAD, is_active=True))


def recipients(
    deadline: Deadline, stage: str, liaisons_by_dienst: dict[int, list[User]]
) -> list[tuple[User, str]]:
    """Who hears of this deadline at this stage: (user, stage) pairs."""
    case = deadline.case
    team = [case.assignee] if case.assignee_id else _team_fallback()
    if deadline.is_dienst_deadline:
        people = [(u, stage) for u in liaisons_by_dienst.get(deadline.request.dienst_id, [])]
        if stage == Stage.OVERDUE:
            # The casemanager hears of it too, with the suggestion to climb a rung.
            people += [(u, Stage.OVERDUE_ESCALATE) for u in team]
        return people
    if deadline.kind == K.HELPER_ANSWER:
        return [(case.created_by, stage)] if case.created_by.is_active else []
    return [(u, stage) for u in team]


def _title(deadline: Deadline, stage: str) -> str:
    ref = deadline.case.reference
    what = deadline.get_kind_display()
    day = timezone.localtime(deadline.due_at).date().strftime("%d-%m-%Y")
    if stage == Stage.OVERDUE_ESCALATE:
        return _("Termijn verlopen bij %(ref)s (%(what)s): overweeg de volgende trede") % {
            "ref": ref,
            "what": what,
        }
    if stage == Stage.OVERDUE:
        return _("Termijn verlopen bij %(ref)s: %(what)s (was %(day)s)") % {
            "ref": ref,
            "what": what,
            "day": day,
        }
    if stage == Stage.DUE_TODAY:
        return _("Vandaag uiterlijk bij %(ref)s: %(what)s") % {"ref": ref, "what": what}
    return _("Binnenkort bij %(ref)s: %(what)s, uiterlijk %(day)s") % {
        "ref": ref,
        "what": what,
        "day": day,
    }


def _url(deadline: Deadline, recipient: User) -> str:
    if recipient.role == Role.LIAISON and deadline.request_id:
        return f"/dienst/verzoeken/{deadline.request_id}/"
    return f"/casussen/{deadline.case.reference}/"


def _deliver(notification: Notification) -> None:
    """Send the e-mail of a claimed notification and record it as sent."""
    body = "\n\n".join(
        [
            notification.title,
            _("Bekijk het na inloggen: %(url)s") % {"url": settings.SITE_URL + notification.url},
            _("Om uw privacy te beschermen staan er geen persoonsgegevens in deze e-mail."),
        ]
    )
    EmailMessage(
        subject=notification.title,
        body=body,
        to=[notification.recipient.email],
        # A stable id lets mail systems recognise the message as one and the same.
        headers={"Message-ID": f"<notification-{notification.pk}@belangenbehartiger>"},
    ).send()
    Notification.objects.filter(pk=notification.pk).update(
        email_state=Notification.EmailState.SENT, emailed_at=timezone.now()
    )


def send_email(notification: Notification) -> bool:
    """Claim, send, record one notification's e-mail. Returns whether this call sent it."""
    claimed = Notification.objects.filter(
        pk=notification.pk, email_state=Notification.EmailState.PENDING
    ).update(email_state=Notification.EmailState.SENDING, email_claimed_at=timezone.now())
    if not claimed:
        return False
    if not notification.recipient.email:
        Notification.objects.filter(pk=notification.pk).update(
            email_state=Notification.EmailState.NONE
        )
        return False
    _deliver(notification)
    return True


def reminder_sweep(*, now: datetime | None = None) -> SweepResult:
    """One sweep: notify about due deadlines, then send the e-mails still pending."""
    now = now or timezone.now()
    result = SweepResult()
    liaisons_by_dienst: dict[int, list[User]] = {}
    for liaison in User.objects.filter(role=Role.LIAISON, is_active=True).select_related(
        "organisation"
    ):
        liaisons_by_dienst.setdefault(liaison.organisation.dienst_id, []).append(liaison)
    upcoming_from = {}
    wanted: dict[tuple[int, int, str, int], Notification] = {}
    for deadline in due_candidates(now).iterator(chunk_size=500):
        result.candidates += 1
        due_day = timezone.localtime(deadline.due_at).date()
        if due_day not in upcoming_from:
            upcoming_from[due_day] = add_working_days(due_day, -reminder_days())
        stage = stage_for(deadline, now)
        if stage == Stage.UPCOMING and timezone.localtime(now).date() < upcoming_from[due_day]:
            continue
        for recipient, recipient_stage in recipients(deadline, stage, liaisons_by_dienst):
            wanted[(deadline.pk, deadline.revision, recipient_stage, recipient.pk)] = Notification(
                recipient=recipient,
                deadline=deadline,
                deadline_revision=deadline.revision,
                stage=recipient_stage,
                title=_title(deadline, recipient_stage),
                url=_url(deadline, recipient),
            )
    result.notifications = _create_missing(wanted)
    result.emails = send_pending_emails()
    return result


def _create_missing(wanted: dict[tuple[int, int, str, int], Notification]) -> int:
    """Insert the notifications that do not exist yet. The unique constraint settles races
    with a concurrent sweep (ignore_conflicts); returns how many this sweep tried to add."""
    existing = set()
    keys = list(wanted)
    for start in range(0, len(keys), 1000):
        chunk = keys[start : start + 1000]
        existing.update(
            Notification.objects.filter(deadline_id__in={k[0] for k in chunk}).values_list(
                "deadline_id", "deadline_revision", "stage", "recipient_id"
            )
        )
    missing = [n for key, n in wanted.items() if key not in existing]
    Notification.objects.bulk_create(missing, batch_size=500, ignore_conflicts=True)
    return len(missing)


def send_pending_emails(limit: int = 5000) -> int:
    """Send the e-mails of pending notifications, each claimed just before it is sent, so a
    concurrent sender skips it and a crash leaves at most that one e-mail in doubt."""
    sent = 0
    pending = (
        Notification.objects.filter(email_state=Notification.EmailState.PENDING)
        .select_related("recipient")
        .order_by("pk")[:limit]
    )
    for notification in pending:
        try:
            sent += send_email(notification)
        except Exception:
            # Left 'sending': sending it again might deliver it twice (see stuck_emails).
            logger.exception("reminder e-mail failed", extra={"notification_id": notification.pk})
    return sent


def stuck_emails(older_than: timedelta = timedelta(minutes=30)) -> QuerySet[Notification]:
    """E-mails claimed but never recorded as sent: a crash or an SMTP error; check by hand."""
    return Notification.objects.filter(
        email_state=Notification.EmailState.SENDING,
        email_claimed_at__lt=timezone.now() - older_than,
    )
