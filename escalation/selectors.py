"""Reads of the ladder: which requests a user may see, inboxes, deadlines, notifications,
and the case timeline."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from belangenbehartiger.http import get_or_404
from cases.models import Case, CaseStatus, Message
from cases.selectors import case_event_rows, case_messages_for
from cases.status import QUEUE_STATUSES, STATUSES
from deadlines.models import Deadline, DeadlineEvent
from deadlines.selectors import open_deadlines

from .models import (
    AttachmentShare,
    DienstRequest,
    InformalContact,
    KamerReportItem,
    LadderPosition,
    RequestEvent,
    Rung,
)
from .status import (
    AWAITING_DIENST,
    AWAITING_TEAM,
    CONCLUDED,
    REQUEST_STATUSES,
    SHAREABLE_STATUSES,
    VISIBLE_TO_DIENST,
)

R = DienstRequest.Status

# A case gets a place on the ladder, and requests to the Diensten, when it is accepted,
# never before.
BEFORE_LADDER = frozenset({CaseStatus.DRAFT, *QUEUE_STATUSES})


def dienst_requests_visible_to(user: User) -> QuerySet[DienstRequest]:
    """Liaisons: only their own Dienst's sent requests. Team: all. Others: none."""
    if not user.is_authenticated or not user.is_active:
        return DienstRequest.objects.none()
    if user.role == Role.LIAISON and user.dienst_id:
        return DienstRequest.objects.filter(dienst_id=user.dienst_id, status__in=VISIBLE_TO_DIENST)
    if user.is_team:
        return DienstRequest.objects.all()
    return DienstRequest.objects.none()


def dienst_request_for_user_or_404(user: User, pk: int) -> DienstRequest:
    """A request the user may see, or Http404 (another Dienst's request is not there)."""
    return get_or_404(
        dienst_requests_visible_to(user)
        .select_related("case", "case__assignee", "dienst", "rung", "author")
        .prefetch_related("case__themes", "deadlines", request_events_prefetch()),
        pk=pk,
    )


def cases_with_requests_to(user: User) -> QuerySet[Case]:
    """A liaison's cases: those with a sent request to its Dienst (list fields only)."""
    if user.role != Role.LIAISON or not user.dienst_id or not user.is_active:
        return Case.objects.none()
    return Case.objects.filter(
        Exists(
            DienstRequest.objects.filter(
                case=OuterRef("pk"), dienst_id=user.dienst_id, status__in=VISIBLE_TO_DIENST
            )
        )
    )


LIAISON_INBOX_VIEWS = ("open", "waiting", "answered")


def _with_answer_due(qs: QuerySet[DienstRequest]) -> QuerySet[DienstRequest]:
    """``answer_due``: the due moment of the request's open answer clock (or None), looked
    up on the deadlines' subject index (no ORDER BY on the due moment that would make the
    planner walk all open deadlines)."""
    request_type = ContentType.objects.get_for_model(DienstRequest)
    open_answer = (
        Deadline.objects.filter(
            subject_type=request_type,
            subject_id=OuterRef("pk"),
            kind=Deadline.Kind.DIENST_ANSWER,
            status=Deadline.Status.OPEN,
        )
        .order_by()
        .values("subject_id")
        .annotate(due=Min("due_at"))
        .values("due")
    )
    return qs.annotate(answer_due=Subquery(open_answer))


def liaison_inbox(*, user: User, show: str = "open") -> QuerySet[DienstRequest]:
    """The liaison's requests: those its Dienst must answer, first by answer deadline; those
    waiting for the Belangenbehartiger's reaction (``waiting``); or the concluded ones."""
    qs = dienst_requests_visible_to(user).select_related("case", "rung")
    if show == "answered":
        return qs.filter(status__in=CONCLUDED).order_by("-responded_at", "-pk")
    if show == "waiting":
        return qs.filter(status__in=AWAITING_TEAM).order_by("-responded_at", "-pk")
    return _with_answer_due(qs.filter(status__in=AWAITING_DIENST)).order_by(
        "answer_due", "sent_at", "pk"
    )


