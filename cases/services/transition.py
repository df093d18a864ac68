"""The one place where a case changes status, and what it does to the case's clocks."""

from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Dienst, User
from belangenbehartiger.errors import ConcurrentChange, TransitionNotAllowed
from deadlines import services as clocks
from deadlines.models import Deadline

from ..models import Case, CaseEvent, ReferenceCounter, Theme
from ..status import STATUSES, CaseStatus, can_transition
from .counts import case_counts_move, case_relation_ids
from .drafts import case_relations_add
from .duplicates import duplicate_marks_refresh

K = Deadline.Kind

# Working days per clock of the case (DESIGN.md §3): the team's triage decision (1 when
# urgent) and the helper's answer to a question.
TRIAGE_DAYS = 3
TRIAGE_DAYS_URGENT = 1
HELPER_ANSWER_DAYS = 10


def next_reference(year: int) -> str:
    """BB-<year>-<000123>, unique also under concurrent submissions: one upsert statement
    increments the year's counter row and returns the new number (PostgreSQL and SQLite).
    The row stays locked until the transaction ends: outside a transaction, that is at
    once (casework.steps.case_submit takes it so)."""
    table = connection.ops.quote_name(ReferenceCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(  # the table name is formatted in, the year is a parameter
            f"INSERT INTO {table} (year, last_number) VALUES (%s, 1) "  # noqa: S608
            f"ON CONFLICT (year) DO UPDATE SET last_number = {table}.last_number + 1 "
            "RETURNING last_number",
            [year],
        )
        (number,) = cursor.fetchone()
    return f"BB-{year}-{number:06d}"


def case_transition(
    *,
    case: Case,
    to_status: str,
    actor: User | None,
    reason: str = "",
    visible_to_helper: bool = True,
    changes: dict[str, Any] | None = None,
    diensten: list[Dienst] | None = None,
    themes: list[Theme] | None = None,
) -> Case:
    """The one place where a case changes status.

    Checks the status table against the status the caller saw (``case.status``), locks the
    row, and fails with ConcurrentChange when someone else moved the case first. Writes the
    event row, the field history, the counter cells (``case_counts_move``), the clock
    changes of the new status (its row in cases/status.py) and, when the case opens or
    leaves the open statuses, the duplicate marks (``duplicate_marks_refresh``) in the same
    transaction.

    A draft that was never stored (the API's one-step intake) is stored by this transition,
    with its ``diensten`` and ``themes``: its INSERT is the write, and nobody else can have
    moved it.
    """
    from_status = case.status
    if not can_transition(from_status, to_status):
        raise TransitionNotAllowed(
            _("Een casus met status ‘%(from)s’ kan niet naar ‘%(to)s’.")
            % {"from": CaseStatus(from_status).label, "to": CaseStatus(to_status).label}
        )
    changes = changes or {}
    # No savepoint of its own: the one error it raises is raised after the block, and a
    # database error fails the caller's transaction anyway. Saves two statements a step.
    with transaction.atomic(savepoint=False):
        if case.pk is None:
            target, before = case, None
        else:
            target = Case.objects.select_for_update().get(pk=case.pk)
            before = (target.status, target.triage_rank)
            dienst_ids, theme_ids = case_relation_ids(case.pk)
        moved = target.status != from_status
        if not moved:
            for name, value in changes.items():
                setattr(target, name, value)
            target.status = to_status
            target.status_changed_at = timezone.now()
            target._history_user = actor
            if case.pk is None:
                target.save(force_insert=True)
                case_relations_add(case=target, diensten=diensten or [], themes=themes or [])
                dienst_ids = [d.pk for d in diensten or []]
                theme_ids = [t.pk for t in themes or []]
            else:
                target.save(update_fields=[*changes, "status", "status_changed_at", "updated_at"])
            CaseEvent.objects.create(
                case=target,
                kind=CaseEvent.Kind.STATUS_CHANGED,
                actor=actor,
                from_status=from_status,
                to_status=to_status,
                reason=reason,
                visible_to_helper=visible_to_helper,
            )
            case_counts_move(
                case_pk=target.pk,
                before=before,
                after=(to_status, target.triage_rank),
                dienst_ids=dienst_ids,
                theme_ids=theme_ids,
            )
            opened_clocks = _apply_clocks(target, to_status, actor=actor, reason=reason)
            opened = STATUSES[to_status].open
            if opened != STATUSES[from_status].open:
                duplicate_marks_refresh(case=target, opened=opened)
            notice = STATUSES[to_status].notice
            if notice is not None and visible_to_helper:
                helper_notify(case=target, title=notice.title, actor=actor, email=notice.email)
    if moved:
        raise ConcurrentChange(
            _("Iemand anders heeft deze casus net gewijzigd. Laad de pagina opnieuw.")
        )
    if target is not case:
        for name in ("status", "status_changed_at", "updated_at", *changes):
            setattr(case, name, getattr(target, name))
    # The clocks this transition opened. For a case it stored, they are all its clocks: the
    # API's intake answers with them without reading them back.
    case.opened_clocks = opened_clocks
    return case


def _apply_clocks(case: Case, status: str, *, actor: User | None, reason: str) -> list[Deadline]:
    """The clock changes of the new status; returns the clocks it opened."""
    effects = STATUSES[status].clocks
    own = case.deadlines.all()
    if effects.done:
        clocks.deadlines_done(own, kinds=effects.done, actor=actor)
    if effects.pause:
        clocks.deadlines_pause(own, kinds=effects.pause, actor=actor)
    if effects.resume:
        clocks.deadlines_resume(own, kinds=effects.resume, actor=actor)
    opened = [case_clock_open(case=case, kind=kind, actor=actor) for kind in effects.start]
    if effects.cancel_all:
        clocks.deadlines_close(own, to_status=Deadline.Status.CANCELLED, actor=actor, reason=reason)
    return opened


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
