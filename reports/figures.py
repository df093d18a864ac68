"""The figures of the impact monitor (DESIGN.md §5, §6 "Monitor") for a period: exact counts,
rates, medians and percentiles, computed in SQL.

``monitor_figures`` returns the exact figures; the team sees them as they are. Analysts, the
CSV for them, the Kamer report and the public page pass them through
``reports.suppression.suppress_figures`` first.

Each figure group is one query (``FIGURE_GROUPS`` names them; a test counts them): the
database groups and counts, Python only shapes the few rows that come back. Percentiles use
PostgreSQL's ``percentile_cont``; on SQLite the same linear interpolation is written out
with window functions (``_percentile_sql``), so both give the same numbers.

What counts in a period (both days included, Amsterdam time):
- intake: cases submitted in it; the breakdowns by Dienst and theme count a case once per
  Dienst or theme it has, so they may add up to more than the total;
- accepted / referred / declined and the time to triage: triage decisions taken in it,
  measured from submission;
- cycle time, outcomes, relief and amounts halted: cases closed in it, from submission to
  closing; the relief rate is the share of closed cases that had been accepted and ended
  fully or partly solved;
- the time to a Dienst's answer: answers given in it, from sending the request;
- Dienst answers on time: answer deadlines that ended in it, met or missed;
- freeze requests made (sent) and granted in it; signals put on the agenda or resolved in
  it; commitments of the Diensten that ended in it, kept or not; feedback given in it.

The filters (Dienst, theme, region, source) narrow everything that belongs to a case. Signals
and commitments have no region or source: the Dienst and theme filters narrow them, the
other two leave them as they are (``filters_apply`` in the result says so).
"""

from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import Count, Exists, F, FloatField, Func, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, NullIf

from accounts.models import Dienst
from belangenbehartiger.routers import replica_reads
from cases.models import Case, CaseEvent, CaseStatus, Feedback, Outcome, Theme
from deadlines.models import Deadline
from directory.selectors import LocalCoverage
from escalation.models import DienstRequest
from signals.models import Commitment, Signal, SignalEvent

from .regions import PROVINCES, UNKNOWN, province_areas, province_case_sql, province_of

AMSTERDAM = ZoneInfo(settings.TIME_ZONE)

# The figure groups, one query each, in the order monitor_figures runs them.
FIGURE_GROUPS = (
    "intake",
    "coverage",
    "decisions",
    "cycle_time",
    "outcomes",
    "dienst_answer_time",
    "dienst_answers_on_time",
    "freeze_requests",
    "signals",
    "commitments",
    "feedback",
)

# The key of the "all groups together" row of a percentile query.
ALL = "*"

DECISIONS = (CaseStatus.ACCEPTED, CaseStatus.REFERRED, CaseStatus.DECLINED)
RELIEVED = (Outcome.FULLY_SOLVED, Outcome.PARTLY_SOLVED)


@dataclass(frozen=True)
class Filters:
    dienst: str = ""  # a Dienst code
    theme: str = ""  # a theme code
    region: str = ""  # a 4-digit postcode area or a province code (reports.regions)
    source: str = ""  # the kind of the submitting organisation

    def case_q(self, path: str = "") -> Q:
        """The filters as a condition on the case at ``path`` ("" or "case__")."""
        q = Q()
        if self.dienst:
            q &= Q(**{f"{path}diensten__code": self.dienst})
        if self.theme:
            q &= Q(**{f"{path}themes__code": self.theme})
        if self.region:
            if self.region in PROVINCES:
                area = Q()
                for low, high in province_areas(self.region):
                    area |= Q(
                        **{f"{path}postcode_area__gte": low, f"{path}postcode_area__lte": high}
                    )
                q &= area
            else:
                q &= Q(**{f"{path}postcode_area": self.region})
        if self.source:
            q &= Q(**{f"{path}organisation__kind": self.source})
        return q

    @property
    def on_cases(self) -> bool:
        return any((self.dienst, self.theme, self.region, self.source))


class DaysBetween(Func):
    """``end - start`` in days, as a float, on PostgreSQL and on SQLite."""

    output_field = FloatField()
    arity = 2

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)",
            arg_joiner=" - ",
            **extra,
        )

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra,
        )


def previous_period(period_start: date, period_end: date) -> tuple[date, date]:
    """The period of the same length that ends the day before ``period_start``."""
    length = (period_end - period_start).days + 1
    return period_start - timedelta(days=length), period_start - timedelta(days=1)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=AMSTERDAM)


