"""Drafts of the helper's intake: created, updated, checked for completeness, deleted."""

import hashlib
import hmac
import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Dienst, User
from audit.services import access_record
from belangenbehartiger.errors import InvalidInput, TransitionNotAllowed

from .. import validation
from ..models import Case, CaseStatus, SubjectType, Theme
from .attachments import delete_files

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


def identifier_hash(value: str) -> str:
    """Keyed hash of a BSN or KvK number: equal numbers match, the number itself is not kept."""
    if not value:
        return ""
    key = settings.IDENTIFIER_HASH_KEY.encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def _answers_shape(value: Any) -> dict[str, bool]:
    if value in (None, ""):
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, bool) for k, v in value.items()
    ):
        raise InvalidInput(
            _("Geef de antwoorden als {sleutel: true/false}."), field="triage_answers"
        )
    return dict(value)


def _apply_fields(case: Case, data: dict[str, Any]) -> None:
    """Set draft fields, normalising identifiers and refreshing their keyed hashes."""
    for name, value in data.items():
        if name not in DRAFT_FIELDS:
            raise InvalidInput(_("Onbekend veld."), field=name)
        if name == "triage_answers":
            # Which keys exist is triage's to say (casework checks them before calling).
            value = _answers_shape(value)
        if value is None and name not in {"consent_date", "enforcement_date", "amount_involved"}:
            value = ""
        if name in IDENTIFIER_FIELDS:
            value = validation.compact_number(value)
        setattr(case, name, value)
    case.bsn_hash = identifier_hash(case.bsn)
    case.kvk_hash = identifier_hash(case.kvk_number)


def case_draft_build(
    *,
    user: User,
    data: dict[str, Any] | None = None,
    intake_token: str | None = None,
    intake_body_hash: str = "",
) -> Case:
    """A draft for the helper's organisation, not stored yet (the API's one-step intake
    stores it by submitting it, ``case_transition``)."""
    case = Case(
        organisation_id=user.organisation_id,
        created_by=user,
        intake_token=intake_token,
        intake_body_hash=intake_body_hash,
    )
    if User._meta.get_field("organisation").is_cached(user):
        case.organisation = user.organisation  # already loaded: pages need no query for it
    _apply_fields(case, data or {})
    case._history_user = user
    return case


def case_by_intake_token(*, user: User, intake_token: str) -> Case | None:
    return Case.objects.filter(
        organisation_id=user.organisation_id, intake_token=intake_token
    ).first()


def case_draft_create(
    *,
    user: User,
    data: dict[str, Any] | None = None,
    intake_token: str | None = None,
    intake_body_hash: str = "",
) -> tuple[Case, bool]:
    """Start a draft for the helper's organisation. Returns (case, created).

    A repeated ``intake_token`` (double-clicked button, retried request) returns the draft
    made the first time instead of a second one; ``intake_body_hash`` is kept with the token
    so the caller can tell a retry from another request that reused it.
    """
    if intake_token:
        existing = case_by_intake_token(user=user, intake_token=intake_token)
        if existing is not None:
            return existing, False
    case = case_draft_build(
        user=user, data=data, intake_token=intake_token, intake_body_hash=intake_body_hash
    )
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:
        # Lost the race against the same token: the other request made the draft.
        existing = case_by_intake_token(user=user, intake_token=intake_token)
        if existing is None:
            raise
        return existing, False
    return case, True


def case_relations_add(*, case: Case, diensten: list[Dienst], themes: list[Theme]) -> None:
    """The Diensten and themes of a case just stored: one INSERT per table, and the case
    remembers them, so reading ``case.diensten.all()`` afterwards needs no query."""
    links = ((Case.diensten, "dienst", diensten), (Case.themes, "theme", themes))
    for descriptor, name, objects in links:
        if objects:
            through = descriptor.through
            through.objects.bulk_create(
                [through(case_id=case.pk, **{f"{name}_id": obj.pk}) for obj in objects]
            )
    _remember(case, "diensten", diensten)
    _remember(case, "themes", themes)


def _remember(case: Case, name: str, objects: list) -> None:
    """Leave ``objects`` where prefetch_related(name) would, in the model's order."""
    related = getattr(case, name).all()
    ordering = related.model._meta.ordering
    related._result_cache = sorted(
        objects, key=lambda obj: [getattr(obj, field) for field in ordering] + [obj.pk]
    )
    related._prefetch_done = True
    if not hasattr(case, "_prefetched_objects_cache"):
        case._prefetched_objects_cache = {}
    case._prefetched_objects_cache[name] = related


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


def case_completeness_errors(case: Case, *, diensten: list[Dienst] | None = None) -> dict[str, str]:
    """What still blocks submission, per field, with a message for the helper.

    ``diensten``: those of a case not stored yet (otherwise they are read from the case).
    """
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
    if not (diensten if diensten is not None else case.diensten.exists()):
        errors["diensten"] = _("Kies ten minste één Dienst.")
    if case.amount_involved is not None and case.amount_involved < 0:
        errors["amount_involved"] = _("Het bedrag kan niet negatief zijn.")
    return errors


def draft_delete(*, case: Case, user: User) -> None:
    if not case.is_draft:
        raise TransitionNotAllowed(_("Alleen een concept kan worden verwijderd."))
    with transaction.atomic():
        files = [a.file.name for a in case.attachments.all()]
        case.delete()
        transaction.on_commit(lambda: delete_files(files))


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


def personal_data_access_record(
    *, case: Case, user: User, operation: str, channel: str = "web"
) -> None:
    """Log in the access log that ``user`` saw or took the personal data of ``case``
    through ``operation`` (audit.activities.OPERATIONS), by web or API."""
    access_record(
        user=user,
        name=operation,
        case_id=case.pk,
        case_reference=case.reference or "",
        channel=channel,
    )
