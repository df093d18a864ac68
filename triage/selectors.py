"""Reads for triage: the active criteria, assessments, the queue and its counts."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from accounts.models import User
from cases.models import Case, CaseStatus
from cases.selectors import cases_visible_to, filter_possible_duplicates
from cases.status import QUEUE_STATUSES
from deadlines.models import Deadline

from .models import BAND_RANK, Assessment, CriteriaSet, Criterion
from .scoring import CriterionSpec


def active_criteria_set() -> CriteriaSet:
    """The one published set; new assessments use it."""
    return CriteriaSet.objects.prefetch_related("criteria").get(status=CriteriaSet.Status.PUBLISHED)


def specs(criteria_set: CriteriaSet) -> list[CriterionSpec]:
    return [CriterionSpec(c.key, c.weight, c.role) for c in criteria_set.criteria.all()]


def intake_criteria() -> list[Criterion]:
    """The questions of the active set that the helper answers at intake, in order."""
    return [
        c
        for c in active_criteria_set().criteria.all()
        if c.answered_by == Criterion.AnsweredBy.HELPER
    ]


def answer_rows(answers: dict[str, bool]) -> list[dict]:
    """The helper-answered questions with the given answer, for display."""
    texts = {True: _("Ja"), False: _("Nee")}
    return [
        {
            "question": c.label,
            "text": texts.get(answers.get(c.key), _("Niet beantwoord")),
            "answered": c.key in answers,
        }
        for c in intake_criteria()
    ]


def latest_assessment(case: Case) -> Assessment | None:
    return case.assessments.select_related("criteria_set").first()


def criteria_labels(criteria_set: CriteriaSet) -> dict[str, Criterion]:
    return {c.key: c for c in criteria_set.criteria.all()}


@dataclass(frozen=True)
class QueueFilters:
    band: str = ""
    dienst: str = ""
    theme: str = ""
    organisation: int | None = None
    duplicate: bool = False
    waiting: bool = False


def triage_queue(*, user: User, filters: QueueFilters) -> QuerySet[Case]:
    """Cases awaiting triage or information: urgent first, then score, then age."""
    qs = cases_visible_to(user).filter(status__in=QUEUE_STATUSES)
    if filters.band:
        qs = qs.filter(triage_band=filters.band)
    if filters.dienst:
        qs = qs.filter(diensten__code=filters.dienst)
    if filters.theme:
        qs = qs.filter(themes__code=filters.theme)
    if filters.organisation:
        qs = qs.filter(organisation_id=filters.organisation)
    if filters.waiting:
        qs = qs.filter(status=CaseStatus.INFO_REQUESTED)
    if filters.duplicate:
        qs = filter_possible_duplicates(qs)
    if filters.dienst or filters.theme:
        qs = qs.distinct()
    # The running clock: the triage decision, or the helper's answer while we wait for it.
    running = Deadline.objects.filter(
        subject_type=ContentType.objects.get_for_model(Case),
        subject_id=OuterRef("pk"),
        status=Deadline.Status.OPEN,
        paused_at__isnull=True,
        kind__in=(Deadline.Kind.TRIAGE_DECISION, Deadline.Kind.HELPER_ANSWER),
    ).order_by("due_at")
    return (
        qs.select_related("organisation")
        .prefetch_related("diensten", "themes")
        .annotate(due_at=Subquery(running.values("due_at")[:1]))
        .order_by("triage_rank", "-triage_score", "submitted_at", "id")
    )


def queue_band_counts(*, user: User) -> dict[str, int]:
    """How many cases await triage per band, in one aggregate query.

    Grouped on ``triage_rank`` (one rank per band), which the queue index covers.
    """
    band_of_rank = {rank: band for band, rank in BAND_RANK.items()}
    rows = (
        cases_visible_to(user)
        .filter(status__in=QUEUE_STATUSES)
        .values("triage_rank")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {band_of_rank.get(row["triage_rank"], ""): row["n"] for row in rows}