def request_thread(request: DienstRequest, *, for_dienst: bool = True) -> list[dict]:
    """The conversation about one request, oldest first: each event's title, who, when and
    its note (the request's text, the Dienst's questions, counter-proposals and answers, the
    team's replies). ``for_dienst``: only what the Dienst saw (events into statuses it
    sees); otherwise also the approval steps. Needs ``events`` prefetched with their actors
    (``case_requests_with_threads`` and the doors do)."""
    rows = []
    for event in request.events.all():
        row = REQUEST_STATUSES[event.to_status]
        if for_dienst and not row.visible_to_dienst:
            continue
        title = str(row.event_title)
        if event.to_status == R.ANSWERED and request.outcome:
            title = f"{title}: {request.get_outcome_display().lower()}"
        rows.append(
            {
                "at": event.created_at,
                "status": event.to_status,
                "title": title,
                "by_dienst": row.by_dienst,
                "who": event.actor,
                "text": event.note,
            }
        )
    return rows


def request_events_prefetch() -> Prefetch:
    """A request's events with who made them: its thread, in one query for many requests."""
    return Prefetch("events", queryset=RequestEvent.objects.select_related("actor"))


def requests_awaiting_approval(*, user: User) -> QuerySet[DienstRequest]:
    if user.role != Role.LEAD:
        return DienstRequest.objects.none()
    return (
        DienstRequest.objects.filter(status=R.AWAITING_APPROVAL)
        .select_related("case", "dienst", "author", "rung")
        .order_by("created_at")
    )


def request_awaiting_approval_or_404(user: User, pk: int) -> DienstRequest:
    return get_or_404(requests_awaiting_approval(user=user), pk=pk)


def kamer_item_for_user_or_404(user: User, pk: int) -> KamerReportItem:
    return get_or_404(kamer_items_awaiting_approval(user=user), pk=pk)


def kamer_items_awaiting_approval(*, user: User) -> QuerySet[KamerReportItem]:
    if user.role != Role.LEAD:
        return KamerReportItem.objects.none()
    return KamerReportItem.objects.filter(status=KamerReportItem.Status.PROPOSED).select_related(
        "case", "author"
    )


def case_requests(*, case: Case) -> QuerySet[DienstRequest]:
    return case.dienst_requests.select_related(
        "dienst", "rung", "author", "approved_by", "responded_by"
    )


def case_requests_with_threads(*, case: Case) -> QuerySet[DienstRequest]:
    """The case's requests with their clocks and their thread (events and who wrote them)."""
    return case_requests(case=case).prefetch_related("deadlines", request_events_prefetch())


def case_informal_contacts(*, case: Case) -> QuerySet[InformalContact]:
    """The contact with the Diensten outside the system, in the order it happened."""
    return case.informal_contacts.select_related("dienst", "author").order_by("at", "pk")


# --- the werkvoorraad's requests: those of the cases assigned to a casemanager -------------


def _of_cases_assigned_to(user: User) -> QuerySet[DienstRequest]:
    if not user.is_team:
        return DienstRequest.objects.none()
    return DienstRequest.objects.filter(case__assignee=user).select_related("case", "dienst")


def requests_awaiting_dienst_for(*, user: User) -> QuerySet[DienstRequest]:
    """Requests of the user's cases that a Dienst must answer, soonest answer due first."""
    return _with_answer_due(
        _of_cases_assigned_to(user).filter(status__in=AWAITING_DIENST)
    ).order_by("answer_due", "sent_at", "pk")


def requests_awaiting_team_for(*, user: User) -> QuerySet[DienstRequest]:
    """Requests of the user's cases where the Dienst asked a question or made a
    counter-proposal: the user's reaction is owed. Longest waiting first."""
    return (
        _of_cases_assigned_to(user).filter(status__in=AWAITING_TEAM).order_by("responded_at", "pk")
    )


def unread_responses_for(*, user: User) -> QuerySet[DienstRequest]:
    """The Dienst's responses on the user's cases that the user has not seen yet."""
    return (
        _of_cases_assigned_to(user)
        .filter(responded_at__isnull=False, response_seen_at__isnull=True)
        .order_by("responded_at", "pk")
    )


def case_all_deadlines(case: Case) -> QuerySet[Deadline]:
    """The case's own clocks and those of its requests to the Diensten.

    Each half names its subject type and ids, so it is a range of deadline_subject_idx (a
    join through the generic relations, or an IN subquery, reads every request deadline).
    A case before the ladder has no requests: one query then, else two.
    """
    types = ContentType.objects.get_for_models(Case, DienstRequest)
    own = Q(subject_type=types[Case], subject_id=case.pk)
    if case.status not in BEFORE_LADDER:
        request_ids = list(
            DienstRequest.objects.filter(case_id=case.pk).values_list("pk", flat=True)
        )
        if request_ids:
            own |= Q(subject_type=types[DienstRequest], subject_id__in=request_ids)
    return Deadline.objects.filter(own).select_related("dienst")


