"""Writes of the escalation ladder: moving a case between rungs, requests to the Diensten
and their answers, and the Kamer-report rung."""

import re
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Dienst, Role, User
from belangenbehartiger.errors import (
    ConcurrentChange,
    InvalidInput,
    NotPermitted,
    TransitionNotAllowed,
)
from cases import services as case_services
from cases.models import Case, CaseEvent, CaseStatus

from . import deadlines
from .models import Deadline, DienstRequest, KamerReportItem, Notification, RequestEvent, Rung

R = DienstRequest.Status
LADDER_STATUSES = (CaseStatus.ACCEPTED, CaseStatus.IN_PROGRESS)

REQUEST_TRANSITIONS: dict[str, frozenset[str]] = {
    R.AWAITING_APPROVAL: frozenset({R.SENT, R.NOT_APPROVED, R.WITHDRAWN}),
    R.SENT: frozenset({R.ACKNOWLEDGED, R.ANSWERED, R.WITHDRAWN}),
    R.ACKNOWLEDGED: frozenset({R.ANSWERED, R.WITHDRAWN}),
    R.NOT_APPROVED: frozenset(),
    R.ANSWERED: frozenset(),
    R.WITHDRAWN: frozenset(),
}


def _require_team(user: User) -> None:
    if not user.is_team:
        raise NotPermitted(_("Alleen het team van de Belangenbehartiger doet dit."))


def _require_on_ladder(case: Case) -> None:
    if case.status not in LADDER_STATUSES:
        raise TransitionNotAllowed(
            _("Alleen een aangenomen casus gaat de escalatieladder op (status nu: %(s)s).")
            % {"s": case.get_status_display()}
        )


# --- the ladder ----------------------------------------------------------------------------


@transaction.atomic
def case_rung_move(*, case: Case, rung: Rung, actor: User, reason: str) -> Case:
    """The one way a case changes rung (up or down), with a reason; every move is an event.

    The first move takes an accepted case into progress.
    """
    _require_team(actor)
    _require_on_ladder(case)
    if not reason.strip():
        raise InvalidInput(_("Geef een reden voor de stap op de ladder."), field="reason")
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.rung_id != case.rung_id or locked.status != case.status:
        raise ConcurrentChange(
            _("Iemand anders heeft deze casus net gewijzigd. Laad de pagina opnieuw.")
        )
    if locked.rung_id == rung.pk:
        raise InvalidInput(_("De casus staat al op deze trede."), field="rung")
    old_name = locked.rung.name if locked.rung_id else _("geen")
    if case.status == CaseStatus.ACCEPTED:
        case_services.case_transition(
            case=case,
            to_status=CaseStatus.IN_PROGRESS,
            actor=actor,
            reason=reason,
            changes={"rung": rung},
        )
    else:
        locked.rung = rung
        locked._history_user = actor
        locked.save(update_fields=["rung", "updated_at"])
        case.rung = rung
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.RUNG_CHANGED,
        actor=actor,
        reason=f"{old_name} → {rung.name}: {reason.strip()}",
    )
    return case


def requests_withdraw_open(*, case: Case, actor: User | None, reason: str = "") -> int:
    """Withdraw the requests still awaiting approval or an answer (the case left the process)."""
    withdrawn = 0
    open_statuses = (R.AWAITING_APPROVAL, R.SENT, R.ACKNOWLEDGED)
    for request in DienstRequest.objects.filter(case=case, status__in=open_statuses):
        request_transition(
            request=request,
            to_status=R.WITHDRAWN,
            actor=actor,
            note=reason or _("De casus is afgesloten of ingetrokken."),
        )
        withdrawn += 1
    return withdrawn


def _rung(code: str) -> Rung:
    return Rung.objects.get(code=code)


def next_rung(case: Case) -> Rung | None:
    """The next active rung above the case's current one (suggested after a rejection)."""
    position = case.rung.position if case.rung_id else 0
    return Rung.objects.filter(active=True, position__gt=position).order_by("position").first()


# --- requests to a Dienst -------------------------------------------------------------------


