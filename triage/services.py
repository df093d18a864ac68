"""Writes for triage: assessing cases and managing criteria sets.

Decisions on cases live in triage/decisions.py (they go through the case transition service).
"""

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from belangenbehartiger.errors import ConcurrentChange, InvalidInput, NotPermitted
from cases import services as case_services
from cases.models import Case

from . import scoring, selectors
from .models import BAND_RANK, Assessment, CriteriaSet, Criterion

CRITERIA_EDITORS = (Role.ADMIN, Role.LEAD)


def answers_validate(answers: Any, criteria_set: CriteriaSet) -> dict[str, bool]:
    """{key: bool} with keys of ``criteria_set`` only; anything else is InvalidInput."""
    if answers in (None, ""):
        return {}
    if not isinstance(answers, dict):
        raise InvalidInput(
            _("Geef de antwoorden als {sleutel: true/false}."), field="triage_answers"
        )
    known = {c.key for c in criteria_set.criteria.all()}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise InvalidInput(
            _("Onbekend criterium: %(keys)s.") % {"keys": ", ".join(unknown)},
            field="triage_answers",
        )
    if not all(isinstance(v, bool) for v in answers.values()):
        raise InvalidInput(_("Elk antwoord moet true of false zijn."), field="triage_answers")
    return dict(answers)


@dataclass(frozen=True)
class Scored:
    """Answers checked against a criteria set and scored with it; nothing stored yet."""

    criteria_set: CriteriaSet
    answers: dict[str, bool]
    result: scoring.Result

    @property
    def case_fields(self) -> dict[str, Any]:
        """The triage columns of Case that the queue orders and filters on."""
        band = self.result.band
        return {
            "triage_band": band,
            "triage_rank": BAND_RANK[band],
            "triage_score": self.result.score,
        }


def case_score(*, answers: Any, criteria_set: CriteriaSet | None = None) -> Scored:
    """Check ``answers`` against ``criteria_set`` (the active set by default) and score."""
    criteria_set = criteria_set or selectors.active_criteria_set()
    answers = answers_validate(answers, criteria_set)
    return Scored(
        criteria_set=criteria_set,
        answers=answers,
        result=scoring.score(answers, selectors.specs(criteria_set)),
    )


def assessment_record(
    *, case: Case, scored: Scored, actor: User | None, reason: str = ""
) -> Assessment:
    """Keep a scoring as an assessment row of a stored case (one INSERT).

    The caller copies ``scored.case_fields`` onto the case: ``case_assess`` does, and the
    submission step passes them to the transition that submits the case.
    """
    result = scored.result
    return Assessment.objects.create(
        case=case,
        criteria_set=scored.criteria_set,
        answers=scored.answers,
        score=result.score,
        band=result.band,
        suggestion=result.suggestion,
        contributions=result.contributions,
        flags=result.flags,
        created_by=actor,
        reason=reason,
    )


def case_assess(
    *, case: Case, answers: dict[str, bool], actor: User | None, reason: str = ""
) -> Assessment:
    """Score ``case`` with the active set and keep the result; earlier assessments stay.

    The case's triage columns follow, and when its rank changes the counter cells move
    with it (under the row lock, so a transition at the same time cannot miscount).
    """
    scored = case_score(answers=answers)
    fields = scored.case_fields
    with transaction.atomic():
        status, old_rank = (
            Case.objects.select_for_update()
            .filter(pk=case.pk)
            .values_list("status", "triage_rank")
            .get()
        )
        assessment = assessment_record(case=case, scored=scored, actor=actor, reason=reason)
        Case.objects.filter(pk=case.pk).update(**fields)
        if old_rank != fields["triage_rank"]:
            dienst_ids, theme_ids = case_services.case_relation_ids(case.pk)
            case_services.case_counts_move(
                case_pk=case.pk,
                before=(status, old_rank),
                after=(status, fields["triage_rank"]),
                dienst_ids=dienst_ids,
                theme_ids=theme_ids,
            )
    for name, value in fields.items():
        setattr(case, name, value)
    return assessment


def case_reassess(*, case: Case, changes: dict[str, bool], actor: User, reason: str) -> Assessment:
    """A casemanager completes or corrects answers: a new assessment on the latest answers."""
    if not reason.strip():
        raise InvalidInput(
            _("Geef aan waarom de antwoorden worden aangevuld of gecorrigeerd."), field="reason"
        )
    latest = selectors.latest_assessment(case)
    answers = dict(latest.answers if latest else case.triage_answers)
    answers.update(changes)
    return case_assess(case=case, answers=answers, actor=actor, reason=reason.strip())


