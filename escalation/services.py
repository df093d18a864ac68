"""Writes of the escalation ladder: moving a case between rungs, requests to the Diensten
and their answers, and the Kamer-report rung."""

import re
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Dienst, Role, User
from belangenbehartiger.errors import (
    ConcurrentChange,
    InvalidInput,
    NotPermitted,
    TransitionNotAllowed,
)
from cases import services as case_services
from cases.models import Case, CaseEvent, CaseStatus
from cases.status import LADDER_STATUSES
from deadlines import services as clocks
from deadlines.formats import long_date
from deadlines.models import Deadline, Notification

from .models import (
    DienstRequest,
    InformalContact,
    KamerItemEvent,
    KamerReportItem,
    LadderPosition,
    RequestEvent,
    Rung,
)
from .status import (
    FREEZE_RUNG,
    KAMER_ITEM_TRANSITIONS,
    KAMER_RUNG,
    MEDIATION_RUNG,
    OPEN_REQUEST_STATUSES,
    OUTCOMES,
    REQUEST_STATUSES,
)

R = DienstRequest.Status
K = Deadline.Kind


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


def _current_rung(case: Case) -> Rung | None:
    position = LadderPosition.objects.filter(case=case).select_related("rung").first()
    return position.rung if position else None


@transaction.atomic
def case_rung_move(*, case: Case, rung: Rung, actor: User, reason: str) -> Case:
    """The one way a case changes rung (up or down), with a reason; every move is an event.

    The first move takes an accepted case into progress. The reason is for the team; the
    helper's timeline shows only the new step (not at all for the Kamer step before a lead
    approved it).
    """
    _require_team(actor)
    _require_on_ladder(case)
    if not reason.strip():
        raise InvalidInput(_("Geef een reden voor de stap op de ladder."), field="reason")
    locked = Case.objects.select_for_update().get(pk=case.pk)
    current = _current_rung(locked)
    if locked.status != case.status:
        raise ConcurrentChange(
            _("Iemand anders heeft deze casus net gewijzigd. Laad de pagina opnieuw.")
        )
    if current is not None and current.pk == rung.pk:
        raise InvalidInput(_("De casus staat al op deze trede."), field="rung")
    if case.status == CaseStatus.ACCEPTED:
        case_services.case_transition(
            case=case,
            to_status=CaseStatus.IN_PROGRESS,
            actor=actor,
        )
    LadderPosition.objects.update_or_create(case=locked, defaults={"rung": rung})
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.RUNG_CHANGED,
        actor=actor,
        reason=f"{current.name if current else _('geen')} → {rung.name}: {reason.strip()}",
        helper_text=rung.name,
        # The Kamer step is the helper's to see only once a lead approved the vignette.
        visible_to_helper=rung.code != KAMER_RUNG,
    )
    if rung.code != KAMER_RUNG:
        case_services.helper_notify(
            case=case,
            title=gettext_lazy("Casus %(reference)s staat op een nieuwe stap: %(step)s"),
            actor=actor,
            step=rung.name,
        )
    return case


def case_requests_stop(*, case: Case, actor: User | None, reason: str = "") -> int:
    """The case left the process: withdraw the requests still awaiting approval or an answer
    (so no Dienst answers them or gets reminders) and stop the clocks of the others (the end
    of a granted freeze). Returns how many requests were withdrawn."""
    withdrawn = 0
    for request in DienstRequest.objects.filter(case=case, status__in=OPEN_REQUEST_STATUSES):
        request_transition(
            request=request,
            to_status=R.WITHDRAWN,
            actor=actor,
            note=reason or _("De casus is afgesloten of ingetrokken."),
        )
        withdrawn += 1
    clocks.deadlines_close(
        Deadline.objects.filter(dienst_request__case=case),
        to_status=Deadline.Status.CANCELLED,
        actor=actor,
        reason=reason,
    )
    return withdrawn


def _rung(code: str) -> Rung:
    return Rung.objects.get(code=code)


# --- requests to a Dienst -------------------------------------------------------------------


