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
from django.db.models import Case as CaseWhen
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
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


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date


class Periods(tuple):
    """The periods one run counts, each figure group in one query for all of them: the
    rows of the envelope (first start to last end) are read once and each is labelled with
    the period it falls in (``label_of``); rows between two periods get "" and are
    ignored."""

    def envelope(self, field: str) -> Q:
        start = min(period.start for period in self)
        end = max(period.end for period in self)
        return Q(
            **{f"{field}__gte": _start_of(start), f"{field}__lt": _start_of(end + timedelta(1))}
        )

    @staticmethod
    def within(field: str, period: Period) -> Q:
        return Q(
            **{
                f"{field}__gte": _start_of(period.start),
                f"{field}__lt": _start_of(period.end + timedelta(1)),
            }
        )

    def label_of(self, field: str) -> CaseWhen:
        return CaseWhen(
            *(When(self.within(field, period), then=Value(period.label)) for period in self),
            default=Value(""),
            output_field=CharField(),
        )

    @property
    def labels(self) -> list[str]:
        return [period.label for period in self]


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
    """Per period ``p`` and ``grp`` of the rows (p, grp, v) of ``sql``, and per period over
    all its rows as ``ALL``: the number of rows, the median and the 90th percentile of ``v``
    (linear interpolation, as percentile_cont)."""
    both = "SELECT p, grp, v FROM base UNION ALL SELECT p, %s, v FROM base"
    if vendor == "postgresql":
        return (
            f"WITH base (p, grp, v) AS ({sql}) "  # noqa: S608 (ORM-compiled SQL; values are params)
            "SELECT p, grp, COUNT(*), "
            "percentile_cont(0.5) WITHIN GROUP (ORDER BY v), "
            "percentile_cont(0.9) WITHIN GROUP (ORDER BY v) "
            f"FROM ({both}) t GROUP BY p, grp"
        )

    def at(q: float) -> str:
        pos = f"({q} * (n - 1))"
        low = f"CAST({pos} AS INTEGER)"
        return (
            f"SUM(CASE WHEN rn = {low} THEN v * (1 - ({pos} - {low})) "
            f"WHEN rn = {low} + 1 THEN v * ({pos} - {low}) ELSE 0 END)"
        )

    return (
        f"WITH base (p, grp, v) AS ({sql}), "  # noqa: S608 (ORM-compiled SQL; values are params)
        f"everything AS ({both}), "
        "ranked AS (SELECT p, grp, v, "
        "ROW_NUMBER() OVER (PARTITION BY p, grp ORDER BY v) - 1 AS rn, "
        "COUNT(*) OVER (PARTITION BY p, grp) AS n FROM everything) "
        f"SELECT p, grp, MAX(n), {at(0.5)}, {at(0.9)} FROM ranked GROUP BY p, grp"
    )


def _percentiles(qs: QuerySet, periods: Periods) -> dict[str, dict[str, dict]]:
    """``qs`` yields ``p``, ``grp`` and ``v``; one query returns n, median and p90 per
    period and group."""
    sql, params = _compiled(qs.values("p", "grp", "v").order_by())
    vendor = connections[qs.db].vendor
    result: dict[str, dict[str, dict]] = {label: {} for label in periods.labels}
    for label, grp, n, median, p90 in _rows(_percentile_sql(sql, vendor), [*params, ALL]):
        if label in result:
            result[label][str(grp)] = {
                "n": int(n),
                "median_days": _days(median),
                "p90_days": _days(p90),
            }
    return result


def _no_spread() -> dict:
    return {"n": 0, "median_days": None, "p90_days": None}


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


# --- the figure groups: each one query for all periods -------------------------------------


