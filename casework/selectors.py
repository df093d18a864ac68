"""Reads that span cases, triage and the ladder: a casemanager's werkvoorraad and the
team's case workspace. Each list is one query per page plus one count, whatever its size."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Least

from accounts.models import Role, User
from belangenbehartiger.http import get_or_404
from cases import selectors as case_selectors
from cases.models import Case
from cases.status import OPEN_STATUSES, STATUSES
from deadlines.models import Deadline
from escalation import selectors as ladder
from escalation.models import DienstRequest, KamerReportItem
from escalation.status import AWAITING_TEAM
from triage import selectors as triage_selectors

from .models import DestructionList

PAGE_SIZE = 25


# --- werkvoorraad --------------------------------------------------------------------------


def assigned_cases(*, user: User) -> QuerySet[Case]:
    """The open cases assigned to ``user``, by the next due moment of a running clock of
    the case or of its requests to the Diensten: overdue first (their due moment passed),
    then the soonest; cases without a running clock last.

    ``next_due`` is the earlier of two aggregates, over the case's own clocks and over its
    requests' clocks, each an index lookup on the deadlines' subject: no ORDER BY ... LIMIT
    that would tempt the planner into walking every open deadline by due moment.
    """
    case_type, request_type = ContentType.objects.get_for_models(Case, DienstRequest).values()
    running = Deadline.objects.filter(status=Deadline.Status.OPEN, paused_at__isnull=True)
    own = (
        running.filter(subject_type=case_type, subject_id=OuterRef("pk"))
        .order_by()
        .values("subject_id")
        .annotate(due=Min("due_at"))
        .values("due")
    )
    requests_of_case = DienstRequest.objects.filter(case_id=OuterRef(OuterRef("pk"))).values("pk")
    of_requests = (
        running.filter(subject_type=request_type, subject_id__in=requests_of_case)
        .order_by()
        .values("subject_type")
        .annotate(due=Min("due_at"))
        .values("due")
    )
    own_due, request_due = Subquery(own), Subquery(of_requests)
    return (
        case_selectors.cases_visible_to(user)
        .filter(assignee=user, status__in=OPEN_STATUSES)
        .select_related("ladder__rung")
        .annotate(
            # Coalesce both ways: SQLite's MIN() of a NULL is NULL, PostgreSQL's LEAST skips it.
            next_due=Least(Coalesce(own_due, request_due), Coalesce(request_due, own_due))
        )
        .order_by(F("next_due").asc(nulls_last=True), "submitted_at", "pk")
    )


def mark_next_deadlines(cases: list[Case]) -> list[Case]:
    """Set ``next_deadline`` (the running clock due first, of the case or of one of its
    requests) on a page of cases, in two queries whatever the page's size."""
    case_type, request_type = ContentType.objects.get_for_models(Case, DienstRequest).values()
    ids = [case.pk for case in cases]
    case_of_request = dict(
        DienstRequest.objects.filter(case_id__in=ids).values_list("pk", "case_id")
    )
    running = (
        Deadline.objects.filter(
            Q(subject_type=case_type, subject_id__in=ids)
            | Q(subject_type=request_type, subject_id__in=list(case_of_request)),
            status=Deadline.Status.OPEN,
            paused_at__isnull=True,
        )
        .select_related("dienst")
        .order_by("due_at", "pk")
    )
    first: dict[int, Deadline] = {}
    for deadline in running if ids else []:
        case_id = (
            deadline.subject_id
            if deadline.subject_type_id == case_type.pk
            else case_of_request[deadline.subject_id]
        )
        first.setdefault(case_id, deadline)
    for case in cases:
        case.next_deadline = first.get(case.pk)
    return cases


@dataclass(frozen=True)
class Workload:
    """A casemanager's own work, each list a page of its own (DESIGN.md §7)."""

    cases: Page
    overdue: int
    awaiting_team: Page
    unread: Page
    awaiting_dienst: Page
    # A lead's second pair of eyes (None for a casemanager): requests by others to approve,
    # and how many Kamer proposals by others wait.
    approvals: Page | None
    kamer_approvals: int


def _page(qs: QuerySet, number) -> Page:
    return Paginator(qs, PAGE_SIZE).get_page(number)


