"""Benchmark: the front door at scale: coverage over 100,000 cases, "hulp in de buurt" and
the directory API, and the solution library's Dutch full-text search over 10,000 summaries.

Uses the bench cases of bench/triage_queue.py (seeded here when missing: N submitted cases,
postcode areas spread over 1000-9999), the demo directory (demo/directory.py) and M
published summaries seeded in bulk. Use a database of its own, never production:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/front_door.py

Results are written up in docs/benchmarks.md.
"""

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.contrib.postgres.search import SearchVector
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Dienst, Organisation, Role, User
from bench.triage_queue import measure, seed
from cases.models import Case, Theme
from demo.directory import seed_directory
from frontdoor import selectors
from frontdoor.models import Solution

# Domain words, each in about one text in a hundred, among filler words from a large
# vocabulary: a search for one domain word selects about 400 of 10,000 summaries.
DOMAIN = [
    "dwangbevel",
    "beslag",
    "betalingsregelingen",
    "verrekening",
    "terugvordering",
    "huurtoeslag",
    "zorgtoeslag",
    "kinderopvangtoeslag",
    "naheffing",
    "aanslag",
    "uitstel",
    "kwijtschelding",
    "bezwaar",
    "beschikking",
    "inkomen",
    "beslagvrije",
    "hersteloperatie",
    "compensatie",
    "ondernemer",
    "btw",
    "loonheffing",
]
FILLER = [f"woord{i:04d}" for i in range(3000)]


def _text(rng: random.Random, n: int) -> str:
    words = [rng.choice(FILLER) for _ in range(n)]
    for word in DOMAIN:
        if rng.random() < 0.01:
            words.insert(rng.randrange(len(words) + 1), word)
    return " ".join(words) + "."


def seed_solutions(m: int, author: User) -> None:
    existing = Solution.objects.filter(title__startswith="[bench]").count()
    if existing >= m:
        print(f"{existing} bench solutions present; not seeding")
        return
    rng = random.Random(7)
    themes, diensten = list(Theme.objects.all()), list(Dienst.objects.all())
    now = timezone.now()
    start = time.perf_counter()
    rows = [
        Solution(
            title=f"[bench] {_text(rng, 4)}",
            problem=_text(rng, 40),
            tried=_text(rng, 20),
            accepted_solution=_text(rng, 40),
            theme=rng.choice(themes),
            dienst=rng.choice(diensten),
            status=Solution.Status.APPROVED,
            author=author,
            published_at=now - timezone.timedelta(minutes=i),
        )
        for i in range(existing, m)
    ]
    with transaction.atomic():
        Solution.objects.bulk_create(rows, batch_size=5000)
        if connection.vendor == "postgresql":
            Solution.objects.filter(search_document__isnull=True).update(
                search_document=SearchVector("title", config="dutch", weight="A")
                + SearchVector("problem", "accepted_solution", config="dutch", weight="B")
                + SearchVector("tried", config="dutch", weight="C")
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE frontdoor_solution")
    print(f"seeding {m - existing} solutions took {time.perf_counter() - start:.1f}s")


def timed_get(client, url: str, repeat: int = 7) -> None:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200, url
    measure(f"GET {url} ({len(ctx.captured_queries)} queries)", lambda: client.get(url), repeat)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--solutions", type=int, default=10_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    seed(args.cases)
    seed_directory()
    team_org, _ = Organisation.objects.get_or_create(
        name="Belangenbehartiger", defaults={"kind": "belangenbehartiger"}
    )
    lead, _ = User.objects.get_or_create(
        username="bench_manager", defaults={"role": Role.LEAD, "organisation": team_org}
    )
    helper = User.objects.get(username="bench_helper")
    seed_solutions(args.solutions, lead)
    print(
        f"database: {connection.vendor}; cases: {Case.objects.count()}; "
        f"solutions: {Solution.objects.count()}"
    )

    since = timezone.localdate() - timezone.timedelta(days=364)
    until = timezone.localdate()
    result = selectors.coverage(since=since, until=until)
    print(
        f"coverage: {result.total_cases} cases from {result.areas_with_intake} areas, "
        f"{len(result.uncovered)} areas without help"
    )
    measure("coverage selector, 365 days", lambda: selectors.coverage(since=since, until=until))

    team = Client()
    team.force_login(lead)
    timed_get(team, "/dekking/")
    timed_get(team, "/dekking/?pagina=50")

    public = Client()
    timed_get(public, "/hulp-in-de-buurt/?postcode=3511")
    timed_get(public, "/hulp-in-de-buurt/?postcode=4501")
    api = APIClient()
    timed_get(api, "/api/v1/directory/?postcode_area=3511")

    library = Client()
    library.force_login(helper)
    timed_get(library, "/oplossingen/")
    timed_get(library, "/oplossingen/?q=betalingsregeling")
    timed_get(library, "/oplossingen/?q=dwangbevel+beslag&thema=invordering")
    if connection.vendor == "postgresql":
        query = selectors.solution_search(
            user=helper, filters=selectors.SolutionFilters(q="betalingsregeling")
        ).results
        print(f"'betalingsregeling' finds {query.count()} (the texts say 'betalingsregelingen')")
        plan = query[:25].explain()
        print("plan uses the GIN index:", "frontdoor_solution_search_gin" in plan)


if __name__ == "__main__":
    main()
