"""Reads of the front door: who sees which solution summary, the library's search, the
cases that still wait for a summary, and the coverage of the first-line network."""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from accounts.models import User
from belangenbehartiger.http import get_or_404
from cases.models import Case, CaseStatus
from cases.selectors import cases_visible_to
from directory.selectors import LocalCoverage

from .models import Solution
from .status import PUBLISHED_STATUSES, REVIEW_STATUSES, SOLVED_OUTCOMES

# --- the solution library ------------------------------------------------------------------


def solutions_visible_to(user: User) -> QuerySet[Solution]:
    """Helpers see published summaries; the team sees every summary (it writes and reviews
    them); nobody else sees any (the pages are a 403 for them)."""
    if not user.is_authenticated or not user.is_active:
        return Solution.objects.none()
    if user.is_team:
        return Solution.objects.all()
    if user.is_helper:
        return Solution.objects.filter(status__in=PUBLISHED_STATUSES)
    return Solution.objects.none()


def solution_for_user_or_404(user: User, pk: int) -> Solution:
    return get_or_404(
        solutions_visible_to(user).select_related(
            "theme", "dienst", "author", "reviewed_by", "case"
        ),
        pk=pk,
    )


def full_text_search_available() -> bool:
    """PostgreSQL searches Dutch word forms; SQLite (the local demo) matches the words
    literally, and the page says so."""
    return connection.vendor == "postgresql"


@dataclass(frozen=True)
class SolutionFilters:
    q: str = ""
    themes: tuple[str, ...] = ()
    dienst: str = ""


@dataclass
class SolutionSearch:
    results: QuerySet[Solution]
    full_text: bool
    filters: SolutionFilters = field(default_factory=SolutionFilters)


def _simple_match(qs: QuerySet[Solution], q: str) -> QuerySet[Solution]:
    """Every word somewhere in the texts, as typed (no Dutch word forms)."""
    for word in re.findall(r"\w+", q)[:10]:
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(problem__icontains=word)
            | Q(tried__icontains=word)
            | Q(accepted_solution__icontains=word)
        )
    return qs


def solution_search(*, user: User, filters: SolutionFilters) -> SolutionSearch:
    """Published summaries the user may see, by words (Dutch full-text search on
    PostgreSQL, best match first), themes and Dienst; newest first without words."""
    qs = (
        solutions_visible_to(user)
        .filter(status__in=PUBLISHED_STATUSES)
        .select_related("theme", "dienst")
    )
    if filters.themes:
        qs = qs.filter(theme__code__in=filters.themes)
    if filters.dienst:
        qs = qs.filter(dienst__code=filters.dienst)
    full_text = full_text_search_available()
    q = filters.q.strip()
    if q and full_text:
        query = SearchQuery(q, config="dutch", search_type="websearch")
        qs = (
            qs.filter(search_document=query)
            .annotate(rank=SearchRank(F("search_document"), query))
            .order_by("-rank", "-published_at", "-pk")
        )
    else:
        if q:
            qs = _simple_match(qs, q)
        qs = qs.order_by("-published_at", "-pk")
    return SolutionSearch(results=qs, full_text=full_text, filters=filters)


def related_solutions(*, user: User, theme_codes: list[str], limit: int = 5) -> list[Solution]:
    """The newest published summaries on these themes: what the intake shows a helper."""
    if not theme_codes:
        return []
    found = solution_search(user=user, filters=SolutionFilters(themes=tuple(theme_codes)))
    return list(found.results[:limit])


def solutions_awaiting_review(*, user: User) -> QuerySet[Solution]:
    """For a lead: the summaries waiting for a second pair of eyes, oldest first."""
    if user.role != "lead":
        return Solution.objects.none()
    return (
        solutions_visible_to(user)
        .filter(status__in=REVIEW_STATUSES)
        .select_related("theme", "dienst", "author", "case")
        .order_by("status_changed_at", "pk")
    )


def solutions_written_by(*, user: User) -> QuerySet[Solution]:
    return (
        solutions_visible_to(user)
        .filter(author=user)
        .select_related("theme", "dienst", "case")
        .order_by("-status_changed_at", "-pk")
    )


def resolved_case_q() -> Q:
    return Q(status=CaseStatus.RESOLVED) | Q(status=CaseStatus.CLOSED, outcome__in=SOLVED_OUTCOMES)


