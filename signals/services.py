"""Writes of signals: submitting and editing, the one status transition, linking cases, and
the Dienst's commitments with their deadlines.

Every write is one transaction and leaves an event row (who, when, why): ``SignalEvent``
for the signal, ``CommitmentEvent`` for a commitment that ends. Field changes are also in
the signal's history (django-simple-history).
"""

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

from .models import (
    Commitment,
    CommitmentEvent,
    CommitmentUpdate,
    Signal,
    SignalCase,
    SignalEvent,
)
from .status import COMMITMENT_TRANSITIONS, STATUSES, can_transition

S = Signal.Status
E = SignalEvent.Kind
TITLE_MAX = 200


def signal_url(signal: Signal) -> str:
    return f"/signalen/{signal.pk}/"


def signal_dienst_url(signal: Signal) -> str:
    return f"/dienst/signalen/{signal.pk}/"


def _require_team(user: User) -> None:
    if not user.is_team:
        raise NotPermitted(_("Alleen het team van de Belangenbehartiger doet dit."))


def _event(signal: Signal, actor: User, kind: str, **fields) -> SignalEvent:
    return SignalEvent.objects.create(signal=signal, actor=actor, kind=kind, **fields)


def source_for(user: User, requested: str | None) -> str:
    """Where a signal comes from. A helper's follows from its organisation (a medewerker of
    a Dienst: ``dienst_staff``, any other helper: ``helper``); the team says it."""
    if user.is_helper:
        own = Signal.Source.DIENST_STAFF if user.is_dienst_staff else Signal.Source.HELPER
        if requested and requested != own:
            raise InvalidInput(
                _("Als hulpverlener meldt u een signaal met bron ‘%(source)s’.")
                % {"source": Signal.Source(own).label},
                field="source",
            )
        return own
    if not requested:
        raise InvalidInput(_("Kies de bron van het signaal."), field="source")
    if requested not in Signal.Source.values:
        raise InvalidInput(_("Onbekende bron."), field="source")
    return requested


def _clean_text(title: str, description: str) -> tuple[str, str]:
    title, description = title.strip(), description.strip()
    if not title:
        raise InvalidInput(_("Geef het signaal een titel."), field="title")
    if len(title) > TITLE_MAX:
        raise InvalidInput(_("De titel is te lang (hoogstens 200 tekens)."), field="title")
    if not description:
        raise InvalidInput(_("Beschrijf wat u ziet."), field="description")
    return title, description


def _check_estimate(value: int | None) -> None:
    if value is not None and value < 0:
        raise InvalidInput(
            _("Het aantal kan niet negatief zijn."), field="people_affected_estimate"
        )


def _notify_submitter(signal: Signal, actor: User, title: str) -> None:
    submitter = signal.submitted_by
    if submitter.pk != actor.pk and not submitter.is_team:
        clocks.notify(recipients=[submitter], title=title, url=signal_url(signal))


@transaction.atomic
def signal_submit(
    *,
    user: User,
    title: str,
    description: str,
    diensten: list[Dienst],
    source: str | None = None,
    themes: list[Theme] | None = None,
    regulation: str = "",
    people_affected_estimate: int | None = None,
) -> Signal:
    """A new signal from the team, a helper or Dienst staff (a helper of a Dienst)."""
    if not (user.is_team or user.is_helper):
        raise NotPermitted(_("Alleen het team en hulpverleners melden signalen."))
    title, description = _clean_text(title, description)
    if not diensten:
        raise InvalidInput(_("Kies ten minste één Dienst."), field="diensten")
    source = source_for(user, source)
    _check_estimate(people_affected_estimate)
    signal = Signal(
        title=title,
        description=description,
        regulation=regulation.strip(),
        source=source,
        people_affected_estimate=people_affected_estimate,
        submitted_by=user,
        organisation_id=user.organisation_id,
    )
    signal._history_user = user
    signal.save()
    signal.diensten.set(diensten)
    signal.themes.set(themes or [])
    _event(signal, user, E.STATUS_CHANGED, to_status=S.NEW)
    if not user.is_team:
        # The team screens what helpers and Dienst staff see: the leads hear of it at once.
        clocks.notify(
            recipients=User.objects.filter(role=Role.LEAD, is_active=True),
            title=_("Nieuw signaal (%(source)s): %(title)s")
            % {"source": Signal.Source(source).label, "title": title[:120]},
            url=signal_url(signal),
        )
    return signal


EDITABLE = (
    "title",
    "description",
    "regulation",
    "people_affected_estimate",
    "owner",
    "themes",
    "diensten",
)


