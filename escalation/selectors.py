"""Reads of the ladder: which requests a user may see, inboxes, deadlines, notifications,
and the case timeline."""

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Role, User
from cases.models import Case, CaseEvent
from cases.selectors import case_events_for, case_messages_for

from .models import Deadline, DienstRequest, KamerReportItem, Notification, Rung

R = DienstRequest.Status
# What a Dienst sees: never drafts awaiting the lead's approval, nor refused ones.
VISIBLE_TO_DIENST = (R.SENT, R.ACKNOWLEDGED, R.ANSWERED)


def dienst_requests_visible_to(user: User) -> QuerySet[DienstRequest]:
    """Liaisons: only their own Dienst's sent requests. Team: all. Others: none."""
    if not user.is_authenticated or not user.is_active:
        return DienstRequest.objects.none()
    if user.role == Role.LIAISON and user.dienst_id:
        return DienstRequest.objects.filter(dienst_id=user.dienst_id, status__in=VISIBLE_TO_DIENST)
    if user.is_team:
        return DienstRequest.objects.all()
    return DienstRequest.objects.none()


def dienst_request_get(*, user: User, pk: int) -> DienstRequest:
    return (
        dienst_requests_visible_to(user)
        .select_related("case", "dienst", "rung", "author")
        .prefetch_related("case__themes", "deadlines")
        .get(pk=pk)
    )


def liaison_inbox(*, user: User, show: str = "open") -> QuerySet[DienstRequest]:
    """The liaison's requests: open ones first by answer deadline, or the answered ones."""
    qs = dienst_requests_visible_to(user).select_related("case", "rung")
    if show == "answered":
        return qs.filter(status=R.ANSWERED).order_by("-responded_at", "-pk")
    open_answer = Deadline.objects.filter(
        kind=Deadline.Kind.DIENST_ANSWER, status=Deadline.Status.OPEN
    )
    from django.db.models import OuterRef, Subquery

    return (
        qs.filter(status__in=(R.SENT, R.ACKNOWLEDGED))
        .annotate(
            answer_due=Subquery(open_answer.filter(request=OuterRef("pk")).values("due_at")[:1])
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


def open_deadlines(*, case: Case) -> QuerySet[Deadline]:
    return (
        case.deadlines.filter(status=Deadline.Status.OPEN)
        .select_related("request__dienst")
        .order_by("due_at")
    )


def next_deadline(case: Case) -> Deadline | None:
    return open_deadlines(case=case).filter(paused_at__isnull=True).first()


def active_rungs() -> QuerySet[Rung]:
    return Rung.objects.filter(active=True).order_by("position")


def notifications_for(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_count(user: User) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def case_timeline(*, user: User, case: Case) -> list[dict]:
    """Events, messages, requests and answers, approvals and deadlines in time order.

    Helpers see their part: events meant for them and messages that are not internal.
    """
    items: list[dict] = []
    for event in case_events_for(user=user, case=case):
        if event.kind == CaseEvent.Kind.STATUS_CHANGED:
            title = event.get_to_status_display()
        else:
            title = event.get_kind_display()
        items.append(
            {
                "at": event.created_at,
                "kind": "event",
                "title": title,
                "who": event.actor,
                "text": event.reason,
            }
        )
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
        for deadline in case.deadlines.select_related("request__dienst"):
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
    from django.utils.translation import gettext as _

    texts = {
        "submitted": _(
            "Uw hulpverlener heeft uw situatie aan ons voorgelegd. Wij bekijken of wij kunnen helpen."
        ),
        "in_triage": _("Wij bekijken of wij kunnen helpen."),
        "info_requested": _("Wij hebben uw hulpverlener om meer informatie gevraagd."),
        "accepted": _("Wij helpen u. Een casemanager neemt contact op met de Dienst."),
        "in_progress": _("Wij zijn in gesprek met de Dienst over een oplossing."),
        "resolved": _("Er is een oplossing gevonden."),
        "referred": _("Wij hebben uw hulpverlener een betere plek voor uw vraag gewezen."),
        "declined": _("Wij kunnen u hier niet mee helpen. Uw hulpverlener weet waarom."),
        "withdrawn": _("De aanvraag is ingetrokken."),
        "closed": _("Het dossier is afgesloten."),
    }
    return texts.get(case.status, case.get_status_display())
