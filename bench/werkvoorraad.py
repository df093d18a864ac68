"""Benchmark: a casemanager's werkvoorraad and a busy case workspace.

Seeds, through the real services, one casemanager with N open cases (default 300), each with
a proposal to a Dienst; a third of them with a Dienst's question, a sixth with an answer not
read yet. One case gets a long history (10 requests with threads, informal contacts and
messages). Then ``--noise`` open deadlines of other subjects (default 100,000) are added in
bulk, so the deadline table is not small. It measures, through Django's test client (7 runs
after a warm-up; median, min, max), the werkvoorraad and that case's workspace. Use a
database of its own, never production:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<yours> .venv/bin/python bench/werkvoorraad.py

Results are written up in docs/benchmarks.md.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "belangenbehartiger.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Dienst, Organisation, Role, User
from cases import services as case_services
from cases.models import Case
from casework import steps
from deadlines.models import Deadline
from escalation import services as ladder
from triage import decisions

RUNS = 7
MARK = "[bench-werkvoorraad]"


def user(username: str, role: str, org: Organisation) -> User:
    return User.objects.get_or_create(
        username=username, defaults={"role": role, "organisation": org, "first_name": username}
    )[0]


def seed(n: int, noise: int) -> tuple[User, Case]:
    team_org = Organisation.objects.get_or_create(
        name="Bench Belangenbehartiger", defaults={"kind": "belangenbehartiger"}
    )[0]
    helper_org = Organisation.objects.get_or_create(
        name="Bench hulpverlening", defaults={"kind": "social"}
    )[0]
    bd = Dienst.objects.get(code="belastingdienst")
    dienst_org = Organisation.objects.get_or_create(
        name="Bench Belastingdienst", defaults={"kind": "dienst", "dienst": bd}
    )[0]
    casemanager = user("bench_casemanager", Role.CASEMANAGER, team_org)
    helper = user("bench_helper2", Role.HELPER, helper_org)
    liaison = user("bench_liaison", Role.LIAISON, dienst_org)
    mine = Case.objects.filter(assignee=casemanager, summary__startswith=MARK)
    made = mine.count()
    start = time.perf_counter()
    data = {
        "subject_type": "burger",
        "subject_name": "B. Bench",
        "bsn": "111222333",
        "postcode_area": "3511",
        "consent": True,
        "consent_method": "written",
        "consent_date": timezone.localdate() - timedelta(days=1),
        "description": "Bench",
        "triage_answers": {"in_mandate": True, "first_line_tried": True},
    }
    for i in range(made, n):
        case, _ = steps.case_create_and_submit(
            user=helper, data={**data, "summary": f"{MARK} {i}"}, diensten=[bd], themes=[]
        )
        decisions.case_decide(case=case, actor=casemanager, decision="accept")
        request = ladder.request_create(
            case=case, actor=casemanager, kind="proposal", dienst=bd, text="Voorstel"
        )
        if i % 3 == 0:
            ladder.request_respond(
                request=request, actor=liaison, outcome="question", motivation="Welk jaar?"
            )
        elif i % 6 == 1:
            ladder.request_respond(request=request, actor=liaison, outcome="accepted")
    if n > made:
        print(f"seeded {n - made} cases in {time.perf_counter() - start:.1f} s")
    busy = mine.order_by("pk").first()
    if busy.dienst_requests.count() < 10:
        for j in range(9):
            request = ladder.request_create(
                case=busy, actor=casemanager, kind="proposal", dienst=bd, text=f"Voorstel {j}"
            )
            ladder.request_respond(
                request=request, actor=liaison, outcome="question", motivation="Welk jaar?"
            )
            ladder.request_reply(request=request, actor=casemanager, text="2024")
            ladder.informal_contact_log(
                case=busy,
                actor=casemanager,
                dienst=bd,
                kind="phone",
                at=timezone.now(),
                contact_name="J. Bakker",
                agreed="Terugbellen",
            )
            case_services.message_post(case=busy, author=casemanager, body=f"Bericht {j}")
    case_type = ContentType.objects.get_for_model(Case)
    have = Deadline.objects.filter(label=MARK).count()
    if have < noise:
        due = timezone.now() + timedelta(days=20)
        rows = [
            Deadline(
                subject_type=case_type,
                subject_id=10_000_000 + i,
                kind=Deadline.Kind.TRIAGE_DECISION,
                due_at=due,
                label=MARK,
            )
            for i in range(have, noise)
        ]
        Deadline.objects.bulk_create(rows, batch_size=5000)
        print(f"added {noise - have} other open deadlines")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return casemanager, busy


def measure(client: Client, url: str) -> tuple[int, list[float]]:
    assert client.get(url).status_code == 200  # warm-up
    times = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, url
    return len(ctx.captured_queries), times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--noise", type=int, default=100_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    casemanager, busy = seed(args.cases, args.noise)
    client = Client()
    client.force_login(casemanager)
    print(f"{'what':<46} {'queries':>7} {'median':>8} {'min':>7} {'max':>7}")
    for label, url in (
        ("GET /werkvoorraad/", "/werkvoorraad/"),
        ("GET /werkvoorraad/?pagina=12", "/werkvoorraad/?pagina=12"),
        ("GET /casussen/<busy case>/ (workspace)", f"/casussen/{busy.reference}/"),
    ):
        queries, times = measure(client, url)
        print(
            f"{label:<46} {queries:>7} {statistics.median(times):>6.0f}ms"
            f" {min(times):>5.0f}ms {max(times):>5.0f}ms"
        )


if __name__ == "__main__":
    main()