# --- criteria sets ------------------------------------------------------------------------


def _require_editor(user: User) -> None:
    if user.role not in CRITERIA_EDITORS:
        raise NotPermitted(
            _("Alleen een functioneel beheerder of leidinggevende wijzigt criteria.")
        )


def _require_draft(criteria_set: CriteriaSet) -> None:
    if not criteria_set.is_draft:
        raise InvalidInput(
            _("Een gepubliceerde set kan niet meer worden gewijzigd. Maak een nieuwe versie.")
        )


@transaction.atomic
def criteria_set_draft_create(*, actor: User, note: str = "") -> CriteriaSet:
    """A new draft version, copied from the active set."""
    _require_editor(actor)
    if CriteriaSet.objects.filter(status=CriteriaSet.Status.DRAFT).exists():
        raise InvalidInput(_("Er is al een conceptversie. Werk die bij of verwijder hem eerst."))
    active = selectors.active_criteria_set()
    version = (CriteriaSet.objects.aggregate(v=Max("version"))["v"] or 0) + 1
    draft = CriteriaSet.objects.create(
        version=version, based_on=active, created_by=actor, note=note
    )
    Criterion.objects.bulk_create(
        Criterion(
            criteria_set=draft,
            key=c.key,
            question=c.question,
            question_en=c.question_en,
            help_text=c.help_text,
            weight=c.weight,
            role=c.role,
            answered_by=c.answered_by,
            position=c.position,
        )
        for c in active.criteria.all()
    )
    return draft


@transaction.atomic
def criterion_update(*, criterion: Criterion, actor: User, data: dict[str, Any]) -> Criterion:
    _require_editor(actor)
    _require_draft(criterion.criteria_set)
    for name in ("question", "question_en", "help_text", "weight", "role", "answered_by"):
        if name in data:
            setattr(criterion, name, data[name])
    criterion.save()
    return criterion


@transaction.atomic
def criterion_add(*, criteria_set: CriteriaSet, actor: User, data: dict[str, Any]) -> Criterion:
    _require_editor(actor)
    _require_draft(criteria_set)
    if criteria_set.criteria.filter(key=data["key"]).exists():
        raise InvalidInput(_("Deze sleutel bestaat al in de set."), field="key")
    position = (criteria_set.criteria.aggregate(p=Max("position"))["p"] or 0) + 1
    return Criterion.objects.create(criteria_set=criteria_set, position=position, **data)


@transaction.atomic
def criterion_retire(*, criterion: Criterion, actor: User) -> None:
    """Leave a criterion out of the next version (published versions keep it)."""
    _require_editor(actor)
    _require_draft(criterion.criteria_set)
    criterion.delete()


@transaction.atomic
def criteria_set_draft_delete(*, criteria_set: CriteriaSet, actor: User) -> None:
    _require_editor(actor)
    _require_draft(criteria_set)
    criteria_set.delete()


def criteria_set_publish(*, criteria_set: CriteriaSet, actor: User) -> CriteriaSet:
    """A lead who did not draft it publishes a draft; the previous set is retired."""
    if actor.role != Role.LEAD:
        raise NotPermitted(_("Alleen een leidinggevende publiceert een set criteria."))
    if criteria_set.created_by_id == actor.pk:
        raise NotPermitted(
            _("U kunt uw eigen concept niet publiceren: een tweede leidinggevende moet dit doen.")
        )
    _require_draft(criteria_set)
    if not criteria_set.criteria.exists():
        raise InvalidInput(_("Een set zonder criteria kan niet worden gepubliceerd."))
    try:
        with transaction.atomic():
            retired = CriteriaSet.objects.filter(status=CriteriaSet.Status.PUBLISHED).update(
                status=CriteriaSet.Status.RETIRED
            )
            published = CriteriaSet.objects.filter(
                pk=criteria_set.pk, status=CriteriaSet.Status.DRAFT
            ).update(
                status=CriteriaSet.Status.PUBLISHED, published_by=actor, published_at=timezone.now()
            )
            if published != 1 or retired > 1:
                raise ConcurrentChange(_("De set is intussen gewijzigd. Laad de pagina opnieuw."))
    except IntegrityError:
        raise ConcurrentChange(_("Er is tegelijk een andere set gepubliceerd.")) from None
    criteria_set.refresh_from_db()
    return criteria_set
