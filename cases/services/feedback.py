"""Feedback after closure (DESIGN.md §5 "merkbare resultaten"): the helper, and the person
through the status link, rate the outcome and the process of a closed case."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from belangenbehartiger.errors import InvalidInput, NotPermitted, TransitionNotAllowed

from ..models import Case, CaseStatus, Feedback

COMMENT_MAX = 2000


def _rating(value, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in Feedback.RATINGS:
        raise InvalidInput(_("Kies een cijfer van 1 tot en met 5."), field=field)
    return value


def feedback_give(
    *,
    case: Case,
    respondent: str,
    outcome_rating: int,
    process_rating: int,
    comment: str = "",
    user: User | None = None,
) -> Feedback:
    """Record one respondent's feedback on a closed case, once.

    ``respondent`` is ``helper`` (then ``user`` is a helper of the case's organisation) or
    ``person`` (the caller has checked the status link; there is no user)."""
    if respondent == Feedback.Respondent.HELPER:
        if user is None or not user.is_helper or user.organisation_id != case.organisation_id:
            raise NotPermitted(_("Alleen de hulpverlener van de casus geeft hier een oordeel."))
    elif respondent != Feedback.Respondent.PERSON:
        raise InvalidInput(_("Onbekende soort terugkoppeling."), field="respondent")
    if case.status != CaseStatus.CLOSED:
        raise TransitionNotAllowed(_("U kunt uw oordeel geven zodra de casus is afgesloten."))
    outcome_rating = _rating(outcome_rating, "outcome_rating")
    process_rating = _rating(process_rating, "process_rating")
    comment = comment.strip()
    if len(comment) > COMMENT_MAX:
        raise InvalidInput(
            _("De toelichting is te lang: hoogstens %(n)d tekens.") % {"n": COMMENT_MAX},
            field="comment",
        )
    already = _("Voor deze casus is al een oordeel gegeven. Dat kan één keer.")
    if Feedback.objects.filter(case=case, respondent=respondent).exists():
        raise TransitionNotAllowed(already)
    try:
        with transaction.atomic():
            return Feedback.objects.create(
                case=case,
                respondent=respondent,
                outcome_rating=outcome_rating,
                process_rating=process_rating,
                comment=comment,
                given_by=user if respondent == Feedback.Respondent.HELPER else None,
            )
    except IntegrityError:
        # Two submissions at the same moment: the unique constraint lets one through.
        raise TransitionNotAllowed(already) from None
