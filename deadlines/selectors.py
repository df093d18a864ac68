"""Reads of the clocks and of the notifications."""

from django.db.models import QuerySet

from accounts.models import User
from belangenbehartiger.http import get_or_404

from .models import Deadline, Notification


def open_deadlines(deadlines: QuerySet[Deadline]) -> QuerySet[Deadline]:
    """The open ones of ``deadlines``, soonest first."""
    return deadlines.filter(status=Deadline.Status.OPEN).order_by("due_at", "pk")


def next_running(deadlines: QuerySet[Deadline]) -> Deadline | None:
    """The soonest open deadline whose clock runs (not paused)."""
    return open_deadlines(deadlines).filter(paused_at__isnull=True).first()


def notifications_for(*, user: User) -> QuerySet[Notification]:
    """The user's own notifications, newest first; nobody sees another's."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def notification_for_user_or_404(*, user: User, pk: int) -> Notification:
    return get_or_404(notifications_for(user=user), pk=pk)


def unread_count(user: User) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
