"""Triage decisions on a case: accept, refer, decline or request information.

Each decision is one transaction: the status change (through cases.services.case_transition),
the assignment or referral, and the message that tells the helper.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import STAFF_ROLES, User
from belangenbehartiger.errors import InvalidInput, NotPermitted, TransitionNotAllowed
from cases import services as case_services
from cases.models import Case, CaseEvent, CaseStatus, Message
from cases.status import DECIDABLE_STATUSES

from .models import Referral, ReferralTarget

DECISIONS = ("accept", "refer", "decline", "request_info")


@transaction.atomic
def case_decide(
    *,
    case: Case,
    actor: User,
    decision: str,
    assignee: User | None = None,
    referral_target: ReferralTarget | None = None,
    motivation: str = "",
    question: str = "",
) -> Case:
    if not actor.is_team:
        raise NotPermitted(_("Alleen het team neemt triagebesluiten."))
    if decision not in DECISIONS:
        raise InvalidInput(_("Onbekend besluit."), field="decision")
    if case.status not in DECIDABLE_STATUSES:
        raise TransitionNotAllowed(
            _("Over een casus met status ‘%(status)s’ is al besloten.")
            % {"status": case.get_status_display()}
        )
    motivation, question = motivation.strip(), question.strip()
    if decision in ("refer", "decline") and not motivation:
        raise InvalidInput(_("Geef een motivering voor de hulpverlener."), field="motivation")
    if decision == "refer" and referral_target is None:
        raise InvalidInput(_("Kies waarnaar u doorverwijst."), field="referral_target")
    if decision == "request_info" and not question:
        raise InvalidInput(_("Stel de vraag aan de hulpverlener."), field="question")
    if decision == "accept":
        assignee = assignee or actor
        if assignee.role not in STAFF_ROLES or not assignee.is_active:
            raise InvalidInput(
                _("Wijs de casus toe aan een casemanager van het team."), field="assignee"
            )

    if case.status == CaseStatus.SUBMITTED:
        case_services.case_transition(
            case=case, to_status=CaseStatus.IN_TRIAGE, actor=actor, reason=_("Triage gestart.")
        )
    if decision == "accept":
        case_services.case_transition(
            case=case,
            to_status=CaseStatus.ACCEPTED,
            actor=actor,
            reason=motivation,
            changes={"assignee": assignee},
        )
        CaseEvent.objects.create(
            case=case,
            kind=CaseEvent.Kind.ASSIGNED,
            actor=actor,
            reason=assignee.get_full_name() or assignee.username,
        )
        case_services.message_post(
            case=case,
            author=actor,
            kind=Message.Kind.DECISION,
            body=_("Wij nemen de casus in behandeling. Uw contactpersoon is %(name)s.")
            % {"name": assignee.get_full_name() or assignee.username}
            + (f"\n\n{motivation}" if motivation else ""),
        )
    elif decision == "refer":
        case_services.case_transition(
            case=case,
            to_status=CaseStatus.REFERRED,
            actor=actor,
            reason=f"{referral_target.name}: {motivation}",
        )
        Referral.objects.create(
            case=case, target=referral_target, motivation=motivation, created_by=actor
        )
        body = _("Wij verwijzen de casus door naar %(target)s.\n\nWaarom: %(motivation)s") % {
            "target": referral_target.name,
            "motivation": motivation,
        }
        if referral_target.description:
            body += f"\n\n{referral_target.description}"
        if referral_target.url:
            body += f"\n{referral_target.url}"
        case_services.message_post(case=case, author=actor, kind=Message.Kind.DECISION, body=body)
    elif decision == "decline":
        case_services.case_transition(
            case=case, to_status=CaseStatus.DECLINED, actor=actor, reason=motivation
        )
        case_services.message_post(
            case=case,
            author=actor,
            kind=Message.Kind.DECISION,
            body=_("Wij nemen de casus niet in behandeling.\n\nWaarom: %(motivation)s")
            % {"motivation": motivation},
        )
    else:
        case_services.case_transition(
            case=case, to_status=CaseStatus.INFO_REQUESTED, actor=actor, reason=question
        )
        case_services.message_post(
            case=case, author=actor, kind=Message.Kind.QUESTION, body=question
        )
    return case
