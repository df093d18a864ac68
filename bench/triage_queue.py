"""Benchmark: the triage queue page and a criteria preview at scale.

Seeds N submitted cases in bulk (default 100,000) into the database named by DATABASE_URL,
then measures the queue page (time and query count, through Django's test client) and a
10,000-case preview of a draft criteria set. Use a database of its own, never production:

    createdb -h 127.0.0.1 -U postgres bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/triage_queue.py

Results are written up in docs/benchmarks.md.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "belangenbehartiger.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Dienst, Organisation, Role, User
from cases.models import Case, CaseStatus, Theme
from cases.services import identifier_hash
from triage import scoring, selectors, services
from triage.models import BAND_RANK, Assessment
from triage.preview import criteria_set_preview

BATCH = 5000


def seed(n: int) -> None:
    existing = Case.objects.filter(summary__startswith="[bench]").count()
    if existing >= n:
        print(f"{existing} bench cases present; not seeding")
        return
    rng = random.Random(42)
    orgs = [
        Organisation.objects.get_or_create(
            name=f"Bench organisatie {i}", defaults={"kind": "social"}
        )[0]
        for i in range(20)
    ]
    helper, _ = User.objects.get_or_create(
        username="bench_helper", defaults={"role": Role.HELPER, "organisation": orgs[0]}
    )
    diensten = list(Dienst.objects.all())
    themes = list(Theme.objects.all())
    active = selectors.active_criteria_set()
    specs = selectors.specs(active)
    keys = [c.key for c in specs]
    statuses = (
        [CaseStatus.SUBMITTED] * 5
        + [CaseStatus.IN_TRIAGE] * 3
        + [CaseStatus.INFO_REQUESTED]
        + [CaseStatus.ACCEPTED, CaseStatus.CLOSED]
    )
    year = timezone.localdate().year
    start = time.perf_counter()
    now = timezone.now()
    made = existing
    while made < n:
        size = min(BATCH, n - made)
        cases, answer_sets = [], []
        for i in range(made, made + size):
            answers = {k: rng.random() < 0.3 for k in keys}
            answers["in_mandate"] = rng.random() < 0.9
            result = scoring.score(answers, specs)
            bsn = f"{rng.randrange(10**8, 10**9)}"
            submitted = now - timezone.timedelta(minutes=i)
            cases.append(
                Case(
                    # Six digits a year: a million cases span two earlier years.
                    reference=f"BB-{year - 1 - i // 999_999}-{i % 999_999 + 1:06d}",
                    status=rng.choice(statuses),
                    organisation=rng.choice(orgs),
                    created_by=helper,
                    subject_type="burger",
                    subject_name="Bench",
                    bsn_hash=identifier_hash(bsn),
                    postcode_area=f"{rng.randrange(1000, 9999)}",
                    consent=True,
                    summary=f"[bench] casus {i}",
                    triage_answers=answers,
                    triage_band=result.band,
                    triage_rank=BAND_RANK[result.band],
                    triage_score=result.score,
                    submitted_at=submitted,
                )
            )
            answer_sets.append((answers, result))
        with transaction.atomic():
            Case.objects.bulk_create(cases, batch_size=BATCH)
            Through = Case.diensten.through
            Through.objects.bulk_create(
                [Through(case_id=c.pk, dienst_id=rng.choice(diensten).pk) for c in cases],
                batch_size=BATCH,
            )
            ThemeThrough = Case.themes.through
            ThemeThrough.objects.bulk_create(
                [ThemeThrough(case_id=c.pk, theme_id=rng.choice(themes).pk) for c in cases],
                batch_size=BATCH,
            )
            Assessment.objects.bulk_create(
                [
                    Assessment(
                        case_id=c.pk,
                        criteria_set=active,
                        answers=a,
                        score=r.score,
                        band=r.band,
                        suggestion=r.suggestion,
                        contributions=r.contributions,
                        flags=r.flags,
                    )
                    for c, (a, r) in zip(cases, answer_sets, strict=True)
                ],
                batch_size=BATCH,
            )
        made += size
        print(f"  seeded {made}/{n} ({time.perf_counter() - start:.0f}s)", flush=True)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    print(f"seeding took {time.perf_counter() - start:.1f}s")


def measure(label: str, fn, repeat: int = 7) -> None:
    fn()  # warm up
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    print(
        f"{label}: median {statistics.median(times):.0f} ms, min {min(times):.0f} ms, max {max(times):.0f} ms ({repeat} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--preview", type=int, default=10_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    seed(args.cases)
    print(f"database: {connection.vendor}; cases: {Case.objects.count()}")

    team_org, _ = Organisation.objects.get_or_create(
        name="Belangenbehartiger", defaults={"kind": "belangenbehartiger"}
    )
    manager, _ = User.objects.get_or_create(
        username="bench_manager", defaults={"role": Role.LEAD, "organisation": team_org}
    )
    client = Client()
    client.force_login(manager)
    for url in (
        "/triage/",
        "/triage/?band=urgent",
        "/triage/?pagina=200",
        "/triage/?dienst=toeslagen&theme=box-3",
    ):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        measure(f"GET {url} ({len(ctx.captured_queries)} queries)", lambda url=url: client.get(url))

    admin, _ = User.objects.get_or_create(
        username="bench_admin", defaults={"role": Role.ADMIN, "organisation": team_org}
    )
    draft = selectors.active_criteria_set()
    from triage.models import CriteriaSet

    draft = CriteriaSet.objects.filter(
        status="draft"
    ).first() or services.criteria_set_draft_create(actor=admin)
    services.criterion_update(
        criterion=draft.criteria.get(key="vulnerable"), actor=admin, data={"weight": 6}
    )
    result = criteria_set_preview(draft=draft, limit=args.preview)
    print(
        f"preview: {result.compared} cases, {result.band_changes} change band, {len(result.newly_accepted)} newly accept, {len(result.dropped)} dropped"
    )
    measure(
        f"preview of {args.preview} cases",
        lambda: criteria_set_preview(draft=draft, limit=args.preview),
        repeat=5,
    )


if __name__ == "__main__":
    main()