def _in_period(field: str, start: date, end: date) -> Q:
    return Q(**{f"{field}__gte": _start_of(start), f"{field}__lt": _start_of(end + timedelta(1))})


def _alias() -> str:
    """Where the monitor reads: the replica when there is one (belangenbehartiger.routers)."""
    return router.db_for_read(Case) or "default"


def _compiled(qs: QuerySet) -> tuple[str, tuple]:
    return qs.query.get_compiler(using=qs.db).as_sql()


def _rows(sql: str, params) -> list[tuple]:
    with connections[_alias()].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _days(value) -> float | None:
    return None if value is None else round(float(value), 1)


def _percentile_sql(sql: str, vendor: str) -> str:
    """Per ``grp`` of the rows (grp, v) of ``sql``, and over all of them as ``ALL``: the
    number of rows, the median and the 90th percentile of ``v`` (linear interpolation)."""
    both = "SELECT grp, v FROM base UNION ALL SELECT %s, v FROM base"
    if vendor == "postgresql":
        return (
            f"WITH base (grp, v) AS ({sql}) "  # noqa: S608 (ORM-compiled SQL; values are params)
            "SELECT grp, COUNT(*), "
            "percentile_cont(0.5) WITHIN GROUP (ORDER BY v), "
            "percentile_cont(0.9) WITHIN GROUP (ORDER BY v) "
            f"FROM ({both}) t GROUP BY grp"
        )

    def at(p: float) -> str:
        pos = f"({p} * (n - 1))"
        low = f"CAST({pos} AS INTEGER)"
        return (
            f"SUM(CASE WHEN rn = {low} THEN v * (1 - ({pos} - {low})) "
            f"WHEN rn = {low} + 1 THEN v * ({pos} - {low}) ELSE 0 END)"
        )

    return (
        f"WITH base (grp, v) AS ({sql}), "  # noqa: S608 (ORM-compiled SQL; values are params)
        f"everything AS ({both}), "
        "ranked AS (SELECT grp, v, "
        "ROW_NUMBER() OVER (PARTITION BY grp ORDER BY v) - 1 AS rn, "
        "COUNT(*) OVER (PARTITION BY grp) AS n FROM everything) "
        f"SELECT grp, MAX(n), {at(0.5)}, {at(0.9)} FROM ranked GROUP BY grp"
    )


def _percentiles(qs: QuerySet) -> dict[str, dict]:
    """``qs`` yields ``grp`` and ``v``; one query returns n, median and p90 per group."""
    sql, params = _compiled(qs.values("grp", "v").order_by())
    vendor = connections[qs.db].vendor
    rows = _rows(_percentile_sql(sql, vendor), [*params, ALL])
    return {
        str(grp): {"n": int(n), "median_days": _days(median), "p90_days": _days(p90)}
        for grp, n, median, p90 in rows
    }


def _no_spread() -> dict:
    return {"n": 0, "median_days": None, "p90_days": None}


# --- the figure groups --------------------------------------------------------------------


def _submitted(start: date, end: date, filters: Filters) -> QuerySet[Case]:
    return (
        Case.objects.using(_alias())
        .exclude(status=CaseStatus.DRAFT)
        .filter(_in_period("submitted_at", start, end))
        .filter(filters.case_q())
    )


