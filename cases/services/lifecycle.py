"""A case from draft to closed: drafts, submission, the one status transition, outcome."""

import hashlib
import hmac
import logging
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Dienst, User
from belangenbehartiger.errors import (
    ConcurrentChange,
    InvalidInput,
    NotPermitted,
    TransitionNotAllowed,
)
from escalation.deadlines import on_case_status_change
from triage.selectors import active_criteria_set
from triage.services import answers_validate, case_assess

from .. import validation
from ..models import (
    Case,
    CaseEvent,
    CaseStatus,
    Outcome,
    PersonalDataView,
    ReferenceCounter,
    SubjectType,
    Theme,
)
from ..transitions import can_transition
from .attachments import _delete_files

logger = logging.getLogger(__name__)

# Plain fields a helper may set on a draft (M2M fields are passed separately).
DRAFT_FIELDS = (
    "subject_type",
    "subject_name",
    "bsn",
    "kvk_number",
    "rsin",
    "postcode_area",
    "contact_details",
    "consent",
    "consent_method",
    "consent_date",
    "summary",
    "description",
    "tried_before",
    "desired_outcome",
    "enforcement_date",
    "amount_involved",
    "urgency_notes",
    "triage_answers",
)


IDENTIFIER_FIELDS = ("bsn", "kvk_number", "rsin")


def local_today():
    return timezone.localdate()


def identifier_hash(value: str) -> str:
    """Keyed hash of a BSN or KvK number: equal numbers match, the number itself is not kept."""
    if not value:
        return ""
    key = settings.IDENTIFIER_HASH_KEY.encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def _apply_fields(case: Case, data: dict[str, Any]) -> None:
    """Set draft fields, normalising identifiers and refreshing their keyed hashes."""
    for name, value in data.items():
        if name not in DRAFT_FIELDS:
            raise InvalidInput(_("Onbekend veld."), field=name)
        if name == "triage_answers":
            value = answers_validate(value, active_criteria_set())
        if value is None and name not in {"consent_date", "enforcement_date", "amount_involved"}:
            value = ""
        if name in IDENTIFIER_FIELDS:
            value = validation.compact_number(value)
        setattr(case, name, value)
    case.bsn_hash = identifier_hash(case.bsn)
    case.kvk_hash = identifier_hash(case.kvk_number)


def case_draft_create(
    *,
    user: User,
    data: dict[str, Any] | None = None,
    intake_token: str | None = None,
) -> tuple[Case, bool]:
    """Start a draft for the helper's organisation. Returns (case, created).

    A repeated ``intake_token`` (double-clicked button, retried request) returns the draft
    made the first time instead of a second one.
    """
    if intake_token:
        existing = Case.objects.filter(
            organisation_id=user.organisation_id, intake_token=intake_token
        ).first()
        if existing is not None:
            return existing, False
    case = Case(organisation_id=user.organisation_id, created_by=user, intake_token=intake_token)
    _apply_fields(case, data or {})
    case._history_user = user
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:
        # Lost the race against the same token: the other request made the draft.
        existing = Case.objects.filter(
            organisation_id=user.organisation_id, intake_token=intake_token
        ).first()
        if existing is None:
            raise
        return existing, False
    return case, True


@transaction.atomic
def case_draft_update(
    *,
    case: Case,
    user: User,
    data: dict[str, Any] | None = None,
    diensten: list[Dienst] | None = None,
    themes: list[Theme] | None = None,
) -> Case:
    if not case.is_draft:
        raise TransitionNotAllowed(
            _("Deze casus is al ingediend en kan niet meer worden gewijzigd.")
        )
    _apply_fields(case, data or {})
    case._history_user = user
    case.save()
    if diensten is not None:
        case.diensten.set(diensten)
    if themes is not None:
        case.themes.set(themes)
    return case


