"""Everything that reads Kamer reports, starting with "who may see them".

A report holds no personal data (reports.kamer_content checks it before it is frozen), so
the team (casemanagers, leads) and analysts read every report; nobody else reads any.
"""

from django.db.models import QuerySet

from accounts.models import Role, User
from belangenbehartiger.http import get_or_404
from signals.models import Signal

from .models import KamerReport

READER_ROLES = frozenset({Role.CASEMANAGER, Role.LEAD, Role.ANALYST})


def reads_reports(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.role in READER_ROLES


def kamer_reports_visible_to(user: User) -> QuerySet[KamerReport]:
    if not reads_reports(user):
        return KamerReport.objects.none()
    return KamerReport.objects.all()


def kamer_report_list(*, user: User) -> QuerySet[KamerReport]:
    """The reports, newest first, without their (large) snapshot and PDF."""
    return (
        kamer_reports_visible_to(user)
        .select_related("generated_by", "finalised_by")
        .defer("snapshot", "pdf")
        .order_by("-created_at", "-pk")
    )


def kamer_report_for_user_or_404(user: User, pk, *, with_pdf: bool = False) -> KamerReport:
    qs = kamer_reports_visible_to(user).select_related("generated_by", "finalised_by")
    if not with_pdf:
        qs = qs.defer("pdf")
    return get_or_404(qs, pk=pk)


def kamer_report_progress_for_user_or_404(user: User, pk) -> KamerReport:
    """Only what the progress fragment needs: polled every few seconds."""
    return get_or_404(
        kamer_reports_visible_to(user).select_related("generated_by").defer("snapshot", "pdf"),
        pk=pk,
    )


def chosen_signals(*, user: User) -> QuerySet[Signal]:
    """The signals a lead chose for the report, with the team's words about them."""
    if not user.is_team:
        return Signal.objects.none()
    return (
        Signal.objects.filter(status=Signal.Status.IN_KAMER_REPORT)
        .select_related("problem_statement")
        .order_by("created_at", "pk")
    )


def chosen_signal_for_user_or_404(user: User, pk) -> Signal:
    """A signal chosen for the report, for the team; any other is a 404."""
    return get_or_404(chosen_signals(user=user), pk=pk)
