"""The reminder sweep: find the deadlines that are due soon, today or overdue, and notify
each recipient once per stage, in the app and by e-mail.

Exactly once in the app: a notification row is unique per (deadline, revision of its due
moment, stage, recipient), so concurrent or repeated sweeps cannot create it twice; an
extension raises the revision, so the new due moment is reminded again.

E-mail at least once, duplicates recognisable: the e-mails are claimed (pending -> sending)
``EMAIL_BATCH`` at a time, with one conditional update just before they are sent, and the
batch's sent ones are recorded together after it, also when it stops with an error; its
claimed ones never tried go back to pending. A crash before the claim leaves them
'pending' and the next sweep sends them. An e-mail whose sending failed, or a batch whose
worker was killed outright before recording it, stays 'sending'; once that claim is older
than any task may live (``STALE_CLAIM_AFTER``), a later sweep claims it again and sends it
again, at most ``MAX_EMAIL_ATTEMPTS`` times in all, then marks it 'failed'. A reminder that
never arrives is worse than one that arrives twice, and the stable Message-ID lets mail
systems fold a repeat into one message. See docs/architecture.md "Reminders".
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection as db_connection
from django.db import connections
from django.db.models import F, Q, QuerySet
from django.db.models.sql import UpdateQuery
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User

from .calendar import add_working_days
from .formats import long_date
from .kinds import KINDS, Audience
from .models import Deadline, Notification
from .services import due_moment

logger = logging.getLogger(__name__)
Stage = Notification.Stage
K = Deadline.Kind
Email = Notification.EmailState
# Longer than the sweep task's hard time limit: a claim this old belongs to a dead worker.
STALE_CLAIM_AFTER = timedelta(minutes=15)
MAX_EMAIL_ATTEMPTS = 3
# E-mails claimed, sent and recorded together: three statements a batch, not two an e-mail.
EMAIL_BATCH = 50


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
        .select_related("owner")
        .order_by("due_at", "pk")
    )


def stage_for(deadline: Deadline, now: datetime) -> str:
    if deadline.due_at < now:
        return Stage.OVERDUE
    if timezone.localtime(deadline.due_at).date() == timezone.localtime(now).date():
        return Stage.DUE_TODAY
    return Stage.UPCOMING


def _team_fallback() -> list[User]:
    """Without an owner (no casemanager assigned yet) the leads hear of team deadlines."""
    return list(User.objects.filter(role=Role.LEAD, is_active=True))


def recipients(
    deadline: Deadline, stage: str, liaisons_by_dienst: dict[int, list[User]]
) -> list[tuple[User, str, str]]:
    """Who hears of this deadline at this stage: (user, stage, url) triples."""
    audience = KINDS[deadline.kind].audience
    owner = deadline.owner if deadline.owner_id and deadline.owner.is_active else None
    team = [owner] if owner else _team_fallback()
    if audience is Audience.OWNER:
        return [(owner, stage, deadline.url)] if owner else []
    if audience is Audience.DIENST:
        people = [
            (u, stage, deadline.dienst_url) for u in liaisons_by_dienst.get(deadline.dienst_id, [])
        ]
        if stage == Stage.OVERDUE:
            # The casemanager hears of it too, with the suggestion to climb a rung.
            people += [(u, Stage.OVERDUE_ESCALATE, deadline.url) for u in team]
        return people
    return [(u, stage, deadline.url) for u in team]


def _title(deadline: Deadline, stage: str) -> str:
    ref = deadline.label
    what = deadline.get_kind_display()
    day = long_date(deadline.due_at)
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


def _deliver(notification: Notification, connection=None) -> None:
    """Send the e-mail of a claimed notification (recorded as sent by the caller)."""
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
        connection=connection,
    ).send()


def _claimable(now: datetime) -> Q:
    """Pending e-mails, and claims so old that their worker must have died."""
    return Q(email_state=Email.PENDING) | Q(
        email_state=Email.SENDING,
        email_claimed_at__lt=now - STALE_CLAIM_AFTER,
        email_attempts__lt=MAX_EMAIL_ATTEMPTS,
    )


def _update_returning_pks(qs: QuerySet, **values) -> set[int]:
    """``qs.update(**values)`` in one statement that also says which rows it changed."""
    query = qs.query.chain(UpdateQuery)
    query.add_update_values(values)
    compiler = query.get_compiler(qs.db)
    compiler.pre_sql_setup()  # as QuerySet.update does before it builds the statement
    statement, params = compiler.as_sql()
    database = connections[qs.db]
    pk = database.ops.quote_name(qs.model._meta.pk.column)
    with database.cursor() as cursor:
        cursor.execute(f"{statement} RETURNING {pk}", params)
        return {row[0] for row in cursor.fetchall()}


def _claim(pks: list[int], now: datetime) -> set[int]:
    """Claim these e-mails (pending -> sending) in one conditional update; returns the ones
    this call claimed: a concurrent sender that claimed one first keeps it."""
    return _update_returning_pks(
        Notification.objects.filter(_claimable(now), pk__in=pks),
        email_state=Email.SENDING,
        email_claimed_at=now,
        email_attempts=F("email_attempts") + 1,
    )


def _send_batch(batch: list[Notification], connection) -> int:
    """Claim a batch, send each claimed e-mail, record the batch. Returns how many were sent.

    Three statements per batch, not two per e-mail. Whatever happens, the e-mails sent are
    recorded sent and the ones claimed but never tried go back to pending, so the next
    sweep sends them; only a worker killed outright leaves its batch claimed, to be sent
    once the claims are stale."""
    now = timezone.now()
    claimed = _claim([n.pk for n in batch], now)
    sent, untried = [], [n for n in batch if n.pk in claimed]
    try:
        while untried:
            notification = untried.pop(0)
            if not notification.recipient.email:
                Notification.objects.filter(pk=notification.pk).update(email_state=Email.NONE)
                continue
            try:
                _deliver(notification, connection)
            except SoftTimeLimitExceeded:
                # The task is out of time: stop here; this claim is retried once it is stale.
                raise
            except Exception:
                # Left 'sending': tried again once the claim is stale (module docstring).
                logger.exception(
                    "reminder e-mail failed", extra={"notification_id": notification.pk}
                )
                connection.close()
            else:
                sent.append(notification.pk)
    finally:
        if sent:
            Notification.objects.filter(pk__in=sent).update(
                email_state=Email.SENT, emailed_at=timezone.now()
            )
        if untried:
            Notification.objects.filter(
                pk__in=[n.pk for n in untried], email_state=Email.SENDING, email_claimed_at=now
            ).update(email_state=Email.PENDING, email_attempts=F("email_attempts") - 1)
    return len(sent)


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
        for recipient, recipient_stage, url in recipients(deadline, stage, liaisons_by_dienst):
            wanted[(deadline.pk, deadline.revision, recipient_stage, recipient.pk)] = Notification(
                recipient=recipient,
                deadline=deadline,
                deadline_revision=deadline.revision,
                stage=recipient_stage,
                title=_title(deadline, recipient_stage),
                url=url,
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
    """Send the e-mails of pending notifications (and of stale claims), claimed a batch at
    a time just before they are sent, so a concurrent sender skips them."""
    sent = 0
    now = timezone.now()
    _give_up_on_stale_claims(now)
    todo = (
        Notification.objects.filter(_claimable(now))
        .select_related("recipient")
        .order_by("pk")[:limit]
    )
    # One connection to the mail server for the whole batch: opening one per e-mail costs
    # more than the e-mail itself. After a failure it is closed, so the next one reconnects.
    connection = get_connection()
    # Each batch's claim and its "sent" are commits of their own. PostgreSQL need not wait
    # for them to reach the disk: a claim or record lost in a database crash means the
    # e-mail is sent once more (at least once, as always), never that it is lost.
    lazy_commits = db_connection.vendor == "postgresql"
    if lazy_commits:
        with db_connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF")
    try:
        todo = list(todo)
        for start in range(0, len(todo), EMAIL_BATCH):
            sent += _send_batch(todo[start : start + EMAIL_BATCH], connection)
    finally:
        connection.close()
        if lazy_commits:
            with db_connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")
    return sent


def _give_up_on_stale_claims(now: datetime) -> int:
    """Claims that went stale after the last allowed attempt end as 'failed'."""
    return Notification.objects.filter(
        email_state=Email.SENDING,
        email_claimed_at__lt=now - STALE_CLAIM_AFTER,
        email_attempts__gte=MAX_EMAIL_ATTEMPTS,
    ).update(email_state=Email.FAILED)


def failed_emails() -> QuerySet[Notification]:
    """E-mails that could not be sent after every attempt; check the mail server."""
    return Notification.objects.filter(email_state=Email.FAILED)