def _intake(periods: Periods, filters: Filters) -> dict[str, dict]:
    """Total, by Dienst, theme, 4-digit area, province and source, and the organisations
    that submitted per area: one query over the periods' cases."""
    base = (
        Case.objects.using(_alias())
        .exclude(status=CaseStatus.DRAFT)
        .filter(periods.envelope("submitted_at"))
        .filter(filters.case_q())
        .annotate(p=periods.label_of("submitted_at"))
        .values("id", "postcode_area", "organisation_id", "organisation__kind", "p")
    )
    sql, params = _compiled(base.order_by())
    diensten = Case.diensten.through._meta.db_table
    themes = Case.themes.through._meta.db_table
    dienst_table = Dienst._meta.db_table
    theme_table = Theme._meta.db_table
    province, province_params = province_case_sql("area")
    # ``a`` counts the cases per period, area and submitting organisation (a few thousand
    # rows); the totals, areas, provinces and sources add those up, so the cases are read
    # once for them and once for each join to the Diensten and themes.
    query = (
        # Interpolated are the ORM-compiled base query and table names; values are params.
        f"WITH c (id, area, org, kind, p) AS ({sql}), "  # noqa: S608
        "a AS (SELECT p, area, org, kind, COUNT(*) AS n FROM c GROUP BY p, area, org, kind) "
        "SELECT p, 'total', '', SUM(n) FROM a GROUP BY p "
        "UNION ALL SELECT c.p, 'dienst', d.code, COUNT(*) FROM c "
        f"JOIN {diensten} cd ON cd.case_id = c.id JOIN {dienst_table} d ON d.id = cd.dienst_id "
        "GROUP BY c.p, d.code "
        "UNION ALL SELECT c.p, 'theme', t.code, COUNT(*) FROM c "
        f"JOIN {themes} ct ON ct.case_id = c.id JOIN {theme_table} t ON t.id = ct.theme_id "
        "GROUP BY c.p, t.code "
        "UNION ALL SELECT p, 'region', area, SUM(n) FROM a GROUP BY p, area "
        "UNION ALL SELECT p, 'area_orgs', area, COUNT(DISTINCT org) FROM a GROUP BY p, area "
        f"UNION ALL SELECT p, 'province', {province}, SUM(n) FROM a GROUP BY 1, 3 "
        "UNION ALL SELECT p, 'source', kind, SUM(n) FROM a GROUP BY p, kind"
    )
    result = {
        label: {
            "intake": {
                "total": 0,
                "by_dienst": {},
                "by_theme": {},
                "by_region": {},
                "by_province": {},
                "by_source": {},
            },
            "_organisations_per_area": {},
        }
        for label in periods.labels
    }
    for label, kind, key, total in _rows(query, [*params, *province_params]):
        if label not in result:
            continue
        n = int(total or 0)
        intake = result[label]["intake"]
        if kind == "total":
            intake["total"] = n
        elif kind == "area_orgs":
            result[label]["_organisations_per_area"][key or UNKNOWN] = n
        else:
            intake[f"by_{kind}"][key or UNKNOWN] = n
    for figures in result.values():
        intake = figures["intake"]
        for name in ("by_dienst", "by_theme", "by_region", "by_province", "by_source"):
            intake[name] = dict(sorted(intake[name].items()))
    return result


def _coverage(intake: dict, organisations: dict[str, int], local: LocalCoverage) -> dict:
    """Intake per area and province beside where first-line help exists: the directory's
    local organisations, and where there are none the number of organisations that
    submitted from the area."""
    areas = {}
    for area, cases in intake["by_region"].items():
        covered = area != UNKNOWN and local.covers(int(area))
        areas[area] = {
            "cases": cases,
            "local_help": covered,
            "submitting_organisations": organisations.get(area, 0),
        }
    provinces = {
        code: {"cases": 0, "areas": 0, "areas_without_help": 0, "cases_without_help": 0}
        for code in sorted(PROVINCES)
    }
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


def _decisions(periods: Periods, filters: Filters) -> dict[str, dict]:
    """Accepted, referred and declined in each period, and the time from submission to the
    decision (median, p90): one query."""
    events = (
        CaseEvent.objects.using(_alias())
        .filter(kind=CaseEvent.Kind.STATUS_CHANGED, to_status__in=DECISIONS)
        .filter(periods.envelope("created_at"))
        .filter(filters.case_q("case__"))
        .annotate(
            p=periods.label_of("created_at"),
            grp=F("to_status"),
            v=DaysBetween("created_at", "case__submitted_at"),
        )
    )
    result = {}
    for label, spread in _percentiles(events, periods).items():
        counts = {str(status): spread.get(status, _no_spread())["n"] for status in DECISIONS}
        total = spread.get(ALL, _no_spread())["n"]
        result[label] = {
            **counts,
            "decisions": total,
            "acceptance_rate": _rate(counts[CaseStatus.ACCEPTED], total),
            "referral_rate": _rate(counts[CaseStatus.REFERRED], total),
            "time_to_triage": spread.get(ALL, _no_spread()),
        }
    return result


