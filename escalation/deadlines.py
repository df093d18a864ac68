"""Deadline rows: opened, paused, resumed, extended and closed as a case moves.

``on_case_status_change`` is called by ``cases.services.case_transition`` inside its
transaction, so the clocks always follow the case status.
"""

from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _

from belangenbehartiger.errors import InvalidInput

from .calendar import add_working_days, working_days_between
from .models import Deadline, DeadlineExtension

# Working days the team has for a triage decision, and the helper for an answer.
TRIAGE_DAYS = 3
TRIAGE_DAYS_URGENT = 1
HELPER_ANSWER_DAYS = 10

K = Deadline.Kind


def due_moment(day: date) -> datetime:
    """A deadline runs to the end of its day, Europe/Amsterdam."""
    end = datetime.combine(day, time(23, 59, 59))
    return timezone.make_aware(end, timezone.get_default_timezone())


def deadline_open(*, case, kind: str, working_days: int, request=None) -> Deadline:
    today = timezone.localdate()
    return Deadline.objects.create(
        case=case,
        request=request,
        kind=kind,
        due_at=due_moment(add_working_days(today, working_days)),
    )


def deadline_open_on(*, case, kind: str, day: date, request=None) -> Deadline:
    return Deadline.objects.create(case=case, request=request, kind=kind, due_at=due_moment(day))


def deadlines_close(*, case, kinds, request=None, status: str = Deadline.Status.MET) -> int:
    qs = Deadline.objects.filter(case=case, kind__in=kinds, status=Deadline.Status.OPEN)
    if request is not None:
        qs = qs.filter(request=request)
    return qs.update(status=status, closed_at=timezone.now(), paused_at=None)


def deadline_pause(*, case, kind: str) -> int:
    return Deadline.objects.filter(
        case=case, kind=kind, status=Deadline.Status.OPEN, paused_at__isnull=True
    ).update(paused_at=timezone.now())


def deadline_resume(*, case, kind: str) -> None:
    """Move the due moment on by the working days the clock stood still."""
    for deadline in Deadline.objects.filter(
        case=case, kind=kind, status=Deadline.Status.OPEN, paused_at__isnull=False
    ):
        paused = working_days_between(
            timezone.localtime(deadline.paused_at).date(), timezone.localdate()
        )
        due_day = timezone.localtime(deadline.due_at).date()
        if paused:
            deadline.due_at = due_moment(add_working_days(due_day, paused))
            deadline.revision += 1  # remind again for the new due moment
        deadline.paused_at = None
        deadline.save(update_fields=["due_at", "paused_at", "revision"])


def deadline_extend(*, deadline: Deadline, actor, new_due: date, reason: str) -> Deadline:
    """Give more time, with a reason; the old and new due moments are kept."""
    if not reason.strip():
        raise InvalidInput(_("Geef een reden voor de verlenging."), field="reason")
    if deadline.status != Deadline.Status.OPEN:
        raise InvalidInput(_("Deze termijn loopt niet meer."))
    new_due_at = due_moment(new_due)
    if new_due < timezone.localdate():
        raise InvalidInput(_("Een termijn kan niet in het verleden liggen."), field="new_due")
    if new_due_at <= deadline.due_at:
        raise InvalidInput(_("Een verlenging moet na de huidige termijn liggen."), field="new_due")
    DeadlineExtension.objects.create(
        deadline=deadline,
        old_due_at=deadline.due_at,
        new_due_at=new_due_at,
        reason=reason.strip(),
        actor=actor,
    )
    deadline.due_at = new_due_at
    deadline.revision += 1  # remind again for the new due moment
    deadline.save(update_fields=["due_at", "revision"])
    return deadline


def on_case_status_change(
    *, case, from_status: str, to_status: str, actor, reason: str = ""
) -> None:
    from cases.models import CaseStatus as S

    if to_status == S.SUBMITTED:
        days = TRIAGE_DAYS_URGENT if case.triage_band == "urgent" else TRIAGE_DAYS
        deadline_open(case=case, kind=K.TRIAGE_DECISION, working_days=days)
    elif to_status == S.INFO_REQUESTED:
        deadline_pause(case=case, kind=K.TRIAGE_DECISION)
        deadline_open(case=case, kind=K.HELPER_ANSWER, working_days=HELPER_ANSWER_DAYS)
    elif from_status == S.INFO_REQUESTED and to_status == S.IN_TRIAGE:
        deadlines_close(case=case, kinds=[K.HELPER_ANSWER])
        deadline_resume(case=case, kind=K.TRIAGE_DECISION)
    elif to_status in (S.ACCEPTED, S.REFERRED, S.DECLINED):
        deadlines_close(case=case, kinds=[K.TRIAGE_DECISION])
    if to_status in (S.WITHDRAWN, S.RESOLVED, S.CLOSED, S.REFERRED, S.DECLINED):
        # Nothing is owed any more on a case that has left the process: open requests are
        # withdrawn (so no Dienst answers them or gets reminders) and the clocks stop.
        from .services import requests_withdraw_open

        requests_withdraw_open(case=case, actor=actor, reason=reason)
        deadlines_close(case=case, kinds=list(K.values), status=Deadline.Status.CANCELLED)
