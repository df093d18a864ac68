"""Benchmark: the signals dashboard and the similarity suggestions at scale.

Seeds (in bulk) 100,000 submitted cases with Dutch texts, 1,000 signals, links spread over
the last six months and commitments (some overdue) into the database named by
DATABASE_URL, then measures the dashboard and the signal list (time and query count,
through Django's test client) and the three suggestion queries of signals/similarity.py.
Use a database of its own, never production:

    createdb -h 127.0.0.1 -U postgres bench_signals
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_signals \
        .venv/bin/python bench/signals.py

The case texts are the labelled set's (tests/data/signal_suggestions.json) with variations,
so a common problem matches thousands of cases, as it would in real life. Results are
written up in docs/benchmarks.md.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
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
from signals import similarity
from signals.models import Commitment, Signal, SignalCase

BATCH = 5000
# Bench rows are recognised by these, never by their text (a marker word in every text
# would match every document).
BENCH_NAME = "Bench"
BENCH_USER = "bench_manager"
DATA = json.loads((ROOT / "tests" / "data" / "signal_suggestions.json").read_text())
PLACES = ["Utrecht", "Rotterdam", "Zwolle", "Groningen", "Tilburg", "Almere", "Heerlen", "Delft"]
EXTRA = [
    "De cliënt heeft al gebeld met de BelastingTelefoon.",
    "Er is bezwaar gemaakt maar nog geen beslissing.",
    "De schuldhulpverlening van de gemeente is betrokken.",
    "De brieven zijn moeilijk te begrijpen voor de betrokkene.",
    "Er dreigt een huurachterstand.",
    "De hulpverlener heeft de stukken opgevraagd.",
    "",
]
STATUSES = [
    CaseStatus.SUBMITTED,
    CaseStatus.IN_TRIAGE,
    CaseStatus.ACCEPTED,
    CaseStatus.IN_PROGRESS,
    CaseStatus.CLOSED,
    CaseStatus.CLOSED,
]
SIGNAL_STATUSES = [
    "new",
    "analysing",
    "on_agenda",
    "on_agenda",
    "in_kamer_report",
    "resolved",
    "closed",
]


def seed_cases(n: int, rng: random.Random) -> None:
    existing = Case.objects.filter(subject_name=BENCH_NAME).count()
    if existing >= n:
        print(f"{existing} bench cases present; not seeding cases")
        return
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
    year = timezone.localdate().year
    now = timezone.now()
    start = time.perf_counter()
    made = existing
    while made < n:
        size = min(BATCH, n - made)
        cases = []
        for i in range(made, made + size):
            row = rng.choice(DATA["cases"])
            cases.append(
                Case(
                    reference=f"BB-{year - 3}-{i + 1:06d}",
                    status=rng.choice(STATUSES),
                    organisation=rng.choice(orgs),
                    created_by=helper,
                    subject_type="burger",
                    subject_name=BENCH_NAME,
                    postcode_area=f"{rng.randrange(1000, 9999)}",
                    consent=True,
                    summary=f"{row['summary']} ({rng.choice(PLACES)})"[:200],
                    description=f"{row['description']} {rng.choice(EXTRA)} {rng.choice(EXTRA)}",
                    # Spread over the last six months, so the monthly figures have data.
                    submitted_at=now - timedelta(minutes=rng.randrange(0, 180 * 24 * 60)),
                )
            )
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
        made += size
        print(f"  seeded {made}/{n} cases ({time.perf_counter() - start:.0f}s)", flush=True)
    print(f"seeding cases took {time.perf_counter() - start:.1f}s")


def seed_signals(n: int, links: int, rng: random.Random) -> None:
    if Signal.objects.filter(submitted_by__username=BENCH_USER).count() >= n:
        print("bench signals present; not seeding signals")
        return
    start = time.perf_counter()
    team_org, _ = Organisation.objects.get_or_create(
        name="Belangenbehartiger", defaults={"kind": "belangenbehartiger"}
    )
    manager, _ = User.objects.get_or_create(
        username=BENCH_USER, defaults={"role": Role.LEAD, "organisation": team_org}
    )
    diensten = {d.code: d for d in Dienst.objects.all()}
    themes = {t.code: t for t in Theme.objects.all()}
    rows = []
    for i in range(n):
        base = DATA["signals"][i % len(DATA["signals"])]
        rows.append(
            (
                base,
                Signal(
                    title=f"{base['title']} ({rng.choice(PLACES)}, {i})"[:200],
                    description=base["description"],
                    regulation=base["regulation"],
                    source=rng.choice(Signal.Source.values),
                    status=rng.choice(SIGNAL_STATUSES),
                    submitted_by=manager,
                    owner=manager,
                    organisation=team_org,
                ),
            )
        )
    with transaction.atomic():
        Signal.objects.bulk_create([s for _b, s in rows], batch_size=BATCH)
        Signal.diensten.through.objects.bulk_create(
            [
                Signal.diensten.through(signal_id=s.pk, dienst_id=diensten[code].pk)
                for base, s in rows
                for code in base["diensten"]
            ],
            batch_size=BATCH,
        )
        Signal.themes.through.objects.bulk_create(
            [
                Signal.themes.through(signal_id=s.pk, theme_id=themes[code].pk)
                for base, s in rows
                for code in base["themes"]
            ],
            batch_size=BATCH,
        )
        case_ids = list(Case.objects.filter(subject_name=BENCH_NAME).values_list("pk", flat=True))
        pairs = {(rng.choice(rows)[1].pk, rng.choice(case_ids)) for _ in range(links)}
        SignalCase.objects.bulk_create(
            [
                SignalCase(signal_id=s, case_id=c, linked_by=manager, reason="bench")
                for s, c in pairs
            ],
            batch_size=BATCH,
        )
        today = timezone.localdate()
        agenda = [s for _b, s in rows if s.status in ("on_agenda", "in_kamer_report")]
        commitments = Commitment.objects.bulk_create(
            [
                Commitment(
                    signal=s,
                    dienst=diensten["belastingdienst"],
                    description="Werkinstructie aanpassen",
                    due_date=today + timedelta(days=rng.randrange(-60, 90)),
                    created_by=manager,
                )
                for s in agenda
            ],
            batch_size=BATCH,
        )
        print(f"  {len(pairs)} links, {len(commitments)} commitments")
    print(f"seeding signals took {time.perf_counter() - start:.1f}s")


def measure(label: str, fn, repeat: int = 7) -> float:
    fn()  # warm up
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    median = statistics.median(times)
    print(
        f"{label}: median {median:.0f} ms, min {min(times):.0f} ms, max {max(times):.0f} ms ({repeat} runs)"
    )
    return median


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--signals", type=int, default=1_000)
    parser.add_argument("--links", type=int, default=20_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    rng = random.Random(9)
    seed_cases(args.cases, rng)
    seed_signals(args.signals, args.links, rng)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"database: {connection.vendor}; cases: {Case.objects.count()}; signals: "
        f"{Signal.objects.count()}; links: {SignalCase.objects.count()}; commitments: "
        f"{Commitment.objects.count()} (overdue: "
        f"{Commitment.objects.filter(status='open', due_date__lt=timezone.localdate()).count()})"
    )

    manager = User.objects.get(username=BENCH_USER)
    analyst, _ = User.objects.get_or_create(
        username="bench_analyst",
        defaults={"role": Role.ANALYST, "organisation": manager.organisation},
    )
    for user in (manager, analyst):
        client = Client()
        client.force_login(user)
        for url in ("/signalen/dashboard/", "/signalen/", "/signalen/?theme=verrekening"):
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            measure(
                f"GET {url} as {user.role} ({len(ctx.captured_queries)} queries)",
                lambda url=url, client=client: client.get(url),
            )

    case = (
        Case.objects.filter(subject_name=BENCH_NAME, status=CaseStatus.SUBMITTED)
        .order_by("pk")
        .first()
    )
    signal = (
        Signal.objects.filter(submitted_by__username=BENCH_USER, status="on_agenda")
        .order_by("pk")
        .first()
    )
    print(f"method: {similarity.method()}; case {case.reference}: {case.summary}")
    common = sorted(similarity.common_lexemes(Case._meta.db_table))
    print(
        f"lexemes left out of case queries (in > {similarity.COMMON_SHARE:.0%} of cases): {common}"
    )
    measure(
        "signals_like_case (open signals for a case)", lambda: similarity.signals_like_case(case)
    )
    measure(
        "cases_like_case (other open cases for a case)", lambda: similarity.cases_like_case(case)
    )
    measure(
        "cases_like_signal (unlinked cases for a signal)",
        lambda: similarity.cases_like_signal(signal),
    )
    client = Client()
    client.force_login(manager)
    for url in (
        f"/api/v1/cases/{case.reference}/related/",
        f"/api/v1/signals/{signal.pk}/related-cases/",
    ):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        measure(f"GET {url} ({len(ctx.captured_queries)} queries)", lambda url=url: client.get(url))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/signalen/casus/{case.reference}/").status_code == 200
    measure(
        f"GET /signalen/casus/<reference>/ ({len(ctx.captured_queries)} queries)",
        lambda: client.get(f"/signalen/casus/{case.reference}/"),
    )
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/signalen/{signal.pk}/").status_code == 200
    measure(
        f"GET /signalen/<id>/ ({len(ctx.captured_queries)} queries)",
        lambda: client.get(f"/signalen/{signal.pk}/"),
    )


if __name__ == "__main__":
    main()