def _intake(start: date, end: date, filters: Filters) -> dict:
    """Total, by Dienst, theme, 4-digit area, province and source, and the organisations
    that submitted per area: one query over the period's cases."""
    base = _submitted(start, end, filters).values(
        "id", "postcode_area", "organisation_id", "organisation__kind"
    )
    sql, params = _compiled(base.order_by())
    diensten = Case.diensten.through._meta.db_table
    themes = Case.themes.through._meta.db_table
    dienst_table = Dienst._meta.db_table
    theme_table = Theme._meta.db_table
    province, province_params = province_case_sql("area")
    # ``a`` counts the cases per area and submitting organisation (a few thousand rows);
    # the total, the areas, provinces and sources add those up, so the cases are read once
    # for them and once for each join to the Diensten and themes.
    query = (
        # Interpolated are the ORM-compiled base query and table names; values are params.
        f"WITH c (id, area, org, kind) AS ({sql}), "  # noqa: S608
        "a AS (SELECT area, org, kind, COUNT(*) AS n FROM c GROUP BY area, org, kind) "
        "SELECT 'total', '', SUM(n) FROM a "
        f"UNION ALL SELECT 'dienst', d.code, COUNT(*) FROM c "
        f"JOIN {diensten} cd ON cd.case_id = c.id JOIN {dienst_table} d ON d.id = cd.dienst_id "
        "GROUP BY d.code "
        f"UNION ALL SELECT 'theme', t.code, COUNT(*) FROM c "
        f"JOIN {themes} ct ON ct.case_id = c.id JOIN {theme_table} t ON t.id = ct.theme_id "
        "GROUP BY t.code "
        "UNION ALL SELECT 'region', area, SUM(n) FROM a GROUP BY area "
        "UNION ALL SELECT 'area_orgs', area, COUNT(DISTINCT org) FROM a GROUP BY area "
        f"UNION ALL SELECT 'province', {province}, SUM(n) FROM a GROUP BY 2 "
        "UNION ALL SELECT 'source', kind, SUM(n) FROM a GROUP BY kind"
    )
    result: dict = {
        "total": 0,
        "by_dienst": {},
        "by_theme": {},
        "by_region": {},
        "by_province": {},
        "by_source": {},
    }
    organisations: dict[str, int] = {}
    for kind, key, total in _rows(query, [*params, *province_params]):
        n = int(total or 0)
        if kind == "total":
            result["total"] = n
        elif kind == "area_orgs":
            organisations[key or UNKNOWN] = n
        else:
            result[f"by_{kind}"][key or UNKNOWN] = n
    for name in ("by_dienst", "by_theme", "by_region", "by_province", "by_source"):
        result[name] = dict(sorted(result[name].items()))
    return {"intake": result, "_organisations_per_area": organisations}


def _coverage(intake: dict, organisations: dict[str, int]) -> dict:
    """Intake per area and province beside where first-line help exists: the directory's
    local organisations (one query), and where there are none the number of organisations
    that submitted from the area."""
    local = LocalCoverage()
    areas = {}
    provinces: dict[str, dict] = {}
    for area, cases in intake["by_region"].items():
        covered = area != UNKNOWN and local.covers(int(area))
        areas[area] = {
            "cases": cases,
            "local_help": covered,
            "submitting_organisations": organisations.get(area, 0),
        }
    for code in sorted(PROVINCES):
        provinces[code] = {"cases": 0, "areas": 0, "areas_without_help": 0, "cases_without_help": 0}
    for area, row in areas.items():
        if area == UNKNOWN:
            continue
        totals = provinces[province_of(area)]
        totals["cases"] += row["cases"]
        totals["areas"] += 1
        if not row["local_help"]:
            totals["areas_without_help"] += 1
            totals["cases_without_help"] += row["cases"]
    return {"areas": areas, "provinces": provinces}


def _decisions(start: date, end: date, filters: Filters) -> dict:
    """Accepted, referred and declined in the period, and the time from submission to the
    decision (median, p90): one query."""
    events = (
        CaseEvent.objects.using(_alias())
        .filter(kind=CaseEvent.Kind.STATUS_CHANGED, to_status__in=DECISIONS)
        .filter(_in_period("created_at", start, end))
        .filter(filters.case_q("case__"))
        .annotate(grp=F("to_status"), v=DaysBetween("created_at", "case__submitted_at"))
    )
    spread = _percentiles(events)
    counts = {str(status): spread.get(status, _no_spread())["n"] for status in DECISIONS}
    total = spread.get(ALL, _no_spread())["n"]
    return {
        **counts,
        "decisions": total,
        "acceptance_rate": _rate(counts[CaseStatus.ACCEPTED], total),
        "referral_rate": _rate(counts[CaseStatus.REFERRED], total),
        "time_to_triage": spread.get(ALL, _no_spread()),
    }


def _closed(start: date, end: date, filters: Filters) -> QuerySet[Case]:
    return (
        Case.objects.using(_alias())
        .filter(status=CaseStatus.CLOSED)
        .filter(_in_period("closed_at", start, end))
        .filter(filters.case_q())
    )


