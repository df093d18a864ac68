"""Query plans for `make bench`: plain execution time and EXPLAIN ANALYZE of the SQL a page
runs, and of the queries it replaced ("before"), built here so the comparison is repeatable
on the same data."""

import statistics
import time

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery

from cases.models import Case
from cases.selectors import COUNT_BOUND, cases_visible_to, possible_duplicate
from cases.status import QUEUE_STATUSES
from deadlines.models import Deadline


def run_ms(sql: str, params=()) -> float:
    with connection.cursor() as cursor:
        start = time.perf_counter()
        cursor.execute(sql, params or None)
        cursor.fetchall()
        return (time.perf_counter() - start) * 1000


def explain_one(sql: str, params=(), *, without_index: str | None = None) -> dict:
    """Median of 5 plain executions and one EXPLAIN (ANALYZE, BUFFERS). ``without_index``:
    the plan as it was before that index existed (dropped inside a rolled-back
    transaction; the table is locked meanwhile)."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            if without_index:
                cursor.execute(f'DROP INDEX "{without_index}"')
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params or None)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        times = [run_ms(sql, params) for _ in range(5)]
        if without_index:
            transaction.set_rollback(True)
    return {
        "sql": sql if not params else connection.ops.compose_sql(sql, params),
        "ms": round(statistics.median(times), 2),
        "plan": plan,
        "without_index": without_index,
    }


CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def data_queries(captured: list[dict]) -> list[dict]:
    """The captured queries without transaction control (BEGIN, COMMIT, savepoints)."""
    return [q for q in captured if not q["sql"].lstrip().upper().startswith(CONTROL)]


def explain_all(sqls: list[str]) -> list[dict]:
    """The SELECTs of a page, each timed and explained (its writes are left out)."""
    # A UNION of SELECTs starts with "(": it is a read too.
    return [explain_one(sql) for sql in sqls if sql.lstrip("( ").upper().startswith("SELECT")]


def duplicate_before(user) -> list[tuple[str, tuple]]:
    """The queue's duplicate filter as it was before the stored mark: the check asked row
    by row along the queue index, for the page and for its bounded count."""
    qs = cases_visible_to(user).filter(status__in=QUEUE_STATUSES).filter(possible_duplicate())
    page = qs.order_by("triage_rank", "-triage_score", "submitted_at", "id")[:25]
    count_sql, count_params = qs.order_by().values("pk")[: COUNT_BOUND + 1].query.sql_with_params()
    return [
        page.query.sql_with_params(),
        (f"SELECT COUNT(*) FROM ({count_sql}) subquery", count_params),
    ]


def queue_before(user, *, dienst: str = "", theme: str = "") -> list[tuple[str, tuple]]:
    """The queue page's three heavy queries as they were before issue 12: the page with a
    join and DISTINCT for the Dienst and theme filters, and two COUNTs over the queue."""
    qs = cases_visible_to(user).filter(status__in=QUEUE_STATUSES)
    if dienst:
        qs = qs.filter(diensten__code=dienst)
    if theme:
        qs = qs.filter(themes__code=theme)
    if dienst or theme:
        qs = qs.distinct()
    running = Deadline.objects.filter(
        subject_type=ContentType.objects.get_for_model(Case),
        subject_id=OuterRef("pk"),
        status=Deadline.Status.OPEN,
        paused_at__isnull=True,
        kind__in=(Deadline.Kind.TRIAGE_DECISION, Deadline.Kind.HELPER_ANSWER),
    ).order_by("due_at")
    page = qs.annotate(due_at=Subquery(running.values("due_at")[:1])).order_by(
        "triage_rank", "-triage_score", "submitted_at", "id"
    )[:25]
    count = qs.values("pk").order_by()
    bands = (
        cases_visible_to(user)
        .filter(status__in=QUEUE_STATUSES)
        .values("triage_rank")
        .annotate(n=Count("id"))
        .order_by()
    )
    count_sql, count_params = count.query.sql_with_params()
    return [
        page.query.sql_with_params(),
        (f"SELECT COUNT(*) FROM ({count_sql}) subquery", count_params),
        bands.query.sql_with_params(),
    ]