def workload(*, user: User, now: datetime, pages: dict[str, str | None]) -> Workload:
    """The werkvoorraad of ``user``: its assigned cases with counts, the Dienst's questions
    and counter-proposals that wait for it, answers it has not read yet, requests that wait
    for a Dienst, and for a lead what waits for its approval. ``pages`` holds the page
    number of each list by name."""
    cases = assigned_cases(user=user)
    overdue = cases.order_by().aggregate(n=Count("pk", filter=Q(next_due__lt=now)))["n"]
    case_page = _page(cases, pages.get("cases"))
    case_page.object_list = mark_next_deadlines(list(case_page.object_list))
    approvals = None
    kamer_approvals = 0
    if user.role == Role.LEAD:
        approvals = _page(
            ladder.requests_awaiting_approval(user=user).exclude(author=user),
            pages.get("approvals"),
        )
        kamer_approvals = (
            ladder.kamer_items_awaiting_approval(user=user).exclude(author=user).count()
        )
    return Workload(
        cases=case_page,
        overdue=overdue,
        awaiting_team=_page(ladder.requests_awaiting_team_for(user=user), pages.get("team")),
        unread=_page(ladder.unread_responses_for(user=user), pages.get("unread")),
        awaiting_dienst=_page(ladder.requests_awaiting_dienst_for(user=user), pages.get("dienst")),
        approvals=approvals,
        kamer_approvals=kamer_approvals,
    )


# --- the case workspace ----------------------------------------------------------------------


def _triage_part(case: Case) -> dict:
    # The latest assessment and the ones before it, in one query.
    assessments = list(case.assessments.select_related("criteria_set"))
    assessment = assessments[0] if assessments else None
    contributions = []
    if assessment is not None:
        labels = triage_selectors.criteria_labels(assessment.criteria_set)
        contributions = [
            {**c, "label": labels[c["key"]].label if c["key"] in labels else c["key"]}
            for c in assessment.contributions
        ]
    return {
        "assessment": assessment,
        "contributions": contributions,
        "history": assessments[1:],
        "referral": getattr(case, "referral", None),
        "can_decide": STATUSES[case.status].decidable,
    }


def case_workspace(*, user: User, case: Case) -> dict:
    """Everything the team's one page of a case shows, section by section: summary and
    person, triage, ladder and requests (with each thread), informal contact, the
    conversation with the helper, documents and the timeline.

    ``unread`` holds the requests whose latest Dienst response the casemanager has not seen
    yet, read before the page marks them seen.
    """
    requests_ = list(ladder.case_requests_with_threads(case=case))
    deadlines = list(ladder.case_open_deadlines(case))
    rung = ladder.current_rung(case)
    rungs = list(ladder.active_rungs())
    contacts = list(ladder.case_informal_contacts(case=case))
    messages = list(case_selectors.case_messages_for(user=user, case=case))
    status = STATUSES[case.status]
    return {
        "case": case,
        "status_info": status,
        "show_personal": case_selectors.can_see_personal_data(user, case),
        "can_reassign": case_selectors.can_reassign(user, case),
        # The stored mark, kept exact by case_transition, says whether there are any.
        "duplicates": list(case_selectors.case_possible_duplicates(case=case).only("reference"))
        if case.possible_duplicate
        else [],
        "triage_answers": triage_selectors.answer_rows(case.triage_answers),
        **_triage_part(case),
        "rung": rung,
        "rungs": rungs,
        "next_rung": ladder.next_rung(case, rung, among=rungs),
        "suggest_up": status.on_ladder and ladder.suggest_next_rung(case, requests_),
        "requests": [
            {
                "request": r,
                "thread": ladder.request_thread(r, for_dienst=False),
                "unread": bool(
                    r.responded_at and r.response_seen_at is None and user.pk == case.assignee_id
                ),
                "awaits_team": r.status in AWAITING_TEAM,
            }
            for r in requests_
        ],
        "deadlines": deadlines,
        "next_deadline": ladder.first_running(deadlines),
        "kamer_item": KamerReportItem.objects.filter(case=case).first(),
        "contacts": contacts,
        "messages_list": messages,
        "timeline": ladder.case_timeline(
            user=user, case=case, messages=messages, requests=requests_, contacts=contacts
        ),
    }


# --- retention -------------------------------------------------------------------------------


def destruction_lists(*, user: User) -> QuerySet[DestructionList]:
    """The destruction lists, newest first, with their number of cases; leads only."""
    if user.role != Role.LEAD:
        return DestructionList.objects.none()
    return (
        DestructionList.objects.select_related("approved_by")
        .annotate(case_count=Count("items"))
        .order_by("-created_at", "-pk")
    )


def destruction_list_for_user_or_404(user: User, pk: int) -> DestructionList:
    return get_or_404(destruction_lists(user=user), pk=pk)


def destruction_list_cases(*, destruction_list: DestructionList) -> QuerySet[Case]:
    """The cases on a list, with what a lead needs to judge it (no name, no number)."""
    return (
        Case.objects.filter(destruction_item__destruction_list=destruction_list)
        .select_related("organisation", "destruction_item")
        .prefetch_related("diensten", "themes")
        .order_by("closed_at", "pk")
    )