def _closed(periods: Periods, filters: Filters) -> QuerySet[Case]:
    return (
        Case.objects.using(_alias())
        .filter(status=CaseStatus.CLOSED)
        .filter(periods.envelope("closed_at"))
        .filter(filters.case_q())
        .annotate(p=periods.label_of("closed_at"))
    )


def _cycle_time(periods: Periods, filters: Filters) -> dict[str, dict]:
    """From submission to closing, for the cases closed in each period, over all and per
    triage band: one query."""
    cases = _closed(periods, filters).annotate(
        grp=Coalesce(NullIf(F("triage_band"), Value("")), Value(UNKNOWN)),
        v=DaysBetween("closed_at", "submitted_at"),
    )
    result = {}
    for label, spread in _percentiles(cases, periods).items():
        overall = spread.pop(ALL, _no_spread())
        result[label] = {"cycle_time": {**overall, "by_band": dict(sorted(spread.items()))}}
    return result


def _outcomes(periods: Periods, filters: Filters) -> dict[str, dict]:
    """Each period's closed cases by outcome, whether they had been accepted, and the
    amounts whose collection or recovery was halted: one query."""
    accepted = CaseEvent.objects.filter(
        case_id=OuterRef("pk"), kind=CaseEvent.Kind.STATUS_CHANGED, to_status=CaseStatus.ACCEPTED
    )
    rows = (
        _closed(periods, filters)
        .annotate(was_accepted=Exists(accepted))
        .values("p", "outcome", "was_accepted")
        .annotate(
            n=Count("id"), amount=Sum("amount_relieved"), with_amount=Count("amount_relieved")
        )
        .order_by()
    )
    tally = {
        label: {
            "by_outcome": {},
            "handled": 0,
            "relieved": 0,
            "with_amount": 0,
            "amount": Decimal(0),
        }
        for label in periods.labels
    }
    for row in rows:
        if row["p"] not in tally:
            continue
        t = tally[row["p"]]
        outcome = row["outcome"] or UNKNOWN
        t["by_outcome"][outcome] = t["by_outcome"].get(outcome, 0) + row["n"]
        if row["was_accepted"]:
            t["handled"] += row["n"]
            if row["outcome"] in RELIEVED:
                t["relieved"] += row["n"]
        if row["outcome"] in RELIEVED:
            t["amount"] += row["amount"] or 0
            t["with_amount"] += row["with_amount"]
    return {
        label: {
            "closed": {
                "total": sum(t["by_outcome"].values()),
                "by_outcome": dict(sorted(t["by_outcome"].items())),
            },
            "relief": {
                "handled": t["handled"],
                "relieved": t["relieved"],
                "rate": _rate(t["relieved"], t["handled"]),
                "cases_with_amount": t["with_amount"],
                "amount_halted": str(t["amount"].quantize(Decimal("0.01"))),
            },
        }
        for label, t in tally.items()
    }


def _dienst_answer_time(periods: Periods, filters: Filters) -> dict[str, dict]:
    """From sending a request to the Dienst's answer, for answers given in each period,
    over all and per Dienst: one query."""
    answered = (
        DienstRequest.objects.using(_alias())
        .filter(responded_at__isnull=False, sent_at__isnull=False)
        .filter(periods.envelope("responded_at"))
        .filter(filters.case_q("case__"))
        .annotate(
            p=periods.label_of("responded_at"),
            grp=F("dienst__code"),
            v=DaysBetween("responded_at", "sent_at"),
        )
    )
    result = {}
    for label, spread in _percentiles(answered, periods).items():
        overall = spread.pop(ALL, _no_spread())
        result[label] = {
            "time_to_dienst_answer": {**overall, "by_dienst": dict(sorted(spread.items()))}
        }
    return result


