"""Writes of signals: submitting, the one status transition, linking cases, commitments."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Dienst, Role, User
from belangenbehartiger.errors import (
    ConcurrentChange,
    InvalidInput,
    NotPermitted,
    TransitionNotAllowed,
)
from cases.models import Case, Theme
from deadlines import services as clocks
from deadlines.models import Deadline

from .models import Commitment, CommitmentUpdate, Signal, SignalCase, SignalEvent
from .status import STATUSES, can_transition

S = Signal.Status


def _require_team(user: User) -> None:
    if not user.is_team:
        raise NotPermitted(_("Alleen het team van de Belangenbehartiger doet dit."))


@transaction.atomic
def signal_submit(
    *,
    user: User,
    title: str,
    description: str,
    diensten: list[Dienst],
    source: str,
    themes: list[Theme] | None = None,
    regulation: str = "",
    people_affected_estimate: int | None = None,
) -> Signal:
    """A new signal from the team, a helper or Dienst staff (a helper of a Dienst)."""
    if not (user.is_team or user.is_helper):
        raise NotPermitted(_("Alleen het team en hulpverleners melden signalen."))
    title, description = title.strip(), description.strip()
    if not title:
        raise InvalidInput(_("Geef het signaal een titel."), field="title")
    if not description:
        raise InvalidInput(_("Beschrijf wat u ziet."), field="description")
    if not diensten:
        raise InvalidInput(_("Kies ten minste één Dienst."), field="diensten")
    if source not in Signal.Source.values:
        raise InvalidInput(_("Onbekende bron."), field="source")
    if people_affected_estimate is not None and people_affected_estimate < 0:
        raise InvalidInput(
            _("Het aantal kan niet negatief zijn."), field="people_affected_estimate"
        )
    signal = Signal.objects.create(
        title=title,
        description=description,
        regulation=regulation.strip(),
        source=source,
        people_affected_estimate=people_affected_estimate,
        submitted_by=user,
        organisation_id=user.organisation_id,
    )
    signal.diensten.set(diensten)
    signal.themes.set(themes or [])
    SignalEvent.objects.create(signal=signal, actor=user, to_status=S.NEW)
    return signal


def signal_transition(
    *, signal: Signal, to_status: str, actor: User, reason: str = "", changes=None
) -> Signal:
    """The one place where a signal changes status: table check, row lock, event row."""
    _require_team(actor)
    from_status = signal.status
    if not can_transition(from_status, to_status):
        raise TransitionNotAllowed(
            _("Een signaal met status ‘%(from)s’ kan niet naar ‘%(to)s’.")
            % {"from": S(from_status).label, "to": S(to_status).label}
        )
    reason = reason.strip()
    if STATUSES[to_status].needs_reason and not reason:
        raise InvalidInput(
            _("Zeg waarom het signaal wordt gesloten.")
            if to_status == S.CLOSED
            else _("Beschrijf wat er is veranderd."),
            field="reason",
        )
    changes = dict(changes or {})
    if to_status == S.CLOSED:
        changes["closed_reason"] = reason
    elif to_status == S.RESOLVED:
        changes["resolution"] = reason
    with transaction.atomic():
        locked = Signal.objects.select_for_update().get(pk=signal.pk)
        if locked.status != from_status:
            raise ConcurrentChange(_("Dit signaal is net door iemand anders gewijzigd."))
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.status = to_status
        locked.status_changed_at = timezone.now()
        locked._history_user = actor
        locked.save()
        SignalEvent.objects.create(
            signal=locked, actor=actor, from_status=from_status, to_status=to_status, reason=reason
        )
        if not STATUSES[to_status].open:
            # Nothing more is chased once the signal is resolved or closed.
            clocks.deadlines_close(
                Deadline.objects.filter(commitment__signal=locked, status=Deadline.Status.OPEN),
                to_status=Deadline.Status.CANCELLED,
                actor=actor,
                reason=reason,
            )
    for name in ("status", "status_changed_at", *changes):
        setattr(signal, name, getattr(locked, name))
    return signal


def signal_case_link(*, signal: Signal, case: Case, actor: User, reason: str) -> SignalCase:
    """Link a case the team may see (the caller fetched it through its door)."""
    _require_team(actor)
    if not STATUSES[signal.status].open:
        raise TransitionNotAllowed(_("Aan een afgesloten signaal koppelt u geen casussen meer."))
    if not reason.strip():
        raise InvalidInput(_("Zeg waarom deze casus bij het signaal hoort."), field="reason")
    try:
        with transaction.atomic():
            return SignalCase.objects.create(
                signal=signal, case=case, linked_by=actor, reason=reason.strip()
            )
    except IntegrityError:
        raise ConcurrentChange(
            _("Deze casus is al aan dit signaal gekoppeld."), field="reference"
        ) from None


def signal_case_unlink(*, signal: Signal, case: Case, actor: User) -> None:
    _require_team(actor)
    deleted, _rows = SignalCase.objects.filter(signal=signal, case=case).delete()
    if not deleted:
        raise InvalidInput(_("Deze casus is niet aan dit signaal gekoppeld."), field="reference")


@transaction.atomic
def commitment_create(
    *, signal: Signal, actor: User, dienst: Dienst, description: str, due_date: date
) -> Commitment:
    """What a Dienst promised, by when: a deadline row the reminder sweep chases."""
    _require_team(actor)
    if not STATUSES[signal.status].on_agenda:
        raise TransitionNotAllowed(
            _("Een toezegging hoort bij een signaal dat op de agenda staat.")
        )
    if not signal.diensten.filter(pk=dienst.pk).exists():
        raise InvalidInput(_("Deze Dienst is niet bij het signaal betrokken."), field="dienst")
    if not description.strip():
        raise InvalidInput(_("Beschrijf wat de Dienst toezegt."), field="description")
    if due_date < timezone.localdate():
        raise InvalidInput(_("Een termijn kan niet in het verleden liggen."), field="due_date")
    commitment = Commitment.objects.create(
        signal=signal,
        dienst=dienst,
        description=description.strip(),
        due_date=due_date,
        created_by=actor,
    )
    clocks.deadline_open(
        subject=commitment,
        kind=Deadline.Kind.COMMITMENT,
        day=due_date,
        owner=signal.owner,
        dienst=dienst,
        label=_("signaal %(pk)d") % {"pk": signal.pk},
        url=f"/signalen/{signal.pk}/",
        dienst_url=f"/dienst/signalen/{signal.pk}/",
        actor=actor,
    )
    return commitment


def commitment_update(*, commitment: Commitment, author: User, text: str) -> CommitmentUpdate:
    """Progress on a commitment: the team, or a liaison of the Dienst that promised it."""
    if not (
        author.is_team or (author.role == Role.LIAISON and author.dienst_id == commitment.dienst_id)
    ):
        raise NotPermitted(_("Alleen het team of de Dienst van de toezegging schrijft hier."))
    if commitment.status != Commitment.Status.OPEN:
        raise TransitionNotAllowed(_("Deze toezegging is al afgesloten."))
    if not text.strip():
        raise InvalidInput(_("Beschrijf de voortgang."), field="text")
    return CommitmentUpdate.objects.create(commitment=commitment, author=author, text=text.strip())


@transaction.atomic
def commitment_close(*, commitment: Commitment, actor: User, kept: bool, note: str) -> Commitment:
    """The team records whether the Dienst kept its promise; the clock stops either way."""
    _require_team(actor)
    if not note.strip():
        raise InvalidInput(_("Licht toe of en hoe de toezegging is nagekomen."), field="note")
    status = Commitment.Status.KEPT if kept else Commitment.Status.NOT_KEPT
    updated = Commitment.objects.filter(pk=commitment.pk, status=Commitment.Status.OPEN).update(
        status=status, note=note.strip(), closed_at=timezone.now(), closed_by=actor
    )
    if not updated:
        raise ConcurrentChange(_("Deze toezegging is al afgesloten."))
    clocks.deadlines_close(
        commitment.deadlines.all(),
        to_status=Deadline.Status.MET if kept else Deadline.Status.MISSED,
        actor=actor,
        reason=note.strip(),
    )
    commitment.refresh_from_db()
    return commitment