def case_completeness_errors(case: Case) -> dict[str, str]:
    """What still blocks submission, per field, with a message for the helper."""
    errors: dict[str, str] = {}
    required = {
        "subject_type": _("Kies of het om een burger of een ondernemer gaat."),
        "subject_name": _("Vul de naam van de betrokkene in."),
        "postcode_area": _("Vul het postcodegebied (4 cijfers) in."),
        "summary": _("Vul een korte samenvatting in."),
        "description": _("Beschrijf het probleem."),
    }
    for name, message in required.items():
        if not getattr(case, name):
            errors[name] = message
    checks = (
        ("bsn", validation.clean_bsn),
        ("kvk_number", validation.clean_kvk),
        ("rsin", validation.clean_rsin),
        ("postcode_area", validation.clean_postcode_area),
    )
    for name, check in checks:
        value = getattr(case, name)
        if value and name not in errors:
            try:
                check(value)
            except ValidationError as exc:
                errors[name] = exc.messages[0]
    if case.subject_type == SubjectType.BURGER and not case.bsn:
        errors["bsn"] = _("Vul het BSN van de burger in.")
    if case.subject_type == SubjectType.ONDERNEMER and not case.kvk_number:
        errors["kvk_number"] = _("Vul het KvK-nummer van de onderneming in.")
    if not case.consent:
        errors["consent"] = _(
            "Zonder toestemming van de betrokkene kunnen wij de casus niet in behandeling nemen."
        )
    if not case.consent_method:
        errors["consent_method"] = _("Geef aan hoe de toestemming is gegeven.")
    if not case.consent_date:
        errors["consent_date"] = _("Vul de datum van de toestemming in.")
    elif case.consent_date > timezone.localdate():
        errors["consent_date"] = _("De datum van de toestemming kan niet in de toekomst liggen.")
    if not case.diensten.exists():
        errors["diensten"] = _("Kies ten minste één Dienst.")
    return errors


def _next_reference(year: int) -> str:
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

    Checks the transition table against the status the caller saw (``case.status``), locks
    the row, and fails with ConcurrentChange when someone else moved the case first. Writes
    the event row and the field history in the same transaction.
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
        now = timezone.now()
        for name, value in (changes or {}).items():
            setattr(locked, name, value)
        locked.status = to_status
        locked.status_changed_at = now
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
        on_case_status_change(
            case=locked, from_status=from_status, to_status=to_status, actor=actor, reason=reason
        )
    for name in ("status", "status_changed_at", "updated_at", *(changes or {})):
        setattr(case, name, getattr(locked, name))
    return case


def case_submit(*, case: Case, user: User) -> Case:
    """Submit a complete draft: give it a reference and confirm by e-mail after commit."""
    from ..tasks import send_submission_confirmation

    if not case.is_draft:
        raise TransitionNotAllowed(_("Deze casus is al ingediend."))
    errors = case_completeness_errors(case)
    if errors:
        field, message = next(iter(errors.items()))
        raise InvalidInput(message, field=field)
    with transaction.atomic():
        now = timezone.now()
        reference = _next_reference(timezone.localtime(now).year)
        # Criteria answered by the helper are scored at submission; the band sets the
        # triage deadline that the transition opens.
        case_assess(case=case, answers=case.triage_answers, actor=user)
        case_transition(
            case=case,
            to_status=CaseStatus.SUBMITTED,
            actor=user,
            changes={"reference": reference, "submitted_at": now},
        )
        transaction.on_commit(lambda: send_submission_confirmation.delay(case.pk))
    logger.info("case submitted", extra={"case_id": case.pk})
    return case


@transaction.atomic
def case_create_and_submit(
    *,
    user: User,
    data: dict[str, Any],
    diensten: list[Dienst],
    themes: list[Theme],
    idempotency_key: str | None = None,
) -> tuple[Case, bool]:
    """The API's one-step intake: a draft that is submitted at once, or nothing at all.

    Returns (case, created); a repeated idempotency key returns the earlier case.
    """
    case, created = case_draft_create(user=user, data=data, intake_token=idempotency_key)
    if not created:
        return case, False
    case.diensten.set(diensten)
    case.themes.set(themes)
    case_submit(case=case, user=user)
    return case, True