@transaction.atomic
def signal_update(*, signal: Signal, actor: User, reason: str = "", **changes) -> Signal:
    """The team corrects or completes a signal: its text, themes, Diensten, regulation,
    estimate or owner. The history keeps the old values; the event says who and why."""
    _require_team(actor)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput(_("Onbekend veld: %(name)s") % {"name": ", ".join(sorted(unknown))})
    if not STATUSES[signal.status].open:
        raise TransitionNotAllowed(_("Een afgesloten signaal wordt niet meer gewijzigd."))
    locked = Signal.objects.select_for_update().get(pk=signal.pk)
    title, description = _clean_text(
        changes.get("title", locked.title), changes.get("description", locked.description)
    )
    changes["title"], changes["description"] = title, description
    if "regulation" in changes:
        changes["regulation"] = changes["regulation"].strip()
    _check_estimate(changes.get("people_affected_estimate"))
    owner = changes.get("owner", locked.owner)
    if owner is not None and not owner.is_team:
        raise InvalidInput(_("De eigenaar is een lid van het team."), field="owner")
    if "diensten" in changes and not changes["diensten"]:
        raise InvalidInput(_("Kies ten minste één Dienst."), field="diensten")
    changed = []
    for name in ("title", "description", "regulation", "people_affected_estimate", "owner"):
        if name in changes and getattr(locked, name) != changes[name]:
            setattr(locked, name, changes[name])
            changed.append(name)
    for name in ("themes", "diensten"):
        if name in changes:
            before = set(getattr(locked, name).values_list("pk", flat=True))
            if before != {item.pk for item in changes[name]}:
                changed.append(name)
    if not changed:
        return signal
    locked._history_user = actor
    locked.save()
    for name in ("themes", "diensten"):
        if name in changed:
            getattr(locked, name).set(changes[name])
    if "owner" in changed:
        # The signal's owner answers for its commitments' deadlines.
        clocks.deadlines_reassign(
            Deadline.objects.filter(commitment__signal=locked),
            owner=locked.owner,
            actor=actor,
            reason=reason,
        )
    labels = ", ".join(str(Signal._meta.get_field(name).verbose_name) for name in changed)
    _event(locked, actor, E.EDITED, reason=reason.strip() or labels)
    return locked


def signal_transition(
    *, signal: Signal, to_status: str, actor: User, reason: str = "", changes=None
) -> Signal:
    """The one place where a signal changes status: table check, row lock, event row."""
    _require_team(actor)
    from_status = signal.status
    if to_status not in STATUSES:
        raise InvalidInput(_("Onbekende status."), field="status")
    if not can_transition(from_status, to_status):
        raise TransitionNotAllowed(
            _("Een signaal met status ‘%(from)s’ kan niet naar ‘%(to)s’.")
            % {"from": S(from_status).label, "to": S(to_status).label}
        )
    row = STATUSES[to_status]
    if row.lead_only and actor.role != Role.LEAD:
        raise NotPermitted(_("Alleen een leidinggevende kiest signalen voor de Kamerrapportage."))
    reason = reason.strip()
    if row.needs_reason and not reason:
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
        if row.claims_owner and locked.owner_id is None and "owner" not in changes:
            changes["owner"] = actor
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.status = to_status
        locked.status_changed_at = timezone.now()
        locked._history_user = actor
        locked.save()
        _event(
            locked,
            actor,
            E.STATUS_CHANGED,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
        )
        if "owner" in changes:
            clocks.deadlines_reassign(
                Deadline.objects.filter(commitment__signal=locked),
                owner=locked.owner,
                actor=actor,
            )
        if not row.open:
            # Nothing more is chased once the signal is resolved or closed.
            clocks.deadlines_close(
                Deadline.objects.filter(commitment__signal=locked, status=Deadline.Status.OPEN),
                to_status=Deadline.Status.CANCELLED,
                actor=actor,
                reason=reason,
            )
        _notify_submitter(
            locked,
            actor,
            _("Uw signaal ‘%(title)s’: %(status)s")
            % {"title": locked.title[:120], "status": S(to_status).label},
        )
    for name in ("status", "status_changed_at", *changes):
        setattr(signal, name, getattr(locked, name))
    return signal


def signal_select_for_kamer_report(*, signal: Signal, lead: User, reason: str = "") -> Signal:
    """A lead chooses a signal on the agenda for the Kamer report (the reports app reads
    the signals in ``in_kamer_report``)."""
    return signal_transition(signal=signal, to_status=S.IN_KAMER_REPORT, actor=lead, reason=reason)


