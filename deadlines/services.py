"""Writes of the clocks: deadlines opened, paused, resumed, extended, reassigned and closed,
and in-app notifications.

Every app with a clock calls these; each change writes a DeadlineEvent in the same
transaction. ``deadline_transition`` is the only code that changes ``Deadline.status``.
"""

from collections.abc import Iterable
from datetime import date, datetime, time

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Dienst, User
from belangenbehartiger.errors import ConcurrentChange, InvalidInput, TransitionNotAllowed

from .calendar import add_working_days, working_days_between
from .kinds import TRANSITIONS
from .models import Deadline, DeadlineEvent, Notification

E = DeadlineEvent.Kind
S = Deadline.Status


def due_moment(day: date) -> datetime:
    """A deadline runs to the end of its day, Europe/Amsterdam."""
    end = datetime.combine(day, time(23, 59, 59))
    return timezone.make_aware(end, timezone.get_default_timezone())


def deadlines_of(subject: models.Model) -> models.QuerySet[Deadline]:
    """The deadlines that belong to ``subject`` (a case, a request, a commitment)."""
    return Deadline.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
    )


# No savepoint: it raises nothing of its own inside, and its callers are transactions.
@transaction.atomic(savepoint=False)
def deadline_open(
    *,
    subject: models.Model,
    kind: str,
    label: str,
    working_days: int | None = None,
    day: date | None = None,
    owner: User | None = None,
    dienst: Dienst | None = None,
    url: str = "",
    dienst_url: str = "",
    actor: User | None = None,
) -> Deadline:
    """Start a clock: ``working_days`` from today (Atw calendar), or to the end of ``day``."""
    if (working_days is None) == (day is None):
        raise ValueError("give working_days or day")
    if day is None:
        day = add_working_days(timezone.localdate(), working_days)
    deadline = Deadline.objects.create(
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        kind=kind,
        due_at=due_moment(day),
        owner=owner,
        dienst=dienst,
        label=label,
        url=url,
        dienst_url=dienst_url,
    )
    DeadlineEvent.objects.create(
        deadline=deadline, kind=E.OPENED, actor=actor, to_status=S.OPEN, new_due_at=deadline.due_at
    )
    return deadline


def deadline_transition(
    *, deadline: Deadline, to_status: str, actor: User | None = None, reason: str = ""
) -> Deadline:
    """The one place where a deadline's status changes: table check, conditional update,
    event row."""
    from_status = deadline.status
    if to_status not in TRANSITIONS[from_status]:
        raise TransitionNotAllowed(
            _("Een termijn met status ‘%(from)s’ kan niet naar ‘%(to)s’.")
            % {"from": S(from_status).label, "to": S(to_status).label}
        )
    now = timezone.now()
    with transaction.atomic():
        updated = Deadline.objects.filter(pk=deadline.pk, status=from_status).update(
            status=to_status, closed_at=now, paused_at=None
        )
        if not updated:
            raise ConcurrentChange(_("Deze termijn is net door iemand anders gewijzigd."))
        DeadlineEvent.objects.create(
            deadline=deadline,
            kind=E.CLOSED,
            actor=actor,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
        )
    deadline.status, deadline.closed_at, deadline.paused_at = to_status, now, None
    return deadline


def deadlines_close(
    deadlines: models.QuerySet[Deadline],
    *,
    to_status: str,
    actor: User | None = None,
    reason: str = "",
    kinds: Iterable[str] | None = None,
) -> int:
    """Close the open ones of ``deadlines`` (of ``kinds``, when given). Returns how many."""
    qs = deadlines.filter(status=S.OPEN)
    if kinds is not None:
        qs = qs.filter(kind__in=list(kinds))
    closed = 0
    with transaction.atomic():
        for deadline in qs.select_for_update():
            deadline_transition(deadline=deadline, to_status=to_status, actor=actor, reason=reason)
            closed += 1
    return closed


def deadline_close_on_time(*, deadline: Deadline, actor: User | None = None) -> Deadline:
    """Done: met when done before the due moment, missed when late."""
    to_status = S.MET if timezone.now() <= deadline.due_at else S.MISSED
    return deadline_transition(deadline=deadline, to_status=to_status, actor=actor)


def deadlines_done(
    deadlines: models.QuerySet[Deadline], *, kinds: Iterable[str], actor: User | None = None
) -> int:
    """What was due has been done: each open one of ``kinds`` is met, or missed when late."""
    closed = 0
    with transaction.atomic():
        for deadline in deadlines.filter(status=S.OPEN, kind__in=list(kinds)).select_for_update():
            deadline_close_on_time(deadline=deadline, actor=actor)
            closed += 1
    return closed