def request_transition(
    *, request: DienstRequest, to_status: str, actor: User, note: str = "", changes=None
) -> DienstRequest:
    """The one place where a request changes status: table check, row lock, event row."""
    from_status = request.status
    if to_status not in REQUEST_TRANSITIONS[from_status]:
        raise TransitionNotAllowed(
            _("Een verzoek met status ‘%(from)s’ kan niet naar ‘%(to)s’.")
            % {"from": R(from_status).label, "to": R(to_status).label}
        )
    with transaction.atomic():
        locked = DienstRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != from_status:
            raise ConcurrentChange(
                _("Dit verzoek is net door iemand anders gewijzigd. Laad de pagina opnieuw.")
            )
        for name, value in (changes or {}).items():
            setattr(locked, name, value)
        locked.status = to_status
        locked.save()
        RequestEvent.objects.create(
            request=locked, actor=actor, from_status=from_status, to_status=to_status, note=note
        )
        if to_status == R.SENT:
            _on_sent(locked)
    for name in ("status", *(changes or {})):
        setattr(request, name, getattr(locked, name))
    return request


def _on_sent(request: DienstRequest) -> None:
    rung = request.rung
    if rung.acknowledge_days is not None:
        deadlines.deadline_open(
            case=request.case,
            request=request,
            kind=Deadline.Kind.DIENST_ACKNOWLEDGE,
            working_days=rung.acknowledge_days,
        )
    answer_days = rung.answer_days_for(urgent=request.urgent)
    if answer_days is not None:
        deadlines.deadline_open(
            case=request.case,
            request=request,
            kind=Deadline.Kind.DIENST_ANSWER,
            working_days=answer_days,
        )
    DienstRequest.objects.filter(pk=request.pk).update(sent_at=timezone.now())
    liaisons = User.objects.filter(
        role=Role.LIAISON, is_active=True, organisation__dienst=request.dienst_id
    )
    Notification.objects.bulk_create(
        Notification(
            recipient=liaison,
            stage=Notification.Stage.NEW_REQUEST,
            title=_("Nieuw verzoek van de Belangenbehartiger: %(kind)s")
            % {"kind": request.get_kind_display()},
            url=f"/dienst/verzoeken/{request.pk}/",
        )
        for liaison in liaisons
    )


@transaction.atomic
def request_create(
    *,
    case: Case,
    actor: User,
    kind: str,
    dienst: Dienst,
    text: str,
    freeze_scope: str = "",
    freeze_until: date | None = None,
) -> DienstRequest:
    """A proposal, freeze request or question to one Dienst of the case.

    A freeze request puts the case on the freeze rung; a request on a rung that needs a
    second pair of eyes waits for a lead's approval before it is sent.
    """
    _require_team(actor)
    _require_on_ladder(case)
    if kind not in DienstRequest.Kind.values:
        raise InvalidInput(_("Onbekende soort verzoek."), field="kind")
    if not text.strip():
        raise InvalidInput(_("Schrijf de tekst van het verzoek."), field="text")
    if not case.diensten.filter(pk=dienst.pk).exists():
        raise InvalidInput(_("Deze Dienst is niet bij de casus betrokken."), field="dienst")
    if kind == DienstRequest.Kind.FREEZE:
        if freeze_until is None:
            raise InvalidInput(_("Geef aan tot wanneer bevroren moet worden."), field="until")
        if freeze_until <= timezone.localdate():
            raise InvalidInput(
                _("De einddatum van de bevriezing moet in de toekomst liggen."), field="until"
            )
        if not freeze_scope:
            freeze_scope = DienstRequest.FreezeScope.INVORDERING
        freeze_rung = _rung("freeze_request")
        if case.rung_id != freeze_rung.pk:
            case_rung_move(
                case=case,
                rung=freeze_rung,
                actor=actor,
                reason=_("Verzoek tot bevriezen aan %(d)s.") % {"d": dienst.name},
            )
    elif case.rung_id is None:
        case_rung_move(
            case=case, rung=_rung("mediation"), actor=actor, reason=_("Start bemiddeling.")
        )
    rung = case.rung
    request = DienstRequest.objects.create(
        case=case,
        dienst=dienst,
        rung=rung,
        kind=kind,
        status=R.AWAITING_APPROVAL,
        text=text.strip(),
        urgent=case.triage_band == "urgent",
        freeze_scope=freeze_scope if kind == DienstRequest.Kind.FREEZE else "",
        freeze_until=freeze_until if kind == DienstRequest.Kind.FREEZE else None,
        author=actor,
    )
    RequestEvent.objects.create(request=request, actor=actor, to_status=R.AWAITING_APPROVAL)
    if not rung.needs_approval:
        request_transition(
            request=request,
            to_status=R.SENT,
            actor=actor,
            note=_("Verstuurd zonder tweede paar ogen."),
        )
    return request