def _cycle_time(start: date, end: date, filters: Filters) -> dict:
    """From submission to closing, for the cases closed in the period, over all and per
    triage band: one query."""
    cases = _closed(start, end, filters).annotate(
        grp=Coalesce(NullIf(F("triage_band"), Value("")), Value(UNKNOWN)),
        v=DaysBetween("closed_at", "submitted_at"),
    )
    spread = _percentiles(cases)
    overall = spread.pop(ALL, _no_spread())
    return {"cycle_time": {**overall, "by_band": dict(sorted(spread.items()))}}


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _outcomes(start: date, end: date, filters: Filters) -> dict:
    """The period's closed cases by outcome, whether they had been accepted, and the
    amounts whose collection or recovery was halted: one query."""
    accepted = CaseEvent.objects.filter(
        case_id=OuterRef("pk"), kind=CaseEvent.Kind.STATUS_CHANGED, to_status=CaseStatus.ACCEPTED
    )
    rows = (
        _closed(start, end, filters)
        .annotate(was_accepted=Exists(accepted))
        .values("outcome", "was_accepted")
        .annotate(
            n=Count("id"),
            amount=Sum("amount_relieved"),
            with_amount=Count("amount_relieved"),
        )
        .order_by()
    )
    by_outcome: dict[str, int] = {}
    handled = relieved = with_amount = 0
    amount = Decimal(0)
    for row in rows:
        outcome = row["outcome"] or UNKNOWN
        by_outcome[outcome] = by_outcome.get(outcome, 0) + row["n"]
        if row["was_accepted"]:
            handled += row["n"]
            if row["outcome"] in RELIEVED:
                relieved += row["n"]
        if row["outcome"] in RELIEVED:
            amount += row["amount"] or 0
            with_amount += row["with_amount"]
    return {
        "closed": {
            "total": sum(by_outcome.values()),
            "by_outcome": dict(sorted(by_outcome.items())),
        },
        "relief": {
            "handled": handled,
            "relieved": relieved,
            "rate": _rate(relieved, handled),
            "cases_with_amount": with_amount,
            "amount_halted": str(amount.quantize(Decimal("0.01"))),
        },
    }


def _dienst_answer_time(start: date, end: date, filters: Filters) -> dict:
    """From sending a request to the Dienst's answer, for answers given in the period, over
    all and per Dienst: one query."""
    answered = (
        DienstRequest.objects.using(_alias())
        .filter(responded_at__isnull=False, sent_at__isnull=False)
        .filter(_in_period("responded_at", start, end))
        .filter(filters.case_q("case__"))
        .annotate(grp=F("dienst__code"), v=DaysBetween("responded_at", "sent_at"))
    )
    spread = _percentiles(answered)
    overall = spread.pop(ALL, _no_spread())
    return {"time_to_dienst_answer": {**overall, "by_dienst": dict(sorted(spread.items()))}}


def _dienst_answers_on_time(start: date, end: date, filters: Filters) -> dict:
    """The Diensten's answer deadlines that ended in the period, met or missed: one query."""
    deadlines = (
        Deadline.objects.using(_alias())
        .filter(
            kind=Deadline.Kind.DIENST_ANSWER,
            status__in=(Deadline.Status.MET, Deadline.Status.MISSED),
            dienst__isnull=False,
        )
        .filter(_in_period("closed_at", start, end))
    )
    if filters.on_cases:
        deadlines = deadlines.filter(filters.case_q("dienst_request__case__"))
    rows = (
        deadlines.values("dienst__code")
        .annotate(due=Count("id"), met=Count("id", filter=Q(status=Deadline.Status.MET)))
        .order_by("dienst__code")
    )
    answers = {row["dienst__code"]: {"due": row["due"], "on_time": row["met"]} for row in rows}
    return {
        "dienst_answers": answers,
        "dienst_answers_on_time": {
            code: _rate(row["on_time"], row["due"]) for code, row in answers.items()
        },
    }


def _freeze_requests(start: date, end: date, filters: Filters) -> dict:
    """Freeze requests sent to a Dienst in the period, and those granted in it: one query."""
    made = _in_period("sent_at", start, end)
    granted = Q(granted_until__isnull=False) & _in_period("responded_at", start, end)
    counts = (
        DienstRequest.objects.using(_alias())
        .filter(kind=DienstRequest.Kind.FREEZE)
        .filter(made | granted)
        .filter(filters.case_q("case__"))
        .aggregate(made=Count("id", filter=made), granted=Count("id", filter=granted))
    )
    return {"freeze_requests": counts}


def _signal_filters(filters: Filters, path: str = "") -> Q:
    q = Q()
    if filters.dienst:
        q &= Q(**{f"{path}diensten__code": filters.dienst})
    if filters.theme:
        q &= Q(**{f"{path}themes__code": filters.theme})
    return q


