"""Reads of the ladder: which requests a user may see, inboxes, deadlines, notifications,
and the case timeline."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.models import Role, User
from belangenbehartiger.http import get_or_404
from cases.models import Case
from cases.selectors import case_event_rows, case_messages_for
from cases.status import STATUSES
from deadlines.models import Deadline
from deadlines.selectors import next_running, open_deadlines

from .models import AttachmentShare, DienstRequest, KamerReportItem, LadderPosition, Rung
from .status import SHAREABLE_STATUSES, VISIBLE_TO_DIENST

R = DienstRequest.Status


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
        .select_related("case", "dienst", "rung", "author")
        .prefetch_related("case__themes", "deadlines"),
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


def liaison_inbox(*, user: User, show: str = "open") -> QuerySet[DienstRequest]:
    """The liaison's requests: open ones first by answer deadline, or the answered ones."""
    qs = dienst_requests_visible_to(user).select_related("case", "rung")
    if show == "answered":
        return qs.filter(status=R.ANSWERED).order_by("-responded_at", "-pk")
    open_answer = Deadline.objects.filter(
        kind=Deadline.Kind.DIENST_ANSWER, status=Deadline.Status.OPEN
    )
    return (
        qs.filter(status__in=(R.SENT, R.ACKNOWLEDGED))
        .annotate(
            answer_due=Subquery(
                open_answer.filter(dienst_request=OuterRef("pk")).values("due_at")[:1]
            )
        )
        .order_by("answer_due", "sent_at", "pk")
    )


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


def case_all_deadlines(case: Case) -> QuerySet[Deadline]:
    """The case's own clocks and those of its requests to the Diensten."""
    return Deadline.objects.filter(Q(case=case) | Q(dienst_request__case=case)).select_related(
        "dienst"
    )


def case_open_deadlines(case: Case) -> QuerySet[Deadline]:
    return open_deadlines(case_all_deadlines(case))


def next_deadline(case: Case) -> Deadline | None:
    return next_running(case_all_deadlines(case))


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
    position = LadderPosition.objects.filter(case=case).select_related("rung").first()
    return position.rung if position else None


def next_rung(case: Case, rung: Rung | None = None) -> Rung | None:
    """The next active rung above the case's current one (suggested after a rejection)."""
    rung = rung if rung is not None else current_rung(case)
    position = rung.position if rung else 0
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


def case_timeline(*, user: User, case: Case) -> list[dict]:
    """Events, messages, requests and answers, approvals and deadlines in time order.

    Helpers see their part: events meant for them and messages that are not internal.
    """
    items: list[dict] = case_event_rows(user=user, case=case)
    for message in case_messages_for(user=user, case=case):
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
        for request in case_requests(case=case).prefetch_related("events__actor"):
            for ev in request.events.all():
                items.append(
                    {
                        "at": ev.created_at,
                        "kind": "request",
                        "title": f"{request.get_kind_display()} → {request.dienst.name}: {R(ev.to_status).label}",
                        "who": ev.actor,
                        "text": ev.note
                        or (request.text if ev.to_status == R.AWAITING_APPROVAL else ""),
                    }
                )
        now = timezone.now()
        for deadline in case_all_deadlines(case):
            items.append(
                {
                    "at": deadline.due_at,
                    "kind": "deadline",
                    "title": deadline.get_kind_display(),
                    "who": None,
                    "text": "",
                    "state": "overdue"
                    if deadline.status == Deadline.Status.OPEN and deadline.due_at < now
                    else deadline.status,
                    "paused": deadline.paused_at is not None,
                }
            )
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