@transaction.atomic
def signal_case_link(*, signal: Signal, case: Case, actor: User, reason: str) -> SignalCase:
    """Link a case the team may see (the caller fetched it through its door)."""
    _require_team(actor)
    if not STATUSES[signal.status].open:
        raise TransitionNotAllowed(_("Aan een afgesloten signaal koppelt u geen casussen meer."))
    if case.is_draft:
        raise InvalidInput(_("Een concept kan niet worden gekoppeld."), field="reference")
    reason = reason.strip()
    if not reason:
        raise InvalidInput(_("Zeg waarom deze casus bij het signaal hoort."), field="reason")
    try:
        with transaction.atomic():
            link = SignalCase.objects.create(
                signal=signal, case=case, linked_by=actor, reason=reason
            )
    except IntegrityError:
        raise ConcurrentChange(
            _("Casus %(reference)s is al aan dit signaal gekoppeld.")
            % {"reference": case.reference},
            field="reference",
        ) from None
    _event(signal, actor, E.CASE_LINKED, case=case, reason=reason)
    return link


@transaction.atomic
def signal_case_unlink(*, signal: Signal, case: Case, actor: User, reason: str = "") -> None:
    """Take a case off a signal. Who linked it and why stays in the signal's events."""
    _require_team(actor)
    deleted, _rows = SignalCase.objects.filter(signal=signal, case=case).delete()
    if not deleted:
        # Someone else unlinked it first, or it never was linked: nothing changed.
        raise ConcurrentChange(
            _("Casus %(reference)s is niet (meer) aan dit signaal gekoppeld.")
            % {"reference": case.reference},
            field="reference",
        )
    _event(signal, actor, E.CASE_UNLINKED, case=case, reason=reason.strip())


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
        url=signal_url(signal),
        dienst_url=signal_dienst_url(signal),
        actor=actor,
    )
    _event(signal, actor, E.COMMITMENT_ADDED, reason=commitment.description)
    clocks.notify(
        recipients=User.objects.filter(
            role=Role.LIAISON, organisation__dienst=dienst, is_active=True
        ),
        title=_("Nieuwe toezegging vastgelegd bij signaal %(pk)d, uiterlijk %(day)s")
        % {"pk": signal.pk, "day": due_date.strftime("%d-%m-%Y")},
        url=signal_dienst_url(signal),
    )
    return commitment


@transaction.atomic
def commitment_update(*, commitment: Commitment, author: User, text: str) -> CommitmentUpdate:
    """Progress on a commitment: the team, or a liaison of the Dienst that promised it."""
    is_own_liaison = author.role == Role.LIAISON and author.dienst_id == commitment.dienst_id
    if not (author.is_team or is_own_liaison):
        raise NotPermitted(_("Alleen het team of de Dienst van de toezegging schrijft hier."))
    if commitment.status != Commitment.Status.OPEN:
        raise TransitionNotAllowed(_("Deze toezegging is al afgesloten."))
    if not text.strip():
        raise InvalidInput(_("Beschrijf de voortgang."), field="text")
    update = CommitmentUpdate.objects.create(
        commitment=commitment, author=author, text=text.strip()
    )
    if is_own_liaison:
        signal = commitment.signal
        clocks.notify(
            recipients=[signal.owner]
            if signal.owner
            else User.objects.filter(role=Role.LEAD, is_active=True),
            title=_("%(dienst)s meldt voortgang op een toezegging bij signaal %(pk)d")
            % {"dienst": commitment.dienst.name, "pk": signal.pk},
            url=signal_url(signal),
        )
    return update


@transaction.atomic
def commitment_close(*, commitment: Commitment, actor: User, kept: bool, note: str) -> Commitment:
    """The team records whether the Dienst kept its promise; the clock stops either way."""
    _require_team(actor)
    note = note.strip()
    if not note:
        raise InvalidInput(_("Licht toe of en hoe de toezegging is nagekomen."), field="note")
    from_status = commitment.status
    to_status = Commitment.Status.KEPT if kept else Commitment.Status.NOT_KEPT
    if to_status not in COMMITMENT_TRANSITIONS[from_status]:
        raise TransitionNotAllowed(_("Deze toezegging is al afgesloten."))
    updated = Commitment.objects.filter(pk=commitment.pk, status=from_status).update(
        status=to_status, note=note, closed_at=timezone.now(), closed_by=actor
    )
    if not updated:
        raise ConcurrentChange(_("Deze toezegging is net door iemand anders afgesloten."))
    CommitmentEvent.objects.create(
        commitment=commitment,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        reason=note,
    )
    clocks.deadlines_close(
        commitment.deadlines.all(),
        to_status=Deadline.Status.MET if kept else Deadline.Status.MISSED,
        actor=actor,
        reason=note,
    )
    _event(
        commitment.signal,
        actor,
        E.COMMITMENT_CLOSED,
        reason=f"{Commitment.Status(to_status).label}: {note}",
    )
    commitment.refresh_from_db()
    return commitment