def cases_awaiting_summary(*, user: User) -> QuerySet[Case]:
    """Resolved cases the team may see that have no summary yet; the user's own first."""
    if not user.is_team:
        return Case.objects.none()
    return (
        cases_visible_to(user)
        .filter(resolved_case_q())
        .filter(~Exists(Solution.objects.filter(case_id=OuterRef("pk"))))
        .select_related("assignee")
        .order_by("-status_changed_at", "-pk")
    )


def solution_of_case(case: Case) -> Solution | None:
    return Solution.objects.filter(case=case).first()


def solution_event_rows(solution: Solution) -> list[dict]:
    """The history of a summary for the team: who moved it where, when and why."""
    labels = dict(Solution.Status.choices)
    return [
        {
            "at": event.created_at,
            "who": event.actor,
            "status": labels.get(event.to_status, event.to_status),
            "reason": event.reason,
        }
        for event in solution.events.select_related("actor")
    ]


# --- coverage of the first-line network ------------------------------------------------------


AMSTERDAM = ZoneInfo(settings.TIME_ZONE)
REGIONS = range(10, 100)  # the first two digits of a postcode: 10xx … 99xx


@dataclass(frozen=True)
class AreaIntake:
    area: str
    cases: int


@dataclass(frozen=True)
class RegionCoverage:
    region: str  # "35" for 3500 to 3599
    cases: int
    areas_with_intake: int
    areas_without_help: int
    organisations: int

    @property
    def label(self) -> str:
        return f"{self.region}00–{self.region}99"

    @property
    def state(self) -> str:
        """no_help_no_intake | intake_without_help | no_intake | covered"""
        if self.organisations == 0 and self.cases == 0:
            return "no_help_no_intake"
        if self.areas_without_help:
            return "intake_without_help"
        if self.cases == 0:
            return "no_intake"
        return "covered"


@dataclass
class Coverage:
    since: date
    until: date
    regions: list[RegionCoverage]
    uncovered: list[AreaIntake]  # areas with intake and no local help, most cases first
    total_cases: int
    areas_with_intake: int

    @property
    def regions_without_intake(self) -> list[RegionCoverage]:
        return [r for r in self.regions if r.cases == 0]

    @property
    def grid(self) -> list[list[RegionCoverage]]:
        """The regions as a 9 x 10 grid: a row per first digit, a column per second."""
        return [self.regions[row * 10 : (row + 1) * 10] for row in range(9)]

    @property
    def cases_without_help(self) -> int:
        return sum(a.cases for a in self.uncovered)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=AMSTERDAM)


def coverage(*, since: date, until: date) -> Coverage:
    """Where the network is not dekkend, for cases submitted from ``since`` to ``until``
    (both days included): postcode areas with intake but no active local organisation in
    the directory, and postcode regions with no intake at all.

    Cases are counted in SQL, grouped by postcode area (at most one row per area, however
    many cases there are); each area is then looked up in the merged service areas of the
    directory (a small table), so the whole view is two queries.
    """
    rows = (
        Case.objects.exclude(status=CaseStatus.DRAFT)
        .exclude(postcode_area="")
        .filter(
            submitted_at__gte=_start_of(since), submitted_at__lt=_start_of(until + timedelta(1))
        )
        .values("postcode_area")
        .annotate(n=Count("id"))
        .order_by()
    )
    intake = {row["postcode_area"]: row["n"] for row in rows}
    local = LocalCoverage()
    uncovered = sorted(
        (AreaIntake(area, n) for area, n in intake.items() if not local.covers(int(area))),
        key=lambda a: (-a.cases, a.area),
    )
    uncovered_areas = {a.area for a in uncovered}
    by_region: dict[str, dict[str, int]] = defaultdict(dict)
    for area, n in intake.items():
        by_region[area[:2]][area] = n
    regions = []
    for region in REGIONS:
        prefix = str(region)
        in_region = by_region.get(prefix, {})
        regions.append(
            RegionCoverage(
                region=prefix,
                cases=sum(in_region.values()),
                areas_with_intake=len(in_region),
                areas_without_help=len(set(in_region) & uncovered_areas),
                organisations=local.organisations_overlapping(region * 100, region * 100 + 99),
            )
        )
    return Coverage(
        since=since,
        until=until,
        regions=regions,
        uncovered=uncovered,
        total_cases=sum(intake.values()),
        areas_with_intake=len(intake),
    )
