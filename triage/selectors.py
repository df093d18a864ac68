"""Reads for triage: the active criteria, assessments, the queue and its counts."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from accounts.models import User
from cases.models import Case, CaseStatus
from cases.selectors import (
    Total,
    bounded_count,
    case_count_cells,
    cases_visible_to,
    filter_possible_duplicates,
    filter_with_dienst,
    filter_with_theme,
    with_names,
)
from cases.status import QUEUE_STATUSES
from deadlines.models import Deadline

from .models import BAND_RANK, Assessment, CriteriaSet, Criterion
from .scoring import CriterionSpec

# A day; the entry is never stale, the timeout only lets retired sets fall out of memory.
CRITERIA_CACHE_SECONDS = 24 * 60 * 60


def active_criteria_set() -> CriteriaSet:
    """The one published set, with its criteria; new assessments use it.

    One query asks which set is published. Its criteria come from the cache: a published
    set never changes, so the entry (keyed by the set, its version and the moment it was
    published) never goes stale, and publishing another set simply uses another key.
    """
    criteria_set = CriteriaSet.objects.get(status=CriteriaSet.Status.PUBLISHED)
    published = criteria_set.published_at.isoformat() if criteria_set.published_at else ""
    key = f"triage:criteria:{criteria_set.pk}:v{criteria_set.version}:{published}"
    criteria = cache.get(key)
    if criteria is None:
        criteria = list(criteria_set.criteria.all())
        cache.set(key, criteria, timeout=CRITERIA_CACHE_SECONDS)
    # As prefetch_related("criteria") would have left it: criteria_set.criteria.all() reads
    # this list instead of the database.
    prefetched = criteria_set.criteria.all()
    prefetched._result_cache = criteria
    prefetched._prefetch_done = True
    criteria_set._prefetched_objects_cache = {"criteria": prefetched}
    return criteria_set


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


# The columns a queue row shows: not the encrypted identifiers or the free text, which a
# page of 25 would otherwise decode for nothing.
QUEUE_FIELDS = (
    "reference",
    "status",
    "triage_band",
    "triage_rank",
    "triage_score",
    "submitted_at",
    "possible_duplicate",
    "organisation__name",
)


def triage_queue(*, user: User, filters: QueueFilters) -> QuerySet[Case]:
    """Cases awaiting triage or information: urgent first, then score, then age.

    The Dienst and theme filters are EXISTS subqueries, not joins, so a case stays one row
    and the page is read in the order of the partial queue index (case_triage_queue_idx),
    stopping after 25 rows, with no DISTINCT sort over every match. Only the queue's
    columns are read (the stored duplicate mark among them), with the running clock
    (``due_at``) and the names of the Diensten and themes for the page's rows, all in this
    one query. The duplicate filter reads the partial index case_queue_duplicate_idx.
    """
    qs = cases_visible_to(user).filter(status__in=QUEUE_STATUSES)
    if filters.band:
        qs = qs.filter(triage_band=filters.band)
    if filters.dienst:
        qs = filter_with_dienst(qs, code=filters.dienst)
    if filters.theme:
        qs = filter_with_theme(qs, code=filters.theme)
    if filters.organisation:
        qs = qs.filter(organisation_id=filters.organisation)
    if filters.waiting:
        qs = qs.filter(status=CaseStatus.INFO_REQUESTED)
    if filters.duplicate:
        qs = filter_possible_duplicates(qs)
    # The running clock: the triage decision, or the helper's answer while we wait for it.
    running = Deadline.objects.filter(
        subject_type=ContentType.objects.get_for_model(Case),
        subject_id=OuterRef("pk"),
        status=Deadline.Status.OPEN,
        paused_at__isnull=True,
        kind__in=(Deadline.Kind.TRIAGE_DECISION, Deadline.Kind.HELPER_ANSWER),
    ).order_by("due_at")
    return (
        with_names(qs.select_related("organisation").only(*QUEUE_FIELDS))
        .annotate(due_at=Subquery(running.values("due_at")[:1]))
        .order_by("triage_rank", "-triage_score", "submitted_at", "id")
    )


@dataclass(frozen=True)
class QueueCounts:
    """What the queue's header shows: cases per band, from the counter rows."""

    by_band: dict[str, int]
    waiting: int

    @property
    def total(self) -> int:
        return sum(self.by_band.values())


def queue_counts(*, user: User) -> QueueCounts:
    """The queue's counts per band and of cases waiting for information, in one query on
    the counter rows (cases.CaseCount), whose cost does not grow with the queue.

    The team sees every submitted case, which is what the counters count; anyone else
    sees no queue.
    """
    if not user.is_team:
        return QueueCounts(by_band={}, waiting=0)
    band_of_rank = {rank: band for band, rank in BAND_RANK.items()}
    by_band: dict[str, int] = {}
    waiting = 0
    for (status, rank), n in case_count_cells(statuses=QUEUE_STATUSES).items():
        band = band_of_rank.get(rank, "")
        by_band[band] = by_band.get(band, 0) + n
        if status == CaseStatus.INFO_REQUESTED:
            waiting += n
    return QueueCounts(by_band=by_band, waiting=waiting)


def queue_band_counts(*, user: User) -> dict[str, int]:
    """How many cases await triage per band."""
    return queue_counts(user=user).by_band


def triage_queue_total(
    *, user: User, filters: QueueFilters, queue: QuerySet[Case], counts: QueueCounts
) -> Total:
    """How many cases the (filtered) queue holds.

    By band, "waiting", Dienst and theme it is read from the counters; a filter on the
    organisation or on duplicates gets a count bounded at COUNT_BOUND, shown as "more
    than ...", so such a filter never counts tens of thousands of matches.
    """
    if not user.is_team or filters.organisation or filters.duplicate:
        return Total.bounded(bounded_count(queue))
    if not (filters.waiting or filters.band or filters.dienst or filters.theme):
        return Total(counts.total)
    statuses = (CaseStatus.INFO_REQUESTED,) if filters.waiting else QUEUE_STATUSES
    cells = case_count_cells(statuses=statuses, dienst=filters.dienst, theme=filters.theme)
    rank = BAND_RANK[filters.band] if filters.band else None
    return Total(sum(n for (_status, r), n in cells.items() if rank is None or r == rank))
