"""Benchmark: the Kamer report's content at scale, beside the raw SQL of its aggregates.

Measures ``reports.kamer_content.snapshot_build`` for a year — the monitor's figures for the
period and the previous one, suppressed, the chosen signals with their linked cases and
vignettes, the escalations, the report card, and the personal-data check over every linked
case — and, in the same run and interleaved, the SQL it sent, executed raw (cursor, no ORM,
no Python shaping). Also the PDF's rendering time and the plans of the slowest queries.

Read-only for the database it is pointed at: what that database lacks for a report (the
reports tables, signals chosen for the report with linked cases, commitments, approved
vignettes) is made inside one transaction that is rolled back at the end. Point it at a
database seeded with `make bench` (bench/seed.py), e.g. one of a million cases:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h10m_bench \\
        .venv/bin/python bench/kamer_report.py

Environment: BENCH_RUNS (default 5), BENCH_SIGNALS (default 10), BENCH_LINKS (cases linked
per signal, default 1,000), BENCH_VIGNETTES (default 200). Prints the table that
docs/benchmarks.md quotes, and writes bench/kamer_report.json.
"""

import json
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "belangenbehartiger.settings")
os.environ.setdefault("LOCAL_SECRETS", "true")

import django

django.setup()

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Dienst, Role, User
from bench import plans
from cases.models import Case
from reports import kamer_content, kamer_pdf
from reports.figures import monitor_figures, previous_period
from reports.models import KamerReport, KamerReportEvent, ProblemStatement
from signals.models import Commitment, Signal

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
SIGNALS = int(os.environ.get("BENCH_SIGNALS", "10"))
LINKS = int(os.environ.get("BENCH_LINKS", "1000"))
VIGNETTES = int(os.environ.get("BENCH_VIGNETTES", "200"))
RESULTS = ROOT / "bench" / "kamer_report.json"


def log(text: str) -> None:
    print(text, flush=True)


class Rollback(Exception):
    pass


def _tables() -> None:
    """The reports tables, when the database was migrated without them."""
    existing = set(connection.introspection.table_names())
    with connection.schema_editor() as editor:
        for model in (KamerReport, KamerReportEvent, ProblemStatement):
            if model._meta.db_table not in existing:
                editor.create_model(model)


def _lead() -> User:
    lead = User.objects.filter(role=Role.LEAD).first()
    return lead or User.objects.create(username="bench_kamer_lead", role=Role.LEAD)