def deadlines_pause(
    deadlines: models.QuerySet[Deadline], *, kinds: Iterable[str], actor: User | None = None
) -> int:
    """Stop the running clocks of ``kinds`` (the case waits for the helper)."""
    now = timezone.now()
    paused = 0
    with transaction.atomic():
        running = deadlines.filter(status=S.OPEN, paused_at__isnull=True, kind__in=list(kinds))
        for deadline in running.select_for_update():
            Deadline.objects.filter(pk=deadline.pk).update(paused_at=now)
            DeadlineEvent.objects.create(deadline=deadline, kind=E.PAUSED, actor=actor)
            paused += 1
    return paused


def deadlines_resume(
    deadlines: models.QuerySet[Deadline], *, kinds: Iterable[str], actor: User | None = None
) -> int:
    """Restart paused clocks, moving each due moment on by the working days it stood still."""
    resumed = 0
    with transaction.atomic():
        stopped = deadlines.filter(status=S.OPEN, paused_at__isnull=False, kind__in=list(kinds))
        for deadline in stopped.select_for_update():
            paused_days = working_days_between(
                timezone.localtime(deadline.paused_at).date(), timezone.localdate()
            )
            old_due = deadline.due_at
            if paused_days:
                due_day = timezone.localtime(deadline.due_at).date()
                deadline.due_at = due_moment(add_working_days(due_day, paused_days))
                deadline.revision += 1  # remind again for the new due moment
            deadline.paused_at = None
            deadline.save(update_fields=["due_at", "paused_at", "revision"])
            DeadlineEvent.objects.create(
                deadline=deadline,
                kind=E.RESUMED,
                actor=actor,
                old_due_at=old_due,
                new_due_at=deadline.due_at,
            )
            resumed += 1
    return resumed


@transaction.atomic
def deadline_extend(*, deadline: Deadline, actor: User, new_due: date, reason: str) -> Deadline:
    """Give more time, with a reason; the old and new due moments are kept in the event."""
    if not reason.strip():
        raise InvalidInput(_("Geef een reden voor de verlenging."), field="reason")
    locked = Deadline.objects.select_for_update().get(pk=deadline.pk)
    if locked.status != S.OPEN:
        raise InvalidInput(_("Deze termijn loopt niet meer."))
    if new_due < timezone.localdate():
        raise InvalidInput(_("Een termijn kan niet in het verleden liggen."), field="new_due")
    new_due_at = due_moment(new_due)
    if new_due_at <= locked.due_at:
        raise InvalidInput(_("Een verlenging moet na de huidige termijn liggen."), field="new_due")
    DeadlineEvent.objects.create(
        deadline=locked,
        kind=E.EXTENDED,
        actor=actor,
        old_due_at=locked.due_at,
        new_due_at=new_due_at,
        reason=reason.strip(),
    )
    locked.due_at = new_due_at
    locked.revision += 1  # remind again for the new due moment
    locked.save(update_fields=["due_at", "revision"])
    deadline.due_at, deadline.revision = locked.due_at, locked.revision
    return deadline


def deadlines_reassign(
    deadlines: models.QuerySet[Deadline], *, owner: User | None, actor: User, reason: str = ""
) -> int:
    """Hand the open deadlines over to a new owner (a case changed casemanager)."""
    moved = 0
    with transaction.atomic():
        for deadline in deadlines.filter(status=S.OPEN).exclude(owner=owner).select_for_update():
            Deadline.objects.filter(pk=deadline.pk).update(owner=owner)
            DeadlineEvent.objects.create(
                deadline=deadline, kind=E.REASSIGNED, actor=actor, reason=reason
            )
            moved += 1
    return moved


# --- notifications -------------------------------------------------------------------------


def notify(
    *,
    recipients: Iterable[User],
    title: str,
    url: str,
    stage: str = Notification.Stage.EVENT,
    email: bool = True,
) -> int:
    """An in-app notification (and, by the next sweep, its e-mail) for each active recipient.

    The title says what happened, with the case reference at most: e-mails never carry
    personal data. ``email=False`` when an e-mail about the same thing goes out already
    (the message of a triage decision), so nobody gets two.
    """
    email_state = Notification.EmailState.PENDING if email else Notification.EmailState.NONE
    rows = [
        Notification(
            recipient=user, stage=stage, title=title[:200], url=url, email_state=email_state
        )
        for user in {u.pk: u for u in recipients if u is not None and u.is_active}.values()
    ]
    Notification.objects.bulk_create(rows)
    return len(rows)


def notifications_mark_read(*, user: User, pk: int | None = None) -> int:
    """Mark the user's own notifications read: one, or all of them."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if pk is not None:
        unread = unread.filter(pk=pk)
    return unread.update(read_at=timezone.now())
