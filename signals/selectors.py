"""Everything that reads signals, starting with "which signals may this user see".

- the team (casemanagers, leads) and analysts: every signal; analysts never see which
  cases are linked, only counts, and those with small cells suppressed (``suppress``);
- a helper: the signals of its own organisation (its submissions and its colleagues');
- a liaison: only the signals on the agenda with its Dienst, and of those only its own
  Dienst's commitments, never the linked cases;
- anyone else: none.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from accounts.models import Role, User
from belangenbehartiger.http import get_or_404
from cases.models import Case, Theme

from .models import Commitment, CommitmentUpdate, Signal, SignalCase, SignalEvent
from .status import ON_AGENDA_STATUSES, OPEN_SIGNAL_STATUSES, STATUSES

S = Signal.Status
SUPPRESSED = "<5"
SMALL_CELL_MAX = 4


def signals_visible_to(user: User) -> QuerySet[Signal]:
    if not user.is_authenticated or not user.is_active:
        return Signal.objects.none()
    if user.role in (Role.CASEMANAGER, Role.LEAD, Role.ANALYST):
        return Signal.objects.all()
    if user.role == Role.HELPER and user.organisation_id:
        return Signal.objects.filter(organisation_id=user.organisation_id)
    if user.role == Role.LIAISON and user.dienst_id:
        with_dienst = Signal.diensten.through.objects.filter(
            signal_id=OuterRef("pk"), dienst_id=user.dienst_id
        )
        return Signal.objects.filter(Exists(with_dienst), status__in=ON_AGENDA_STATUSES)
    return Signal.objects.none()


def sees_linked_cases(user: User) -> bool:
    """Only the team sees which cases a signal bundles; analysts see counts."""
    return user.is_team


def signal_for_user_or_404(user: User, pk) -> Signal:
    return get_or_404(
        signals_visible_to(user)
        .select_related("owner", "submitted_by", "organisation")
        .prefetch_related("themes", "diensten"),
        pk=pk,
    )


def commitments_for(*, user: User, signal: Signal) -> QuerySet[Commitment]:
    """The signal's commitments with their progress; a liaison sees its own Dienst's."""
    qs = (
        signal.commitments.select_related("dienst", "closed_by", "created_by")
        .prefetch_related(
            Prefetch("updates", queryset=CommitmentUpdate.objects.select_related("author"))
        )
        .order_by("status", "due_date", "pk")
    )
    if user.role == Role.LIAISON:
        qs = qs.filter(dienst_id=user.dienst_id)
    return qs


def commitment_for_user_or_404(user: User, pk) -> Commitment:
    """A commitment of a signal the user may see; a liaison only its own Dienst's."""
    qs = Commitment.objects.filter(signal__in=signals_visible_to(user)).select_related(
        "signal", "dienst"
    )
    if user.role == Role.LIAISON:
        qs = qs.filter(dienst_id=user.dienst_id)
    elif not user.is_team:
        qs = qs.none()
    return get_or_404(qs, pk=pk)


# --- lists -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignalFilters:
    status: str = ""
    theme: str = ""
    dienst: str = ""
    source: str = ""
    open_only: bool = False


def signal_list(*, user: User, filters: SignalFilters = SignalFilters()) -> QuerySet[Signal]:
    """The signals the user may see, filtered, with the linked-case count: a constant
    number of queries per page."""
    qs = signals_visible_to(user)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.open_only:
        qs = qs.filter(status__in=OPEN_SIGNAL_STATUSES)
    if filters.theme:
        qs = filter_with_theme(qs, code=filters.theme)
    if filters.dienst:
        qs = filter_with_dienst(qs, code=filters.dienst)
    if filters.source:
        qs = qs.filter(source=filters.source)
    return (
        qs.select_related("owner", "organisation")
        .prefetch_related("themes", "diensten")
        .annotate(linked_cases=Count("case_links", distinct=True))
        .order_by("-created_at", "-pk")
    )


# EXISTS, not a join: a signal with two themes stays one row, with no DISTINCT.


def filter_with_theme(qs: QuerySet[Signal], *, code: str) -> QuerySet[Signal]:
    links = Signal.themes.through.objects.filter(signal_id=OuterRef("pk"), theme__code=code)
    return qs.filter(Exists(links))


def filter_with_dienst(qs: QuerySet[Signal], *, code: str) -> QuerySet[Signal]:
    links = Signal.diensten.through.objects.filter(signal_id=OuterRef("pk"), dienst__code=code)
    return qs.filter(Exists(links))


def signal_links(signal: Signal) -> QuerySet[SignalCase]:
    """The linked cases of a signal, for the team (the caller checks ``sees_linked_cases``)."""
    return signal.case_links.select_related("case", "linked_by").order_by("-created_at", "-pk")


def signal_events(signal: Signal, *, user: User) -> QuerySet[SignalEvent]:
    """The signal's timeline. Events naming a case are for the team only."""
    events = signal.events.select_related("actor", "case")
    if not sees_linked_cases(user):
        events = events.exclude(
            kind__in=[SignalEvent.Kind.CASE_LINKED, SignalEvent.Kind.CASE_UNLINKED]
        )
    return events


