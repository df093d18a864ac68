"""The one place where a case changes status, and what it does to the case's clocks."""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from belangenbehartiger.errors import ConcurrentChange, TransitionNotAllowed
from deadlines import services as clocks
from deadlines.models import Deadline

from ..models import Case, CaseEvent, ReferenceCounter
from ..status import STATUSES, CaseStatus, can_transition

K = Deadline.Kind

# Working days per clock of the case (DESIGN.md §3): the team's triage decision (1 when
# urgent) and the helper's answer to a question.
TRIAGE_DAYS = 3
TRIAGE_DAYS_URGENT = 1
HELPER_ANSWER_DAYS = 10


def next_reference(year: int) -> str:
    """BB-<year>-<000123>, unique also under concurrent submissions (the row is locked)."""
    ReferenceCounter.objects.get_or_create(year=year)
    ReferenceCounter.objects.filter(year=year).update(last_number=F("last_number") + 1)
    number = ReferenceCounter.objects.get(year=year).last_number
    return f"BB-{year}-{number:06d}"


def case_transition(
    *,
    case: Case,
    to_status: str,
    actor: User | None,
    reason: str = "",
    visible_to_helper: bool = True,
    changes: dict[str, Any] | None = None,
) -> Case:
    """The one place where a case changes status.

    Checks the status table against the status the caller saw (``case.status``), locks the
    row, and fails with ConcurrentChange when someone else moved the case first. Writes the
    event row, the field history and the clock changes of the new status (its row in
    cases/status.py) in the same transaction.
    """
    from_status = case.status
    if not can_transition(from_status, to_status):
        raise TransitionNotAllowed(
            _("Een casus met status ‘%(from)s’ kan niet naar ‘%(to)s’.")
            % {"from": CaseStatus(from_status).label, "to": CaseStatus(to_status).label}
        )
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.status != from_status:
            raise ConcurrentChange(
                _("Iemand anders heeft deze casus net gewijzigd. Laad de pagina opnieuw.")
            )
        for name, value in (changes or {}).items():
            setattr(locked, name, value)
        locked.status = to_status
        locked.status_changed_at = timezone.now()
        locked._history_user = actor
        locked.save()
        CaseEvent.objects.create(
            case=locked,
            kind=CaseEvent.Kind.STATUS_CHANGED,
            actor=actor,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
            visible_to_helper=visible_to_helper,
        )
        _apply_clocks(locked, to_status, actor=actor, reason=reason)
        notice = STATUSES[to_status].notice
        if notice is not None and visible_to_helper:
            helper_notify(case=locked, title=notice.title, actor=actor, email=notice.email)
    for name in ("status", "status_changed_at", "updated_at", *(changes or {})):
        setattr(case, name, getattr(locked, name))
    return case


def _apply_clocks(case: Case, status: str, *, actor: User | None, reason: str) -> None:
    effects = STATUSES[status].clocks
    own = case.deadlines.all()
    if effects.done:
        clocks.deadlines_done(own, kinds=effects.done, actor=actor)
    if effects.pause:
        clocks.deadlines_pause(own, kinds=effects.pause, actor=actor)
    if effects.resume:
        clocks.deadlines_resume(own, kinds=effects.resume, actor=actor)
    for kind in effects.start:
        case_clock_open(case=case, kind=kind, actor=actor)
    if effects.cancel_all:
        clocks.deadlines_close(own, to_status=Deadline.Status.CANCELLED, actor=actor, reason=reason)


def case_clock_open(*, case: Case, kind: str, actor: User | None) -> Deadline:
    """Open one of the case's own clocks, owned by whoever answers for it."""
    if kind == K.TRIAGE_DECISION:
        days = TRIAGE_DAYS_URGENT if case.triage_band == "urgent" else TRIAGE_DAYS
        owner = case.assignee
    elif kind == K.HELPER_ANSWER:
        days, owner = HELPER_ANSWER_DAYS, case.created_by
    else:
        raise ValueError(f"not a clock of the case itself: {kind}")
    return clocks.deadline_open(
        subject=case,
        kind=kind,
        working_days=days,
        owner=owner,
        label=case.reference,
        url=f"/casussen/{case.reference}/",
        actor=actor,
    )


def helper_notify(
    *, case: Case, title: str, actor: User | None, email: bool = True, **params: str
) -> int:
    """Tell the helper who submitted the case, in the app (and by e-mail unless ``email``
    is False), what happened to it; not when the helper did it. ``title`` holds
    ``%(reference)s`` and any of ``params``, and is written in the default language, as
    e-mails are."""
    recipient = case.created_by
    if actor is not None and actor.pk == recipient.pk:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        text = str(title) % {"reference": case.reference, **params}
    return clocks.notify(
        recipients=[recipient], title=text, url=f"/casussen/{case.reference}/", email=email
    )