def request_transition(
    *, request: DienstRequest, to_status: str, actor: User | None, note: str = "", changes=None
) -> DienstRequest:
    """The one place where a request changes status: table check, row lock, event row, and
    the clocks of the new status (escalation/status.py)."""
    from_status = request.status
    if to_status not in REQUEST_STATUSES[from_status].next:
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
        effects = REQUEST_STATUSES[to_status]
        if effects.done:
            clocks.deadlines_done(locked.deadlines.all(), kinds=effects.done, actor=actor)
        if effects.cancel_all:
            clocks.deadlines_close(
                locked.deadlines.all(), to_status=Deadline.Status.CANCELLED, actor=actor
            )
        for kind in effects.start:
            days = _clock_days(locked, kind)
            if days is not None:
                _request_clock(locked, kind, working_days=days, actor=actor)
        if to_status == R.SENT:
            _on_sent(locked, actor=actor)
    for name in ("status", *(changes or {})):
        setattr(request, name, getattr(locked, name))
    return request


def _clock_days(request: DienstRequest, kind: str) -> int | None:
    """The working days the request's rung gives the Dienst for this clock (None: none)."""
    rung = request.rung
    if kind == K.DIENST_ACKNOWLEDGE:
        return rung.acknowledge_days
    if kind == K.DIENST_ANSWER:
        return rung.answer_days_for(urgent=request.urgent)
    raise ValueError(f"not a clock the Dienst owes: {kind}")


def _request_clock(request: DienstRequest, kind: str, *, actor, **when) -> Deadline:
    case = request.case
    return clocks.deadline_open(
        subject=request,
        kind=kind,
        owner=case.assignee,
        # The end of a granted freeze is the team's to watch; the Dienst owes the others.
        dienst=None if kind == K.FREEZE_END else request.dienst,
        label=case.reference,
        url=f"/casussen/{case.reference}/#verzoek-{request.pk}",
        dienst_url=f"/dienst/verzoeken/{request.pk}/",
        actor=actor,
        **when,
    )


def _tell_liaisons(request: DienstRequest, title: str, *, stage=Notification.Stage.EVENT) -> None:
    clocks.notify(
        recipients=User.objects.filter(
            role=Role.LIAISON, is_active=True, organisation__dienst=request.dienst_id
        ),
        stage=stage,
        title=title,
        url=f"/dienst/verzoeken/{request.pk}/",
    )


def _on_sent(request: DienstRequest, *, actor) -> None:
    DienstRequest.objects.filter(pk=request.pk).update(sent_at=timezone.now())
    _tell_liaisons(
        request,
        _("Nieuw verzoek van de Belangenbehartiger: %(kind)s")
        % {"kind": request.get_kind_display()},
        stage=Notification.Stage.NEW_REQUEST,
    )


def _check_freeze_until(value: date | None, *, field: str) -> date:
    """A freeze ends on a day after today and at most FREEZE_MAX_DAYS ahead."""
    if value is None:
        raise InvalidInput(_("Geef aan tot wanneer bevroren moet worden."), field=field)
    today = timezone.localdate()
    latest = today + timedelta(days=settings.FREEZE_MAX_DAYS)
    if value <= today:
        raise InvalidInput(
            _("De einddatum van de bevriezing moet in de toekomst liggen."), field=field
        )
    if value > latest:
        raise InvalidInput(
            _("Een bevriezing loopt hoogstens %(days)d dagen, tot uiterlijk %(latest)s.")
            % {"days": settings.FREEZE_MAX_DAYS, "latest": long_date(latest)},
            field=field,
        )
    return value


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
        freeze_until = _check_freeze_until(freeze_until, field="until")
        if not freeze_scope:
            freeze_scope = DienstRequest.FreezeScope.INVORDERING
        freeze_rung = _rung(FREEZE_RUNG)
        if _current_rung(case) != freeze_rung:
            case_rung_move(
                case=case,
                rung=freeze_rung,
                actor=actor,
                reason=_("Verzoek tot bevriezen aan %(d)s.") % {"d": dienst.name},
            )
    elif _current_rung(case) is None:
        case_rung_move(
            case=case, rung=_rung(MEDIATION_RUNG), actor=actor, reason=_("Start bemiddeling.")
        )
    rung = _current_rung(case)
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
    return request_transition(
        request=request,
        to_status=R.ACKNOWLEDGED,
        actor=actor,
        changes={"acknowledged_at": timezone.now(), "acknowledged_by": actor},
    )


