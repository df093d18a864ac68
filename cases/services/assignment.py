"""Who handles a case: handing it over to another casemanager, with a reason."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import STAFF_ROLES, User
from belangenbehartiger.errors import ConcurrentChange, InvalidInput, NotPermitted
from deadlines import services as clocks

from ..models import Case, CaseEvent, Message
from ..selectors import can_reassign
from .conversation import message_post


def _name(user: User | None) -> str:
    if user is None:
        return _("niemand")
    return user.get_full_name() or user.username


@transaction.atomic
def case_assign(*, case: Case, assignee: User, actor: User, reason: str) -> Case:
    """Hand the case over to ``assignee``: a lead for any open case, the assignee for its own.

    Writes a CaseEvent (who, from whom to whom, why), tells the new casemanager (and the
    previous one, when someone else took the case away), and tells the helper who its new
    contact person is. The case's clocks follow in ``casework.steps.case_reassign``.
    """
    if not can_reassign(actor, case):
        raise NotPermitted(
            _("Alleen een leidinggevende of de casemanager van de casus draagt de casus over.")
        )
    if assignee.role not in STAFF_ROLES or not assignee.is_active:
        raise InvalidInput(_("Kies een casemanager van het team."), field="assignee")
    if assignee.pk == case.assignee_id:
        raise InvalidInput(
            _("De casus staat al op naam van %(name)s.") % {"name": _name(assignee)},
            field="assignee",
        )
    reason = reason.strip()
    if not reason:
        raise InvalidInput(_("Geef een reden voor de overdracht."), field="reason")
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.assignee_id != case.assignee_id or locked.status != case.status:
        raise ConcurrentChange(
            _("Iemand anders heeft deze casus net gewijzigd. Laad de pagina opnieuw.")
        )
    previous = locked.assignee
    locked.assignee = assignee
    locked._history_user = actor
    locked.save(update_fields=["assignee", "updated_at"])
    CaseEvent.objects.create(
        case=locked,
        kind=CaseEvent.Kind.ASSIGNED,
        actor=actor,
        reason=f"{_name(previous)} → {_name(assignee)}: {reason}",
        helper_text=_("Nieuwe contactpersoon: %(name)s") % {"name": _name(assignee)},
    )
    url = f"/casussen/{locked.reference}/"
    clocks.notify(
        recipients=[assignee],
        title=_("%(actor)s heeft casus %(ref)s aan u overgedragen")
        % {"actor": _name(actor), "ref": locked.reference},
        url=url,
    )
    if previous is not None and previous.pk != actor.pk:
        clocks.notify(
            recipients=[previous],
            title=_("Casus %(ref)s is overgedragen aan %(name)s")
            % {"ref": locked.reference, "name": _name(assignee)},
            url=url,
        )
    if previous is not None:
        # The helper was told who its contact person is; it hears of the new one.
        message_post(
            case=locked,
            author=actor,
            kind=Message.Kind.MESSAGE,
            body=_("Vanaf nu is %(name)s uw contactpersoon voor deze casus.")
            % {"name": _name(assignee)},
        )
    case.assignee = assignee
    case.updated_at = locked.updated_at
    return case