def linked_cases_per_month(signal: Signal) -> list[tuple[date, int]]:
    """How many of the linked cases were submitted in each month, oldest first: one query."""
    rows = (
        SignalCase.objects.filter(signal=signal, case__submitted_at__isnull=False)
        .annotate(month=TruncMonth("case__submitted_at"))
        .values("month")
        .annotate(n=Count("case_id", distinct=True))
        .order_by("month")
    )
    return [(_as_date(row["month"]), row["n"]) for row in rows]


def _as_date(value) -> date:
    if hasattr(value, "date"):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def case_signal_links(case: Case) -> QuerySet[SignalCase]:
    """The signals a case is linked to (the team's case signals page)."""
    return case.signal_links.select_related("signal", "linked_by").order_by("-created_at")


# --- small cells --------------------------------------------------------------------------------


def suppress(counts: dict, *, exact: bool) -> dict:
    """Counts as analysts may see them (DESIGN.md §5 "Small cells"): 1 to 4 become "<5", and
    where only one cell of a breakdown is suppressed the next smallest is too, so no value
    can be derived from the total. The team (``exact``) sees the numbers themselves.

    The smallest rule that holds for the signals' figures; the reports app owns the
    monitor's version."""
    if exact:
        return dict(counts)
    small = [k for k, v in counts.items() if 0 < v <= SMALL_CELL_MAX]
    hidden = set(small)
    if len(small) == 1:
        others = sorted((v, str(k)) for k, v in counts.items() if k not in hidden and v > 0)
        if others:
            smallest = others[0][1]
            hidden |= {k for k in counts if str(k) == smallest}
    return {k: (SUPPRESSED if k in hidden else v) for k, v in counts.items()}


def suppress_one(value: int, *, exact: bool):
    return value if exact or not (0 < value <= SMALL_CELL_MAX) else SUPPRESSED


# --- dashboard -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeRow:
    theme: Theme
    open: int
    total: int


@dataclass(frozen=True)
class RisingRow:
    theme: Theme
    this_month: int | str
    before_average: float | str
    before_total: int | str
    rise: float


def month_start(today: date) -> date:
    return today.replace(day=1)


def months_before(first: date, months: int) -> date:
    """The first day of the month ``months`` before the month starting on ``first``."""
    index = first.year * 12 + first.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def dashboard(*, user: User, today: date | None = None) -> dict:
    """The signals dashboard: by status and theme, rising themes, overdue commitments.

    Six queries whatever the number of signals, cases or links; every count is computed
    in SQL. Analysts get the case counts with small cells suppressed."""
    today = today or timezone.localdate()
    exact = user.is_team
    by_status = dict(
        Signal.objects.values_list("status").annotate(n=Count("pk")).order_by("status")
    )
    statuses = [
        (value, label, by_status.get(value, 0), STATUSES[value]) for value, label in S.choices
    ]

    themes = {t.pk: t for t in Theme.objects.all()}
    theme_rows = [
        ThemeRow(theme=themes[row["theme_id"]], open=row["open"], total=row["total"])
        for row in Signal.themes.through.objects.values("theme_id")
        .annotate(
            total=Count("signal_id"),
            open=Count("signal_id", filter=Q(signal__status__in=OPEN_SIGNAL_STATUSES)),
        )
        .order_by("-open", "-total", "theme_id")
        if row["theme_id"] in themes
    ]

    rising = _rising_themes(themes, today=today, exact=exact)

    overdue = Commitment.objects.filter(status=Commitment.Status.OPEN, due_date__lt=today)
    overdue_count = overdue.count()
    overdue_list = list(overdue.select_related("signal", "dienst").order_by("due_date", "pk")[:25])
    return {
        "statuses": statuses,
        "total": sum(by_status.values()),
        "themes": theme_rows,
        "rising": rising,
        "overdue_count": overdue_count,
        "overdue": overdue_list,
        "exact": exact,
        "month": month_start(today),
    }


def _rising_themes(themes: dict, *, today: date, exact: bool) -> list[RisingRow]:
    """Per theme of the signals: the linked cases submitted this month against the average
    of the three months before. One query (COUNT DISTINCT with filters)."""
    this_month = month_start(today)
    start = _midnight(months_before(this_month, 3))
    split = _midnight(this_month)
    rows = (
        Signal.themes.through.objects.filter(signal__case_links__case__submitted_at__gte=start)
        .values("theme_id")
        .annotate(
            now=Count(
                "signal__case_links__case_id",
                filter=Q(signal__case_links__case__submitted_at__gte=split),
                distinct=True,
            ),
            before=Count(
                "signal__case_links__case_id",
                filter=Q(signal__case_links__case__submitted_at__lt=split),
                distinct=True,
            ),
        )
        .order_by("theme_id")
    )
    result = []
    for row in rows:
        if row["theme_id"] not in themes:
            continue
        average = row["before"] / 3
        result.append((themes[row["theme_id"]], row["now"], row["before"], average))
    result.sort(key=lambda r: (-(r[1] - r[3]), r[0].name_nl))
    now_cells = suppress({t.pk: n for t, n, _b, _a in result}, exact=exact)
    before_cells = suppress({t.pk: b for t, _n, b, _a in result}, exact=exact)
    return [
        RisingRow(
            theme=theme,
            this_month=now_cells[theme.pk],
            before_total=before_cells[theme.pk],
            before_average=round(average, 1)
            if before_cells[theme.pk] != SUPPRESSED
            else SUPPRESSED,
            rise=now - average,
        )
        for theme, now, _before, average in result
    ]
