"""The stored duplicate mark: ``Case.possible_duplicate`` says that another open case
shares the case's BSN or KvK hash. Lists filter on it instead of asking every row.

Only a change of whether a case is open changes anyone's mark (a submitted case's
identifiers do not change; a draft is not open and is not marked), so ``case_transition``
calls ``duplicate_marks_refresh`` when a case opens or leaves the open statuses.
"""

from django.db import connection
from django.db.models import Exists, Q

from ..models import Case
from ..selectors import possible_duplicate
from ..status import OPEN_STATUSES, CaseStatus

# The namespace of these advisory locks (pg_advisory_xact_lock's first key).
LOCK_CLASS = 0x0B_B0_D0_01


def _lock_hashes(hashes: list[str]) -> None:
    """On PostgreSQL, lock each hash until the transaction ends, in a fixed order: two
    cases for one person that open at once then see each other, as the second one's
    UPDATE starts after the first one's commit. SQLite writes one transaction at a time."""
    if connection.vendor != "postgresql":
        return
    keys = sorted({int(value[:8], 16) - 2**31 for value in hashes})
    calls = ", ".join(["pg_advisory_xact_lock(%s, %s)"] * len(keys))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {calls}", [n for key in keys for n in (LOCK_CLASS, key)])


def duplicate_marks_refresh(*, case: Case, opened: bool) -> int:
    """After ``case`` opened (``opened``) or left the open statuses, in its transaction:
    the marks of the submitted cases that share its BSN or KvK hash, itself included, in
    one UPDATE of the rows whose mark changes. Returns how many changed.

    Opened: every other such case now has an open duplicate, and the case itself has one
    if another open case shares a hash. Left: another case loses its mark unless a third
    open case still shares a hash with it."""
    hashes = [value for value in (case.bsn_hash, case.kvk_hash) if value]
    if not hashes:
        return 0  # an empty hash matches nobody
    _lock_hashes(hashes)
    sharing = Q(bsn_hash=case.bsn_hash) if case.bsn_hash else Q()
    if case.kvk_hash:
        sharing |= Q(kvk_hash=case.kvk_hash)
    cases = Case.objects.filter(sharing).exclude(status=CaseStatus.DRAFT)
    if opened:
        # The case's own question needs no row-by-row check: its hashes are known.
        others_open = Case.objects.filter(sharing, status__in=OPEN_STATUSES).exclude(pk=case.pk)
        return (
            cases.filter(possible_duplicate=False)
            .filter(~Q(pk=case.pk) | Exists(others_open))
            .update(possible_duplicate=True)
        )
    return (
        cases.filter(possible_duplicate=True)
        .exclude(pk=case.pk)
        .exclude(possible_duplicate())
        .update(possible_duplicate=False)
    )


def duplicate_marks_rebuild() -> int:
    """Every submitted case's mark from its definition, after cases were written in bulk
    past ``case_transition`` (the benchmark's seed). Returns how many cases are marked."""
    submitted = Case.objects.exclude(status=CaseStatus.DRAFT)
    submitted.filter(possible_duplicate=True).exclude(possible_duplicate()).update(
        possible_duplicate=False
    )
    submitted.filter(possible_duplicate=False).filter(possible_duplicate()).update(
        possible_duplicate=True
    )
    return submitted.filter(possible_duplicate=True).count()
