"""Benchmark: the reminder sweep with 100,000 open deadlines.

Seeds open deadlines in bulk (default 100,000; 1,000 of them due within the reminder window,
the rest later) on the cases of the database named by DATABASE_URL (run
bench/triage_queue.py first, or any database with cases), then measures:
- finding the due ones (the indexed range query of deadlines.reminders.due_candidates);
- a full sweep that creates and e-mails 1,000 reminders (Django's in-memory mail backend,
  so SMTP time is not counted);
- a second sweep that finds everything already sent.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/reminder_sweep.py

Results are written up in docs/benchmarks.md.
"""

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "belangenbehartiger.settings")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

import django

django.setup()

from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Organisation, Role, User
from cases.models import Case
from deadlines import reminders
from deadlines.models import Deadline, Notification
from deadlines.services import due_moment

BATCH = 5000


def seed(total: int, due: int) -> None:
    Notification.objects.filter(deadline__case__summary__startswith="[bench]").delete()
    Deadline.objects.filter(case__summary__startswith="[bench]").delete()
    team_org, _ = Organisation.objects.get_or_create(
        name="Belangenbehartiger", defaults={"kind": "belangenbehartiger"}
    )
    manager, _ = User.objects.get_or_create(
        username="bench_casemanager",
        defaults={"role": Role.CASEMANAGER, "organisation": team_org, "email": "cm@example.org"},
    )
    case_ids = list(
        Case.objects.filter(summary__startswith="[bench]").values_list("pk", flat=True)[:total]
    )
    if len(case_ids) < total:
        raise SystemExit(
            f"need {total} bench cases, found {len(case_ids)}: run bench/triage_queue.py first"
        )
    case_type = ContentType.objects.get_for_model(Case)
    today = timezone.localdate()
    start = time.perf_counter()
    rows = []
    for i, case_id in enumerate(case_ids):
        # The first `due` are overdue (yesterday); the rest fall 10 to 70 days ahead.
        day = today - timedelta(days=1) if i < due else today + timedelta(days=10 + i % 60)
        rows.append(
            Deadline(
                subject_type=case_type,
                subject_id=case_id,
                kind=Deadline.Kind.TRIAGE_DECISION,
                due_at=due_moment(day),
                owner=manager if i < due else None,
                label=f"bench-{case_id}",
                url="/",
            )
        )
    with transaction.atomic():
        Deadline.objects.bulk_create(rows, batch_size=BATCH)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE deadlines_deadline")
    print(f"seeded {total} open deadlines ({due} due) in {time.perf_counter() - start:.1f}s")


def timed(label, fn):
    start = time.perf_counter()
    result = fn()
    print(f"{label}: {(time.perf_counter() - start) * 1000:.0f} ms")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--deadlines", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=1_000)
    args = parser.parse_args()
    seed(args.deadlines, args.due)
    open_count = Deadline.objects.filter(status="open").count()
    print(f"database: {connection.vendor}; open deadlines: {open_count}")
    now = timezone.now()
    for run in range(3):
        ids = timed(
            f"find due deadlines, run {run + 1}",
            lambda: list(reminders.due_candidates(now).values_list("pk", flat=True)),
        )
    print(f"  found {len(ids)} due")
    mail.outbox = []
    result = timed(
        "sweep: create and e-mail the reminders", lambda: reminders.reminder_sweep(now=now)
    )
    print(
        f"  {result.notifications} notifications, {result.emails} e-mails, outbox {len(mail.outbox)}"
    )
    again = timed(
        "second sweep (everything already sent)", lambda: reminders.reminder_sweep(now=now)
    )
    print(f"  {again.notifications} notifications, {again.emails} e-mails")


if __name__ == "__main__":
    main()