@transaction.atomic
def request_respond(
    *,
    request: DienstRequest,
    actor: User,
    outcome: str,
    motivation: str = "",
    granted_until: date | None = None,
) -> DienstRequest:
    """The Dienst's response: comply or explain, or a question or counter-proposal that keeps
    the thread going (escalation/status.py OUTCOMES). A granted freeze gets its own
    end deadline. The case's casemanager is told, and the response is unread until seen."""
    _require_liaison_of(request, actor)
    Outcome = DienstRequest.Outcome
    if outcome not in Outcome.values:
        raise InvalidInput(_("Onbekend antwoord."), field="outcome")
    motivation = motivation.strip()
    rule = OUTCOMES[outcome]
    if rule.missing_motivation and not motivation:
        raise InvalidInput(str(rule.missing_motivation), field="motivation")
    granted = None
    if request.kind == DienstRequest.Kind.FREEZE and outcome in (
        Outcome.ACCEPTED,
        Outcome.PARTLY_ACCEPTED,
    ):
        granted = _check_freeze_until(granted_until or request.freeze_until, field="granted_until")
        if granted > request.freeze_until:
            raise InvalidInput(
                _("Een bevriezing kan niet langer lopen dan gevraagd (tot %(until)s).")
                % {"until": long_date(request.freeze_until)},
                field="granted_until",
            )
    request_transition(
        request=request,
        to_status=rule.status,
        actor=actor,
        note=motivation,
        changes={
            "outcome": outcome,
            "motivation": motivation,
            "granted_until": granted,
            "responded_by": actor,
            "responded_at": timezone.now(),
            "response_seen_at": None,
        },
    )
    if granted:
        _request_clock(request, K.FREEZE_END, day=granted, actor=actor)
    case = request.case
    values = {"dienst": request.dienst.name, "ref": case.reference}
    if outcome == Outcome.QUESTION:
        title = _("%(dienst)s stelt een vraag over uw verzoek bij %(ref)s") % values
    elif outcome == Outcome.COUNTER_PROPOSAL:
        title = _("%(dienst)s doet een tegenvoorstel bij %(ref)s") % values
    else:
        title = _("%(dienst)s heeft geantwoord op uw verzoek bij %(ref)s: %(outcome)s") % {
            **values,
            "outcome": Outcome(outcome).label,
        }
    clocks.notify(
        recipients=[case.assignee] if case.assignee_id else [],
        stage=Notification.Stage.ANSWERED,
        title=title,
        url=f"/casussen/{case.reference}/#verzoek-{request.pk}",
    )
    return request


@transaction.atomic
def request_reply(*, request: DienstRequest, actor: User, text: str) -> DienstRequest:
    """The team answers the Dienst's question. The request goes back to the Dienst, with a
    new answer clock of the rung's length."""
    _require_team(actor)
    if request.status != R.DIENST_QUESTION:
        raise TransitionNotAllowed(_("Er staat geen vraag van de Dienst open bij dit verzoek."))
    text = text.strip()
    if not text:
        raise InvalidInput(_("Schrijf uw antwoord op de vraag van de Dienst."), field="text")
    request_transition(request=request, to_status=R.REPLIED, actor=actor, note=text)
    _tell_liaisons(
        request,
        _("De Belangenbehartiger heeft uw vraag beantwoord (%(ref)s)")
        % {"ref": request.case.reference},
    )
    return request


@transaction.atomic
def request_counter_proposal_decide(
    *, request: DienstRequest, actor: User, accept: bool, reason: str = ""
) -> DienstRequest:
    """The team accepts the Dienst's counter-proposal (the request ends in agreement) or
    rejects it with a reason (the request goes back to the Dienst with a new answer clock)."""
    _require_team(actor)
    if request.status != R.COUNTER_PROPOSED:
        raise TransitionNotAllowed(
            _("Er ligt geen tegenvoorstel van de Dienst open bij dit verzoek.")
        )
    reason = reason.strip()
    ref = {"ref": request.case.reference}
    if accept:
        request_transition(
            request=request,
            to_status=R.AGREED,
            actor=actor,
            note=reason or _("Tegenvoorstel aanvaard."),
        )
        _tell_liaisons(
            request, _("De Belangenbehartiger aanvaardt uw tegenvoorstel (%(ref)s)") % ref
        )
        return request
    if not reason:
        raise InvalidInput(
            _("Leg de Dienst uit waarom u het tegenvoorstel afwijst."), field="reason"
        )
    request_transition(request=request, to_status=R.COUNTER_REJECTED, actor=actor, note=reason)
    _tell_liaisons(request, _("De Belangenbehartiger wijst uw tegenvoorstel af (%(ref)s)") % ref)
    return request