def _signals(start: date, end: date, filters: Filters) -> dict:
    """Signals put on the agenda and resolved in the period: one query."""
    events = (
        SignalEvent.objects.using(_alias())
        .filter(
            kind=SignalEvent.Kind.STATUS_CHANGED,
            to_status__in=(Signal.Status.ON_AGENDA, Signal.Status.RESOLVED),
        )
        .filter(_in_period("created_at", start, end))
        .filter(_signal_filters(filters, "signal__"))
    )
    counts = events.aggregate(
        on_agenda=Count("signal", distinct=True, filter=Q(to_status=Signal.Status.ON_AGENDA)),
        resolved=Count("signal", distinct=True, filter=Q(to_status=Signal.Status.RESOLVED)),
    )
    return {"signals": counts}


def _commitments(start: date, end: date, filters: Filters) -> dict:
    """The Diensten's commitments that ended in the period, kept or not: one query."""
    commitments = (
        Commitment.objects.using(_alias())
        .filter(status__in=(Commitment.Status.KEPT, Commitment.Status.NOT_KEPT))
        .filter(_in_period("closed_at", start, end))
    )
    if filters.dienst:
        commitments = commitments.filter(dienst__code=filters.dienst)
    if filters.theme:
        commitments = commitments.filter(signal__themes__code=filters.theme)
    counts = commitments.aggregate(
        ended=Count("id"), kept=Count("id", filter=Q(status=Commitment.Status.KEPT))
    )
    counts["not_kept"] = counts["ended"] - counts["kept"]
    counts["kept_rate"] = _rate(counts["kept"], counts["ended"])
    return {"commitments": counts}


def _feedback(start: date, end: date, filters: Filters) -> dict:
    """The feedback given in the period, per kind of respondent: how many, and the mean
    rating of outcome and process; one query."""
    rows = (
        Feedback.objects.using(_alias())
        .filter(_in_period("created_at", start, end))
        .filter(filters.case_q("case__"))
        .values("respondent")
        .annotate(
            n=Count("id"),
            outcome_sum=Sum("outcome_rating"),
            process_sum=Sum("process_rating"),
        )
        .order_by("respondent")
    )
    result = {}
    for respondent in Feedback.Respondent.values:
        result[respondent] = {"n": 0, "outcome_mean": None, "process_mean": None}
    for row in rows:
        n = row["n"]
        result[row["respondent"]] = {
            "n": n,
            "outcome_mean": round(row["outcome_sum"] / n, 2),
            "process_mean": round(row["process_sum"] / n, 2),
        }
    return {"feedback": result}


def monitor_figures(
    period_start: date,
    period_end: date,
    *,
    dienst: str | None = None,
    theme: str | None = None,
    region: str | None = None,
    source: str | None = None,
) -> dict:
    """The exact figures of the monitor for ``period_start`` to ``period_end`` (both days
    included), shaped like DESIGN.md §6 "Monitor"; one query per figure group."""
    filters = Filters(
        dienst=dienst or "", theme=theme or "", region=region or "", source=source or ""
    )
    with replica_reads():
        alias = _alias()
        with transaction.atomic(using=alias):
            if connections[alias].vendor == "postgresql":
                # The monitor's joins and groupings hash half a million rows at a million
                # cases: give this transaction the memory to do it without spilling to disk.
                with connections[alias].cursor() as cursor:
                    cursor.execute(f"SET LOCAL work_mem = '{settings.MONITOR_WORK_MEM}'")
            return _all_figures(period_start, period_end, filters)


def _all_figures(start: date, end: date, filters: Filters) -> dict:
    intake = _intake(start, end, filters)
    organisations = intake.pop("_organisations_per_area")
    figures: dict = {
        "period": {"from": start.isoformat(), "to": end.isoformat()},
        "filters": {key: value for key, value in asdict(filters).items() if value},
        "filters_apply": {
            "signals": not (filters.region or filters.source),
            "commitments": not (filters.region or filters.source),
        },
        **intake,
        "coverage": _coverage(intake["intake"], organisations),
        **_decisions(start, end, filters),
        **_cycle_time(start, end, filters),
        **_outcomes(start, end, filters),
        **_dienst_answer_time(start, end, filters),
        **_dienst_answers_on_time(start, end, filters),
        **_freeze_requests(start, end, filters),
        **_signals(start, end, filters),
        **_commitments(start, end, filters),
        **_feedback(start, end, filters),
    }
    return figures