def _material(lead: User) -> None:
    """Signals chosen for the report, each with LINKS linked cases, a problem statement and
    commitments; VIGNETTES approved vignettes of accepted cases."""
    dienst = Dienst.objects.get(code="belastingdienst")
    now = timezone.now()
    for n in range(SIGNALS):
        signal = Signal.objects.create(
            title=f"Benchprobleem {n}: invordering loopt door tijdens bezwaar",
            description="Bij veel mensen loopt de invordering door terwijl het bezwaar loopt.",
            source=Signal.Source.OWN_RESEARCH,
            status=Signal.Status.IN_KAMER_REPORT,
            submitted_by=lead,
            people_affected_estimate=1000 * (n + 1),
        )
        signal.diensten.add(dienst)
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO domain_signals_signalcase (signal_id, case_id, linked_by_id, reason,"
                " created_at) SELECT %s, id, %s, 'bench', %s FROM cases_case"
                " WHERE reference IS NOT NULL AND id %% %s = %s ORDER BY id LIMIT %s",
                [signal.pk, lead.pk, now, SIGNALS * 7, n, LINKS],
            )
        ProblemStatement.objects.create(
            signal=signal,
            cause="De systemen wachten niet op de uitkomst van het bezwaar.",
            dienst_response="De Dienst onderzoekt een signalering.",
            recommendation="Stop de invordering zodra een bezwaar binnen is.",
            updated_by=lead,
        )
        Commitment.objects.bulk_create(
            Commitment(
                signal=signal,
                dienst=dienst,
                description=f"Toezegging {k} bij probleem {n}.",
                due_date=timezone.localdate() + timedelta(days=30 * k - 45),
                status=[Commitment.Status.OPEN, Commitment.Status.KEPT, Commitment.Status.NOT_KEPT][
                    k % 3
                ],
                created_by=lead,
            )
            for k in range(3)
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO escalation_kamerreportitem (case_id, vignette, status, author_id,"
            " created_at, approved_by_id, approved_at)"
            " SELECT c.id, 'Een burger kreeg een aanmaning terwijl het bezwaar nog liep; pas na"
            " maanden werd de invordering stilgezet.', 'approved', %s, %s, %s, %s"
            " FROM cases_case c WHERE c.reference IS NOT NULL"
            " AND NOT EXISTS (SELECT 1 FROM escalation_kamerreportitem k WHERE k.case_id = c.id)"
            " ORDER BY c.id DESC LIMIT %s",
            [lead.pk, now, lead.pk, now, VIGNETTES],
        )


def _raw_ms(sqls: list[str]) -> float:
    start = time.perf_counter()
    with connection.cursor() as cursor:
        for sql in sqls:
            cursor.execute(sql)
            if cursor.description is not None:  # not for the monitor's SET LOCAL work_mem
                cursor.fetchall()
    return (time.perf_counter() - start) * 1000


def _build(report) -> tuple[float, list[dict], dict]:
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        snapshot = kamer_content.snapshot_build(report, progress=lambda _p, _s: True)
        elapsed = (time.perf_counter() - start) * 1000
    return elapsed, plans.data_queries(captured.captured_queries), snapshot


def measure() -> dict:
    lead = _lead()
    today = timezone.localdate()
    report = KamerReport.objects.create(
        title="Bench",
        period_start=today - timedelta(days=364),
        period_end=today,
        generated_by=lead,
    )
    _build(report)  # warm the caches once
    report_ms, raw_ms = [], []
    queries: list[dict] = []
    snapshot: dict = {}
    for _ in range(RUNS):
        elapsed, queries, snapshot = _build(report)
        report_ms.append(elapsed)
        raw_ms.append(_raw_ms([q["sql"] for q in queries]))
    pdf_ms = []
    for _ in range(3):
        start = time.perf_counter()
        pdf = kamer_pdf.render_pdf(snapshot)
        pdf_ms.append((time.perf_counter() - start) * 1000)
    by_time = sorted(queries, key=lambda q: -float(q["time"]))[:8]
    log("slowest as captured in the last run:")
    for q in by_time:
        log(f"  {float(q['time']) * 1000:8.1f} ms  {q['sql'][:150]}")
    slowest = sorted(
        (
            plans.explain_one(q["sql"])
            for q in queries
            if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
        ),
        key=lambda p: -p["ms"],
    )[:4]
    # The report's own aggregates: what it sends beyond the monitor's figures.
    with CaptureQueriesContext(connection) as monitor:
        start, end = report.period_start, report.period_end
        monitor_figures(start, end)
        monitor_figures(*previous_period(start, end))
    monitor_sql = {q["sql"] for q in monitor.captured_queries}
    own = [q for q in queries if q["sql"] not in monitor_sql]
    own_plans = sorted(
        (
            plans.explain_one(q["sql"])
            for q in own
            if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
        ),
        key=lambda p: -p["ms"],
    )
    return {
        "own_queries": len(own),
        "own_plans": own_plans,
        "cases": Case.objects.count(),
        "linked": SIGNALS * LINKS,
        "vignettes": VIGNETTES,
        "runs": RUNS,
        "queries": len(queries),
        "report_ms": round(statistics.median(report_ms), 1),
        "raw_sql_ms": round(statistics.median(raw_ms), 1),
        "ratio": round(statistics.median(report_ms) / statistics.median(raw_ms), 2),
        "pdf_ms": round(statistics.median(pdf_ms), 1),
        "pdf_bytes": len(pdf),
        "pages_problems": len(snapshot["problems"]),
        "slowest": slowest,
    }


def main() -> None:
    result: dict = {}
    try:
        with transaction.atomic():
            _tables()
            _material(_lead())
            result = measure()
            raise Rollback
    except Rollback:
        pass  # nothing of the run stays in the database
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    log(f"cases: {result['cases']:,}; linked to the chosen signals: {result['linked']:,}")
    log("| what | median ms | queries |")
    log("|---|---:|---:|")
    log(f"| the report's content (snapshot_build) | {result['report_ms']} | {result['queries']} |")
    log(f"| the same SQL, raw | {result['raw_sql_ms']} | {result['queries']} |")
    log(f"| ratio | {result['ratio']}× | |")
    log(f"| the PDF from the snapshot | {result['pdf_ms']} | 0 |")
    for plan in result["slowest"]:
        log(f"\n{plan['ms']} ms: {plan['sql'][:160]}…")
    log(f"\nthe report's own queries: {result['own_queries']}")
    for plan in result["own_plans"]:
        log(f"  {plan['ms']} ms: {plan['sql'][:140]}…")


if __name__ == "__main__":
    main()