def case_withdraw(*, case: Case, user: User, reason: str) -> Case:
    if not reason.strip():
        raise InvalidInput(_("Geef een reden voor het intrekken."), field="reason")
    return case_transition(
        case=case, to_status=CaseStatus.WITHDRAWN, actor=user, reason=reason.strip()
    )


def case_resolve(*, case: Case, user: User, reason: str) -> Case:
    """The team marks an accepted case as resolved, at whatever rung it stands."""
    if not user.is_team:
        raise NotPermitted(_("Alleen het team rondt een casus af."))
    if not reason.strip():
        raise InvalidInput(_("Beschrijf de oplossing."), field="reason")
    return case_transition(
        case=case, to_status=CaseStatus.RESOLVED, actor=user, reason=reason.strip()
    )


# Which outcome fits the status a case is closed from.
OUTCOMES_FROM = {
    CaseStatus.RESOLVED: {Outcome.FULLY_SOLVED, Outcome.PARTLY_SOLVED, Outcome.NOT_SOLVED},
    CaseStatus.REFERRED: {Outcome.REFERRED},
    CaseStatus.DECLINED: {Outcome.NOT_SOLVED},
    CaseStatus.WITHDRAWN: {Outcome.WITHDRAWN},
}


def case_close(
    *,
    case: Case,
    user: User,
    outcome: str,
    notes: str = "",
    amount_relieved: Decimal | None = None,
) -> Case:
    """Close a case, recording its outcome and, where known, what it achieved."""
    if not user.is_team:
        raise NotPermitted(_("Alleen het team sluit een casus."))
    allowed = OUTCOMES_FROM.get(case.status)
    if allowed is None:
        raise TransitionNotAllowed(
            _("Een casus met status ‘%(s)s’ kan niet worden gesloten.")
            % {"s": case.get_status_display()}
        )
    if outcome not in allowed:
        raise InvalidInput(
            _("Kies een uitkomst die past bij de status: %(o)s.")
            % {"o": ", ".join(str(Outcome(o).label) for o in sorted(allowed))},
            field="outcome",
        )
    if amount_relieved is not None and amount_relieved < 0:
        raise InvalidInput(_("Het bedrag kan niet negatief zijn."), field="amount_relieved")
    return case_transition(
        case=case,
        to_status=CaseStatus.CLOSED,
        actor=user,
        reason=notes.strip() or str(Outcome(outcome).label),
        changes={
            "outcome": outcome,
            "outcome_notes": notes.strip(),
            "amount_relieved": amount_relieved,
            "closed_at": timezone.now(),
        },
    )


def draft_delete(*, case: Case, user: User) -> None:
    if not case.is_draft:
        raise TransitionNotAllowed(_("Alleen een concept kan worden verwijderd."))
    with transaction.atomic():
        files = [a.file.name for a in case.attachments.all()]
        case.delete()
        transaction.on_commit(lambda: _delete_files(files))


def drafts_purge_stale(*, older_than_days: int | None = None) -> int:
    """Delete drafts untouched for the retention period; they hold personal data."""
    days = older_than_days if older_than_days is not None else settings.DRAFT_RETENTION_DAYS
    cutoff = timezone.now() - timedelta(days=days)
    stale = Case.objects.filter(status=CaseStatus.DRAFT, updated_at__lt=cutoff)
    count = 0
    for case in stale.iterator():
        draft_delete(case=case, user=case.created_by)
        count += 1
    return count


def personal_data_view_record(*, case: Case, user: User, channel: str) -> None:
    """Log that ``user`` saw the personal data of ``case`` (who looked is itself audited)."""
    PersonalDataView.objects.create(case=case, user=user, channel=channel)