def case_open_deadlines(case: Case) -> QuerySet[Deadline]:
    return open_deadlines(case_all_deadlines(case))


def next_deadline(case: Case) -> Deadline | None:
    """The case's running clock that is due first.

    A case has a handful of open clocks: they are read whole and the first taken here, as
    ORDER BY due_at LIMIT 1 over them made PostgreSQL walk the index of all open deadlines
    by due moment instead of looking up the case's."""
    return first_running(list(case_open_deadlines(case)))


def first_running(open_deadlines_by_due: list[Deadline]) -> Deadline | None:
    """The first of a list of open deadlines (soonest first) whose clock runs."""
    return next((d for d in open_deadlines_by_due if d.paused_at is None), None)


def team_deadline_for_user_or_404(user: User, pk: int) -> Deadline:
    """A clock of a case, for the team (who may extend it), or Http404."""
    subjects = ContentType.objects.get_for_models(Case, DienstRequest).values()
    clocks = Deadline.objects.filter(subject_type__in=subjects)
    return get_or_404(clocks if user.is_team else clocks.none(), pk=pk)


def deadline_case(deadline: Deadline) -> Case:
    """The case a clock belongs to, directly or through one of its requests."""
    subject = deadline.subject
    return subject.case if isinstance(subject, DienstRequest) else subject


def active_rungs() -> QuerySet[Rung]:
    return Rung.objects.filter(active=True).order_by("position")


def current_rung(case: Case) -> Rung | None:
    if case.status in BEFORE_LADDER:
        return None  # no query: a case in triage cannot have a rung
    position = LadderPosition.objects.filter(case=case).select_related("rung").first()
    return position.rung if position else None


def next_rung(
    case: Case, rung: Rung | None = None, *, among: list[Rung] | None = None
) -> Rung | None:
    """The next active rung above the case's current one (suggested after a rejection).
    ``among``: the active rungs in order, when the caller has read them already."""
    rung = rung if rung is not None else current_rung(case)
    position = rung.position if rung else 0
    if among is not None:
        return next((r for r in among if r.position > position), None)
    return Rung.objects.filter(active=True, position__gt=position).order_by("position").first()


def suggest_next_rung(case: Case, requests: list[DienstRequest]) -> bool:
    """Whether to suggest climbing a rung: a Dienst rejected, or let a deadline pass."""
    rejected = any(
        r.status == R.ANSWERED and r.outcome == DienstRequest.Outcome.REJECTED for r in requests
    )
    return (
        rejected
        or Deadline.objects.filter(
            dienst_request__case=case,
            kind__in=[Deadline.Kind.DIENST_ACKNOWLEDGE, Deadline.Kind.DIENST_ANSWER],
            status=Deadline.Status.OPEN,
            due_at__lt=timezone.now(),
        ).exists()
    )


def public_step(case: Case) -> str:
    """The step the person concerned and the helper may see: the current rung, unless it
    still waits for a lead's approval (then the status says it)."""
    rung = current_rung(case)
    if rung is None:
        return case.get_status_display()
    if (
        rung.code == "kamer_report"
        and not KamerReportItem.objects.filter(
            case=case, status=KamerReportItem.Status.APPROVED
        ).exists()
    ):
        return case.get_status_display()
    return rung.name


_DEADLINE_STEPS = {
    DeadlineEvent.Kind.OPENED: "opened",
    DeadlineEvent.Kind.PAUSED: "paused",
    DeadlineEvent.Kind.RESUMED: "resumed",
    DeadlineEvent.Kind.EXTENDED: "extended",
}


def _deadline_rows(case: Case, now) -> list[dict]:
    """What happened to the case's clocks, each at the moment it happened: started (with
    its due moment), paused, resumed, extended, and met, missed or cancelled. A clock still
    open is an event only once its due moment has passed (overdue); until then it is a
    coming deadline, not something that happened."""
    rows = []
    deadlines = case_all_deadlines(case).prefetch_related(
        Prefetch("events", queryset=DeadlineEvent.objects.select_related("actor"))
    )
    for deadline in deadlines:
        title = deadline.get_kind_display()
        if deadline.dienst_id:
            title = f"{title} ({deadline.dienst.name})"
        for event in deadline.events.all():
            if event.kind == DeadlineEvent.Kind.CLOSED:
                state = event.to_status
            elif event.kind in _DEADLINE_STEPS:
                state = _DEADLINE_STEPS[event.kind]
            else:
                continue  # a hand-over to another casemanager is the case's own event
            rows.append(
                {
                    "at": event.created_at,
                    "kind": "deadline",
                    "title": title,
                    "who": event.actor,
                    "text": event.reason,
                    "state": state,
                    "due": event.new_due_at,
                }
            )
        if deadline.is_open and deadline.paused_at is None and deadline.due_at < now:
            rows.append(
                {
                    "at": deadline.due_at,
                    "kind": "deadline",
                    "title": title,
                    "who": None,
                    "text": "",
                    "state": "overdue",
                    "due": None,
                }
            )
    return rows


