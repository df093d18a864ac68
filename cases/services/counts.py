"""The counter rows behind the case totals (``cases.models.CaseCount``).

Every change of a submitted case's status or triage rank moves one case from its old cells
to its new ones in the same transaction as the change itself, so the totals stay exact
without ever counting cases.
"""

from collections import Counter
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, Value

from ..models import Case, CaseCount, CaseStatus

# Rows per cell that concurrent transactions spread their increments over.
STRIPES = 16

Cell = tuple[str, int]  # (status, triage_rank)


def _stripe(case_pk: int) -> int:
    return case_pk % STRIPES


def case_relation_ids(case_pk: int) -> tuple[list[int], list[int]]:
    """The ids of a stored case's Diensten and themes, in one query."""
    diensten = Case.diensten.through.objects.filter(case_id=case_pk).annotate(kind=Value("d"))
    themes = Case.themes.through.objects.filter(case_id=case_pk).annotate(kind=Value("t"))
    rows = diensten.values_list("kind", "dienst_id").union(
        themes.values_list("kind", "theme_id"), all=True
    )
    dienst_ids, theme_ids = [], []
    for kind, pk in rows:
        (dienst_ids if kind == "d" else theme_ids).append(pk)
    return dienst_ids, theme_ids


def case_counts_move(
    *,
    case_pk: int,
    before: Cell | None,
    after: Cell | None,
    dienst_ids: Iterable[int] = (),
    theme_ids: Iterable[int] = (),
) -> None:
    """One case leaves cell ``before`` and enters cell ``after`` (None: not counted, as a
    draft), in all and for each of its Diensten and themes. One statement, an upsert;
    nothing when nothing moves."""
    pairs = [(d, t) for d in (0, *dienst_ids) for t in (0, *theme_ids)]
    deltas: Counter[tuple[str, int, int, int]] = Counter()
    for cell, delta in ((before, -1), (after, 1)):
        if cell is not None and cell[0] != CaseStatus.DRAFT:
            for dienst, theme in pairs:
                deltas[(cell[0], cell[1], dienst, theme)] += delta
    # Sorted, so two transactions lock the rows of one stripe in the same order.
    rows = sorted((*cell, delta) for cell, delta in deltas.items() if delta)
    if not rows:
        return
    table = connection.ops.quote_name(CaseCount._meta.db_table)
    values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(rows))
    stripe = _stripe(case_pk)
    params = [p for status, rank, d, t, delta in rows for p in (status, rank, d, t, stripe, delta)]
    # The same upsert syntax works on PostgreSQL and SQLite (3.24+). Only the quoted table
    # name and placeholders are formatted in; the values are parameters.
    columns = "(status, triage_rank, dienst, theme, stripe, n)"
    key = "(status, triage_rank, dienst, theme, stripe)"
    upsert = f"ON CONFLICT {key} DO UPDATE SET n = {table}.n + excluded.n"
    sql = f"INSERT INTO {table} {columns} VALUES {values} {upsert}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@transaction.atomic
def case_counts_rebuild() -> int:
    """Recount every cell from the cases themselves; for bulk loads and as a repair.

    Locks the counter table for the recount, so no transition writes in between. Returns
    the number of counted cases. This one does scan the cases, on purpose.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"LOCK TABLE {connection.ops.quote_name(CaseCount._meta.db_table)} "
                "IN SHARE ROW EXCLUSIVE MODE"
            )
    CaseCount.objects.all().delete()
    submitted = Case.objects.exclude(status=CaseStatus.DRAFT)
    groupings = (
        ((), None),
        (("diensten__id",), "dienst"),
        (("themes__id",), "theme"),
        (("diensten__id", "themes__id"), "both"),
    )
    cells, counted = [], 0
    for extra, kind in groupings:
        rows = (
            submitted.filter(**{f"{name}__isnull": False for name in extra})
            .values("status", "triage_rank", *extra)
            .annotate(total=Count("id", distinct=True))
            .order_by()
        )
        for row in rows:
            dienst = row.get("diensten__id", 0) if kind in ("dienst", "both") else 0
            theme = row.get("themes__id", 0) if kind in ("theme", "both") else 0
            cells.append(
                CaseCount(
                    status=row["status"],
                    triage_rank=row["triage_rank"],
                    dienst=dienst,
                    theme=theme,
                    stripe=0,
                    n=row["total"],
                )
            )
            if kind is None:
                counted += row["total"]
    CaseCount.objects.bulk_create(cells, batch_size=5000)
    return counted
