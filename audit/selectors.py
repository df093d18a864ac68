"""Reading the access log: only leads and admins, filtered by case, user and dates."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Role, User

from .models import AccessRecord

READERS = frozenset({Role.LEAD, Role.ADMIN})


def may_read_access_log(user: User) -> bool:
    return user.is_authenticated and user.role in READERS


@dataclass(frozen=True)
class AccessLogFilters:
    case: str = ""
    user: User | None = None
    since: date | None = None
    until: date | None = None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def access_records(*, filters: AccessLogFilters = AccessLogFilters()) -> QuerySet[AccessRecord]:
    """The log, newest first, narrowed by the filters (``until`` includes that whole day).
    Callers check ``may_read_access_log`` first (the role decorators and the API do)."""
    records = AccessRecord.objects.select_related("user").order_by("-start_time", "-pk")
    if filters.case:
        records = records.filter(case_reference=filters.case)
    if filters.user is not None:
        records = records.filter(user=filters.user)
    if filters.since:
        records = records.filter(start_time__gte=_day_start(filters.since))
    if filters.until:
        records = records.filter(start_time__lt=_day_start(filters.until + timedelta(days=1)))
    return records


# The log grows with every look; a total past this is only "more than" (the database stops
# counting there), as for the case lists.
COUNT_BOUND = 10_000


def access_records_total(records: QuerySet[AccessRecord]) -> tuple[int, bool]:
    """(count, more): the exact count, or COUNT_BOUND and True when there are more."""
    counted = records.order_by().values("pk")[: COUNT_BOUND + 1].count()
    if counted > COUNT_BOUND:
        return COUNT_BOUND, True
    return counted, False