def _dienst_answers_on_time(periods: Periods, filters: Filters) -> dict[str, dict]:
    """The Diensten's answer deadlines that ended in each period, met or missed: one query."""
    deadlines = (
        Deadline.objects.using(_alias())
        .filter(
            kind=Deadline.Kind.DIENST_ANSWER,
            status__in=(Deadline.Status.MET, Deadline.Status.MISSED),
            dienst__isnull=False,
        )
        .filter(periods.envelope("closed_at"))
    )
    if filters.on_cases:
        deadlines = deadlines.filter(filters.case_q("dienst_request__case__"))
    rows = (
        deadlines.annotate(p=periods.label_of("closed_at"))
        .values("p", "dienst__code")
        .annotate(due=Count("id"), met=Count("id", filter=Q(status=Deadline.Status.MET)))
        .order_by("p", "dienst__code")
    )
    answers: dict[str, dict] = {label: {} for label in periods.labels}
    for row in rows:
        if row["p"] in answers:
            answers[row["p"]][row["dienst__code"]] = {"due": row["due"], "on_time": row["met"]}
    return {
        label: {
            "dienst_answers": per_dienst,
            "dienst_answers_on_time": {
                code: _rate(row["on_time"], row["due"]) for code, row in per_dienst.items()
            },
        }
        for label, per_dienst in answers.items()
    }


def _freeze_requests(periods: Periods, filters: Filters) -> dict[str, dict]:
    """Freeze requests sent to a Dienst in each period, and those granted in it: one query."""
    granted = Q(granted_until__isnull=False)
    aggregates = {}
    for period in periods:
        aggregates[f"made_{period.label}"] = Count("id", filter=periods.within("sent_at", period))
        aggregates[f"granted_{period.label}"] = Count(
            "id", filter=granted & periods.within("responded_at", period)
        )
    counts = (
        DienstRequest.objects.using(_alias())
        .filter(kind=DienstRequest.Kind.FREEZE)
        .filter(periods.envelope("sent_at") | (granted & periods.envelope("responded_at")))
        .filter(filters.case_q("case__"))
        .aggregate(**aggregates)
    )
    return {
        label: {
            "freeze_requests": {
                "made": counts[f"made_{label}"],
                "granted": counts[f"granted_{label}"],
            }
        }
        for label in periods.labels
    }


def _signal_filters(filters: Filters, path: str = "") -> Q:
    q = Q()
    if filters.dienst:
        q &= Q(**{f"{path}diensten__code": filters.dienst})
    if filters.theme:
        q &= Q(**{f"{path}themes__code": filters.theme})
    return q


def _signals(periods: Periods, filters: Filters) -> dict[str, dict]:
    """Signals put on the agenda and resolved in each period: one query."""
    events = (
        SignalEvent.objects.using(_alias())
        .filter(
            kind=SignalEvent.Kind.STATUS_CHANGED,
            to_status__in=(Signal.Status.ON_AGENDA, Signal.Status.RESOLVED),
        )
        .filter(periods.envelope("created_at"))
        .filter(_signal_filters(filters, "signal__"))
    )
    aggregates = {}
    for period in periods:
        within = periods.within("created_at", period)
        for status in (Signal.Status.ON_AGENDA, Signal.Status.RESOLVED):
            aggregates[f"{status}_{period.label}"] = Count(
                "signal", distinct=True, filter=within & Q(to_status=status)
            )
    counts = events.aggregate(**aggregates)
    return {
        label: {
            "signals": {
                "on_agenda": counts[f"on_agenda_{label}"],
                "resolved": counts[f"resolved_{label}"],
            }
        }
        for label in periods.labels
    }


def _commitments(periods: Periods, filters: Filters) -> dict[str, dict]:
    """The Diensten's commitments that ended in each period, kept or not: one query."""
    commitments = (
        Commitment.objects.using(_alias())
        .filter(status__in=(Commitment.Status.KEPT, Commitment.Status.NOT_KEPT))
        .filter(periods.envelope("closed_at"))
    )
    if filters.dienst:
        commitments = commitments.filter(dienst__code=filters.dienst)
    if filters.theme:
        commitments = commitments.filter(signal__themes__code=filters.theme)
    aggregates = {}
    for period in periods:
        within = periods.within("closed_at", period)
        aggregates[f"ended_{period.label}"] = Count("id", filter=within)
        aggregates[f"kept_{period.label}"] = Count(
            "id", filter=within & Q(status=Commitment.Status.KEPT)
        )
    counts = commitments.aggregate(**aggregates)
    result = {}
    for label in periods.labels:
        ended, kept = counts[f"ended_{label}"], counts[f"kept_{label}"]
        result[label] = {
            "commitments": {
                "ended": ended,
                "kept": kept,
                "not_kept": ended - kept,
                "kept_rate": _rate(kept, ended),
            }
        }
    return result