def request_responses_mark_seen(*, case: Case, user: User) -> int:
    """The case's casemanager opened the case: the Dienst's responses shown there are read
    (they leave 'answers to read' in the werkvoorraad). Others reading changes nothing."""
    if not case.assignee_id or user.pk != case.assignee_id:
        return 0
    return DienstRequest.objects.filter(
        case=case, responded_at__isnull=False, response_seen_at__isnull=True
    ).update(response_seen_at=timezone.now())


# --- informal contact ------------------------------------------------------------------------

# A little slack for a clock that runs ahead of the server's.
_CONTACT_FUTURE_SLACK = timedelta(minutes=5)


@transaction.atomic
def informal_contact_log(
    *,
    case: Case,
    actor: User,
    dienst: Dienst,
    kind: str,
    at,
    contact_name: str,
    agreed: str,
    notes: str = "",
) -> InformalContact:
    """Log contact with a Dienst outside the system: who, when and what was agreed.

    On an accepted case that is not on the ladder yet, the first contact starts the
    mediation rung: the minnelijke route has begun.
    """
    _require_team(actor)
    if case.status in (CaseStatus.DRAFT, CaseStatus.CLOSED):
        raise TransitionNotAllowed(
            _("Bij een afgesloten casus wordt geen contact meer vastgelegd.")
        )
    if kind not in InformalContact.Kind.values:
        raise InvalidInput(_("Kies de soort contact."), field="kind")
    if not case.diensten.filter(pk=dienst.pk).exists():
        raise InvalidInput(_("Deze Dienst is niet bij de casus betrokken."), field="dienst")
    if at > timezone.now() + _CONTACT_FUTURE_SLACK:
        raise InvalidInput(
            _("Leg contact vast dat heeft plaatsgevonden: het moment ligt in de toekomst."),
            field="at",
        )
    if case.submitted_at and at < case.submitted_at - timedelta(days=365):
        raise InvalidInput(
            _("Dit moment ligt meer dan een jaar voor de indiening van de casus."), field="at"
        )
    contact_name, agreed = contact_name.strip(), agreed.strip()
    if not contact_name:
        raise InvalidInput(_("Vul in met wie u contact had."), field="contact_name")
    if not agreed:
        raise InvalidInput(
            _("Leg vast wat is afgesproken (of dat niets is afgesproken)."), field="agreed"
        )
    contact = InformalContact.objects.create(
        case=case,
        dienst=dienst,
        kind=kind,
        at=at,
        contact_name=contact_name,
        agreed=agreed,
        notes=notes.strip(),
        author=actor,
    )
    if case.status == CaseStatus.ACCEPTED and _current_rung(case) is None:
        case_rung_move(
            case=case,
            rung=_rung(MEDIATION_RUNG),
            actor=actor,
            reason=_("Start bemiddeling: %(kind)s met %(dienst)s.")
            % {"kind": contact.get_kind_display().lower(), "dienst": dienst.name},
        )
    return contact


@transaction.atomic
def request_deadline_extend(
    *, deadline: Deadline, actor: User, new_due: date, reason: str
) -> Deadline:
    """More time on a clock of the ladder, with a reason (team only). Extending the end of a
    granted freeze extends the freeze itself: the request's granted date follows."""
    _require_team(actor)
    if deadline.kind == K.FREEZE_END:
        _check_freeze_until(new_due, field="new_due")
    clocks.deadline_extend(deadline=deadline, actor=actor, new_due=new_due, reason=reason)
    if deadline.kind == K.FREEZE_END:
        request = DienstRequest.objects.select_for_update().get(pk=deadline.subject_id)
        RequestEvent.objects.create(
            request=request,
            actor=actor,
            from_status=request.status,
            to_status=request.status,
            note=_("Bevriezing verlengd tot %(day)s: %(reason)s")
            % {"day": long_date(new_due), "reason": reason.strip()},
        )
        DienstRequest.objects.filter(pk=request.pk).update(granted_until=new_due)
    return deadline


# --- the Kamer-report rung -------------------------------------------------------------------