def _require_second_pair_of_eyes(request: DienstRequest, actor: User) -> None:
    if actor.role != Role.LEAD:
        raise NotPermitted(_("Alleen een leidinggevende keurt dit goed."))
    if actor.pk == request.author_id:
        raise NotPermitted(
            _("U kunt uw eigen verzoek niet goedkeuren: een andere leidinggevende moet dit doen.")
        )


def request_approve(*, request: DienstRequest, actor: User) -> DienstRequest:
    _require_second_pair_of_eyes(request, actor)
    return request_transition(
        request=request,
        to_status=R.SENT,
        actor=actor,
        note=_("Goedgekeurd en verstuurd."),
        changes={"approved_by": actor, "approved_at": timezone.now()},
    )


def request_refuse(*, request: DienstRequest, actor: User, note: str) -> DienstRequest:
    _require_second_pair_of_eyes(request, actor)
    if not note.strip():
        raise InvalidInput(_("Geef aan waarom het verzoek niet wordt verstuurd."), field="note")
    return request_transition(
        request=request, to_status=R.NOT_APPROVED, actor=actor, note=note.strip()
    )


def _require_liaison_of(request: DienstRequest, actor: User) -> None:
    if actor.role != Role.LIAISON or actor.dienst_id != request.dienst_id:
        raise NotPermitted(
            _("Alleen een contactpersoon van de betrokken Dienst beantwoordt dit verzoek.")
        )


@transaction.atomic
def request_acknowledge(*, request: DienstRequest, actor: User) -> DienstRequest:
    _require_liaison_of(request, actor)
    request_transition(
        request=request,
        to_status=R.ACKNOWLEDGED,
        actor=actor,
        changes={"acknowledged_at": timezone.now(), "acknowledged_by": actor},
    )
    deadlines.deadlines_close(
        case=request.case, kinds=[Deadline.Kind.DIENST_ACKNOWLEDGE], request=request
    )
    return request


@transaction.atomic
def request_respond(
    *,
    request: DienstRequest,
    actor: User,
    outcome: str,
    motivation: str = "",
    granted_until: date | None = None,
) -> DienstRequest:
    """The Dienst's answer: comply or explain. A granted freeze gets its own end deadline."""
    _require_liaison_of(request, actor)
    Outcome = DienstRequest.Outcome
    if outcome not in Outcome.values:
        raise InvalidInput(_("Onbekend antwoord."), field="outcome")
    motivation = motivation.strip()
    if outcome != Outcome.ACCEPTED and not motivation:
        raise InvalidInput(
            _("Motiveer uw antwoord: alleen bij volledig accepteren mag dat ontbreken."),
            field="motivation",
        )
    granted = None
    if request.kind == DienstRequest.Kind.FREEZE and outcome in (
        Outcome.ACCEPTED,
        Outcome.PARTLY_ACCEPTED,
    ):
        granted = granted_until or request.freeze_until
        if granted <= timezone.localdate():
            raise InvalidInput(
                _("De bevriezing moet tot een datum in de toekomst lopen."), field="granted_until"
            )
    request_transition(
        request=request,
        to_status=R.ANSWERED,
        actor=actor,
        note=motivation,
        changes={
            "outcome": outcome,
            "motivation": motivation,
            "granted_until": granted,
            "responded_by": actor,
            "responded_at": timezone.now(),
        },
    )
    deadlines.deadlines_close(
        case=request.case,
        kinds=[Deadline.Kind.DIENST_ACKNOWLEDGE, Deadline.Kind.DIENST_ANSWER],
        request=request,
    )
    if granted:
        deadlines.deadline_open_on(
            case=request.case, request=request, kind=Deadline.Kind.FREEZE_END, day=granted
        )
    case = request.case
    if case.assignee_id:
        Notification.objects.create(
            recipient_id=case.assignee_id,
            stage=Notification.Stage.ANSWERED,
            title=_("%(dienst)s heeft geantwoord op uw verzoek bij %(ref)s: %(outcome)s")
            % {
                "dienst": request.dienst.name,
                "ref": case.reference,
                "outcome": Outcome(outcome).label,
            },
            url=f"/casussen/{case.reference}/#ladder",
        )
    return request