def case_timeline(
    *,
    user: User,
    case: Case,
    messages: list[Message] | None = None,
    requests: list[DienstRequest] | None = None,
    contacts: list[InformalContact] | None = None,
) -> list[dict]:
    """What happened to the case, in time order: events, messages, requests and the
    Dienst's responses, informal contact, and what happened to its clocks. Nothing in the
    future: a coming due moment is a deadline, not an event.

    Helpers see their part: events meant for them and messages that are not internal.
    ``messages``, ``requests`` and ``contacts``: what a page has read already for ``user``
    (``case_messages_for``, ``case_requests_with_threads``, ``case_informal_contacts``).
    """
    items: list[dict] = case_event_rows(user=user, case=case)
    if messages is None:
        messages = case_messages_for(user=user, case=case)
    for message in messages:
        items.append(
            {
                "at": message.created_at,
                "kind": "message",
                "title": message.get_kind_display(),
                "who": message.author,
                "text": message.body,
                "internal": message.internal,
            }
        )
    if user.is_team:
        if requests is None:
            requests = case_requests(case=case).prefetch_related(request_events_prefetch())
        if contacts is None:
            contacts = case_informal_contacts(case=case)
        for request in requests:
            for ev in request.events.all():
                row = REQUEST_STATUSES[ev.to_status]
                title = f"{request.get_kind_display()} → {request.dienst.name}: {row.event_title}"
                if ev.to_status == R.ANSWERED and request.outcome:
                    title = f"{title} ({request.get_outcome_display().lower()})"
                items.append(
                    {
                        "at": ev.created_at,
                        "kind": "request",
                        "title": title,
                        "who": ev.actor,
                        "text": ev.note
                        or (request.text if ev.to_status == R.AWAITING_APPROVAL else ""),
                    }
                )
        for contact in contacts:
            lines = [
                _("Met: %(name)s") % {"name": contact.contact_name},
                _("Afgesproken: %(agreed)s") % {"agreed": contact.agreed},
            ]
            if contact.notes:
                lines.append(contact.notes)
            items.append(
                {
                    "at": contact.at,
                    "kind": "contact",
                    "title": _("%(kind)s met %(dienst)s")
                    % {"kind": contact.get_kind_display(), "dienst": contact.dienst.name},
                    "who": contact.author,
                    "text": "\n".join(lines),
                }
            )
        items.extend(_deadline_rows(case, timezone.now()))
    items.sort(key=lambda item: item["at"])
    return items


def plain_status(case: Case) -> str:
    """What the status means, in plain Dutch, for the person concerned."""
    return str(STATUSES[case.status].helper_text)


# --- documents shared with a Dienst ----------------------------------------------------------


def request_shares(*, request: DienstRequest) -> QuerySet[AttachmentShare]:
    """The documents shared with the Dienst of ``request``, oldest first."""
    return request.attachment_shares.select_related("attachment", "shared_by")


def attachment_share_for_user_or_404(user: User, request_pk: int, share_pk: int) -> AttachmentShare:
    """A document shared with a request the liaison may see, or Http404."""
    request = dienst_request_for_user_or_404(user, request_pk)
    return get_or_404(
        request_shares(request=request).select_related("request__case", "request__dienst"),
        pk=share_pk,
    )


def case_shares(*, case: Case) -> dict[int, list[AttachmentShare]]:
    """Per attachment of the case: with which requests it was shared and who at the Dienst
    downloaded it (two queries, whatever the number of documents)."""
    shares = (
        AttachmentShare.objects.filter(request__case=case)
        .select_related("request__dienst", "shared_by")
        .prefetch_related("downloads__downloaded_by")
    )
    by_attachment: dict[int, list[AttachmentShare]] = {}
    for share in shares:
        by_attachment.setdefault(share.attachment_id, []).append(share)
    return by_attachment


def shareable_requests(*, case: Case) -> QuerySet[DienstRequest]:
    """The case's requests a document can still be shared with."""
    return case_requests(case=case).filter(status__in=SHAREABLE_STATUSES).select_related("dienst")