def anonymity_problems(case: Case, text: str) -> list[str]:
    """What in ``text`` could identify the person of ``case``, named for the writer ("de
    naam", "het BSN", ...); empty when the text is anonymous.

    Used for every anonymised text about a case: the Kamer vignette here and the summaries
    of the solution library (frontdoor.services).
    """
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
    """Put the case forward for the Kamer report with an anonymised vignette; a refused
    proposal may be put forward again with a new one."""
    _require_team(actor)
    _require_on_ladder(case)
    vignette = vignette.strip()
    if len(vignette) < 40:
        raise InvalidInput(_("Beschrijf de casus in ten minste een paar zinnen."), field="vignette")
    found = anonymity_problems(case, vignette)
    if found:
        raise InvalidInput(
            _("De beschrijving is niet anoniem: haal %(what)s weg.") % {"what": ", ".join(found)},
            field="vignette",
        )
    item = KamerReportItem.objects.filter(case=case).first()
    if item is not None and item.status != KamerReportItem.Status.REFUSED:
        raise InvalidInput(_("Deze casus is al voorgedragen voor de Kamerrapportage."))
    kamer_rung = _rung(KAMER_RUNG)
    if _current_rung(case) != kamer_rung:
        case_rung_move(
            case=case,
            rung=kamer_rung,
            actor=actor,
            reason=reason or _("Voordragen voor de Kamerrapportage."),
        )
    if item is None:
        item = KamerReportItem.objects.create(case=case, vignette=vignette, author=actor)
        KamerItemEvent.objects.create(
            item=item, actor=actor, to_status=item.status, note=reason.strip()
        )
        return item
    return kamer_item_transition(
        item=item,
        to_status=KamerReportItem.Status.PROPOSED,
        actor=actor,
        note=reason.strip(),
        changes={"vignette": vignette, "author": actor, "approved_by": None, "approved_at": None},
    )


def kamer_item_transition(
    *, item: KamerReportItem, to_status: str, actor: User, note: str = "", changes=None
) -> KamerReportItem:
    """The one place where a Kamer-report proposal changes status: table check, row lock,
    event row."""
    from_status = item.status
    if to_status not in KAMER_ITEM_TRANSITIONS[from_status]:
        raise TransitionNotAllowed(
            _("Een voordracht met status ‘%(from)s’ kan niet naar ‘%(to)s’.")
            % {
                "from": KamerReportItem.Status(from_status).label,
                "to": KamerReportItem.Status(to_status).label,
            }
        )
    with transaction.atomic():
        locked = KamerReportItem.objects.select_for_update().get(pk=item.pk)
        if locked.status != from_status:
            raise ConcurrentChange(_("Deze voordracht is net door iemand anders gewijzigd."))
        for name, value in (changes or {}).items():
            setattr(locked, name, value)
        locked.status = to_status
        locked.save()
        KamerItemEvent.objects.create(
            item=locked, actor=actor, from_status=from_status, to_status=to_status, note=note
        )
    for name in ("status", *(changes or {})):
        setattr(item, name, getattr(locked, name))
    return item


def _require_other_lead(item: KamerReportItem, actor: User) -> None:
    if actor.role != Role.LEAD:
        raise NotPermitted(_("Alleen een leidinggevende keurt dit goed."))
    if actor.pk == item.author_id:
        raise NotPermitted(
            _(
                "U kunt uw eigen voordracht niet goedkeuren: een andere leidinggevende moet dit doen."
            )
        )


@transaction.atomic
def kamer_item_approve(*, item: KamerReportItem, actor: User) -> KamerReportItem:
    _require_other_lead(item, actor)
    kamer_item_transition(
        item=item,
        to_status=KamerReportItem.Status.APPROVED,
        actor=actor,
        changes={"approved_by": actor, "approved_at": timezone.now()},
    )
    # Now the helper may see the step (the vignette itself stays with the team).
    CaseEvent.objects.create(
        case=item.case,
        kind=CaseEvent.Kind.KAMER_APPROVED,
        actor=actor,
        helper_text=_("Geanonimiseerd voorgedragen voor de rapportage aan de Tweede Kamer"),
    )
    case_services.helper_notify(
        case=item.case,
        title=gettext_lazy(
            "Casus %(reference)s is geanonimiseerd voorgedragen voor de rapportage aan de "
            "Tweede Kamer"
        ),
        actor=actor,
    )
    return item


def kamer_item_refuse(*, item: KamerReportItem, actor: User, note: str) -> KamerReportItem:
    _require_other_lead(item, actor)
    if not note.strip():
        raise InvalidInput(_("Geef aan waarom de voordracht niet wordt goedgekeurd."), field="note")
    return kamer_item_transition(
        item=item, to_status=KamerReportItem.Status.REFUSED, actor=actor, note=note.strip()
    )