def _feedback(periods: Periods, filters: Filters) -> dict[str, dict]:
    """The feedback given in each period, per kind of respondent: how many, and the mean
    rating of outcome and process; one query."""
    rows = (
        Feedback.objects.using(_alias())
        .filter(periods.envelope("created_at"))
        .filter(filters.case_q("case__"))
        .annotate(p=periods.label_of("created_at"))
        .values("p", "respondent")
        .annotate(
            n=Count("id"),
            outcome_sum=Sum("outcome_rating"),
            process_sum=Sum("process_rating"),
        )
        .order_by("p", "respondent")
    )
    result = {
        label: {
            "feedback": {
                respondent: {"n": 0, "outcome_mean": None, "process_mean": None}
                for respondent in Feedback.Respondent.values
            }
        }
        for label in periods.labels
    }
    for row in rows:
        if row["p"] not in result:
            continue
        n = row["n"]
        result[row["p"]]["feedback"][row["respondent"]] = {
            "n": n,
            "outcome_mean": round(row["outcome_sum"] / n, 2),
            "process_mean": round(row["process_sum"] / n, 2),
        }
    return result


def _filters(dienst, theme, region, source) -> Filters:
    return Filters(dienst=dienst or "", theme=theme or "", region=region or "", source=source or "")


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
    periods = Periods([Period("now", period_start, period_end)])
    return _run(periods, _filters(dienst, theme, region, source))["now"]


def monitor_figures_with_previous(
    period_start: date,
    period_end: date,
    *,
    dienst: str | None = None,
    theme: str | None = None,
    region: str | None = None,
    source: str | None = None,
) -> tuple[dict, dict]:
    """The figures of the period and of the previous period of the same length
    (``previous_period``), both from the same queries: one query per figure group reads
    the two periods' rows together."""
    before = previous_period(period_start, period_end)
    periods = Periods([Period("now", period_start, period_end), Period("before", *before)])
    figures = _run(periods, _filters(dienst, theme, region, source))
    return figures["now"], figures["before"]


def _run(periods: Periods, filters: Filters) -> dict[str, dict]:
    with replica_reads():
        alias = _alias()
        with transaction.atomic(using=alias):
            if connections[alias].vendor == "postgresql":
                # The monitor's joins and groupings hash half a million rows at a million
                # cases: give this transaction the memory to do it without spilling to disk.
                with connections[alias].cursor() as cursor:
                    cursor.execute(f"SET LOCAL work_mem = '{settings.MONITOR_WORK_MEM}'")
            return _all_figures(periods, filters)


def _all_figures(periods: Periods, filters: Filters) -> dict[str, dict]:
    intake = _intake(periods, filters)
    local = LocalCoverage()
    groups = [
        _decisions(periods, filters),
        _cycle_time(periods, filters),
        _outcomes(periods, filters),
        _dienst_answer_time(periods, filters),
        _dienst_answers_on_time(periods, filters),
        _freeze_requests(periods, filters),
        _signals(periods, filters),
        _commitments(periods, filters),
        _feedback(periods, filters),
    ]
    result = {}
    for period in periods:
        label = period.label
        organisations = intake[label].pop("_organisations_per_area")
        figures: dict = {
            "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
            "filters": {key: value for key, value in asdict(filters).items() if value},
            "filters_apply": {
                "signals": not (filters.region or filters.source),
                "commitments": not (filters.region or filters.source),
            },
            **intake[label],
            "coverage": _coverage(intake[label]["intake"], organisations, local),
        }
        for group in groups:
            figures.update(group[label])
        result[label] = figures
    return result