# --- the Kamer-report rung -------------------------------------------------------------------


def _identifying_details(case: Case, text: str) -> list[str]:
    """Parts of the vignette that could identify the person; the lead must see none."""
    found = []
    lowered = text.lower()
    for part in re.split(r"[\s.,]+", case.subject_name):
        if len(part) >= 3 and re.search(rf"\b{re.escape(part.lower())}\b", lowered):
            found.append(_("de naam"))
            break
    digits = re.sub(r"\D", "", text)
    for value, label in (
        (case.bsn, _("het BSN")),
        (case.kvk_number, _("het KvK-nummer")),
        (case.rsin, _("het RSIN")),
    ):
        if value and value in digits:
            found.append(label)
    if case.postcode_area and re.search(rf"\b{case.postcode_area}\b", text):
        found.append(_("het postcodegebied"))
    if case.reference and case.reference in text:
        found.append(_("het kenmerk"))
    if re.search(r"\b\d{9}\b", text) and _("het BSN") not in found:
        found.append(_("een nummer van 9 cijfers"))
    return found


@transaction.atomic
def kamer_item_propose(*, case: Case, actor: User, vignette: str, reason: str) -> KamerReportItem:
    """Put the case forward for the Kamer report with an anonymised vignette."""
    _require_team(actor)
    _require_on_ladder(case)
    vignette = vignette.strip()
    if len(vignette) < 40:
        raise InvalidInput(_("Beschrijf de casus in ten minste een paar zinnen."), field="vignette")
    found = _identifying_details(case, vignette)
    if found:
        raise InvalidInput(
            _("De beschrijving is niet anoniem: haal %(what)s weg.") % {"what": ", ".join(found)},
            field="vignette",
        )
    if KamerReportItem.objects.filter(case=case).exists():
        raise InvalidInput(_("Deze casus is al voorgedragen voor de Kamerrapportage."))
    kamer_rung = _rung("kamer_report")
    if case.rung_id != kamer_rung.pk:
        case_rung_move(
            case=case,
            rung=kamer_rung,
            actor=actor,
            reason=reason or _("Voordragen voor de Kamerrapportage."),
        )
    return KamerReportItem.objects.create(case=case, vignette=vignette, author=actor)


def kamer_item_approve(*, item: KamerReportItem, actor: User) -> KamerReportItem:
    if actor.role != Role.LEAD:
        raise NotPermitted(_("Alleen een leidinggevende keurt dit goed."))
    if actor.pk == item.author_id:
        raise NotPermitted(
            _(
                "U kunt uw eigen voordracht niet goedkeuren: een andere leidinggevende moet dit doen."
            )
        )
    updated = KamerReportItem.objects.filter(
        pk=item.pk, status=KamerReportItem.Status.PROPOSED
    ).update(status=KamerReportItem.Status.APPROVED, approved_by=actor, approved_at=timezone.now())
    if not updated:
        raise ConcurrentChange(_("Deze voordracht is al goedgekeurd."))
    item.refresh_from_db()
    CaseEvent.objects.create(
        case=item.case,
        kind=CaseEvent.Kind.RUNG_CHANGED,
        actor=actor,
        reason=_("Voordracht voor de Kamerrapportage goedgekeurd."),
        visible_to_helper=False,
    )
    return item
