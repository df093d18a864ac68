"""The impact monitor and the transparency page at scale, each beside the raw SQL of its
aggregates in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h10m_bench .venv/bin/python bench/monitor.py

Seeds BENCH_CASES (default 1,000,000) cases with bench/seed.py's bulk seed, then adds in
bulk what the monitor reads and that seed leaves out (``extend``): triage decisions with
their moments, closings spread over two years with outcomes and amounts, the Diensten'
answers on time and late with their deadline rows, freeze requests, feedback. Then, for a
year ending today:

- ``monitor_figures`` (exact, the team's) for the year, and
  ``monitor_figures_with_previous`` for the year and the year before, each against running
  its own captured SQL directly;
- the monitor page as an analyst (both periods, suppression, tables, charts), against the
  raw SQL of its figures;
- the transparency page, cold (cache emptied) and from the cache, against its raw SQL.

Each is the median of BENCH_RUNS (default 5) runs after one warm-up, interleaved with its
floor. Prints the table, writes bench/monitor_results.json and the EXPLAIN ANALYZE plans
into docs/benchmarks.md (between the ``monitor-bench`` markers).
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
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ.setdefault("LOCAL_SECRETS", "true")

import django

django.setup()

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role, User
from bench import seed
from cases.models import Case, Feedback
from reports import selectors
from reports.figures import FIGURE_GROUPS, monitor_figures, monitor_figures_with_previous

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
MARKER_START = "<!-- monitor-bench:start -->"
MARKER_END = "<!-- monitor-bench:end -->"


def log(message: str) -> None:
    print(message, flush=True)


# --- the rows the monitor reads -----------------------------------------------------------


def extend() -> dict:
    """Decisions, closings, answers, freezes and feedback for the bench cases, in bulk.
    Done once: a bench case with feedback means it has run."""
    if Feedback.objects.filter(case__summary__startswith=seed.SUMMARY_PREFIX).exists():
        log("monitor rows present; not extending")
        return {"seconds": 0.0}
    started = time.perf_counter()
    accounts = seed.users()
    manager, helper = accounts["bench_casemanager"].pk, accounts["bench_helper"].pk
    bench = f"c.summary LIKE '{seed.SUMMARY_PREFIX}%'"
    steps = [
        # Closed cases: closed 5 to 64 days after submission (not in the future), an
        # outcome mix, amounts for the solved ones.
        (
            "closings",
            "UPDATE cases_case c SET closed_at = LEAST(now(), c.submitted_at + (5 + c.id % 60) "
            "* interval '1 day'), outcome = (ARRAY['fully_solved', 'fully_solved', "
            "'partly_solved', 'not_solved', 'referred'])[1 + c.id % 5], amount_relieved = "
            "CASE WHEN c.id % 5 < 3 THEN (1 + c.id % 50) * 100 END "
            f"WHERE c.status = 'closed' AND {bench}",
        ),
        # The triage decision of every accepted or closed case, 1 to 9 days after
        # submission; the closed ones with outcome 'referred' were referred.
        (
            "decisions",
            "INSERT INTO cases_caseevent (case_id, kind, actor_id, from_status, to_status, "
            "reason, helper_text, visible_to_helper, created_at) SELECT c.id, "
            f"'status_changed', {manager}, 'in_triage', CASE WHEN c.outcome = 'referred' "
            "THEN 'referred' ELSE 'accepted' END, '', '', true, LEAST(now(), c.submitted_at "
            "+ (1 + c.id % 9) * interval '1 day') FROM cases_case c "
            f"WHERE c.status IN ('accepted', 'closed') AND {bench}",
        ),
        # Answered proposals: the answer 2 to 31 days after sending, and its deadline row
        # (20 days), met or missed.
        (
            "answers",
            "UPDATE escalation_dienstrequest r SET responded_at = LEAST(now(), r.sent_at + "
            "(2 + r.id % 30) * interval '1 day') FROM cases_case c WHERE c.id = r.case_id "
            f"AND r.status = 'answered' AND {bench}",
        ),
        (
            "answer deadlines",
            "INSERT INTO deadlines_deadline (subject_type_id, subject_id, kind, status, due_at, "
            "paused_at, revision, owner_id, dienst_id, label, url, dienst_url, created_at, "
            "closed_at) SELECT (SELECT id FROM django_content_type WHERE app_label = "
            "'escalation' AND model = 'dienstrequest'), r.id, 'dienst_answer', CASE WHEN "
            "r.responded_at <= r.sent_at + interval '20 days' THEN 'met' ELSE 'missed' END, "
            f"r.sent_at + interval '20 days', NULL, 0, {manager}, r.dienst_id, c.reference, "
            "'', '', r.sent_at, r.responded_at FROM escalation_dienstrequest r JOIN "
            f"cases_case c ON c.id = r.case_id WHERE r.status = 'answered' AND {bench}",
        ),
        # A freeze request for one accepted case in ten; half of them granted.
        (
            "freezes",
            "INSERT INTO escalation_dienstrequest (kind, status, text, urgent, freeze_scope, "
            "freeze_until, created_at, sent_at, outcome, motivation, granted_until, "
            "responded_at, author_id, case_id, dienst_id, rung_id) SELECT 'freeze', "
            "CASE WHEN c.id % 2 = 0 THEN 'answered' ELSE 'sent' END, 'Bench: bevries.', "
            "false, 'invordering', (c.submitted_at + interval '90 days')::date, "
            "c.submitted_at + interval '2 days', c.submitted_at + interval '2 days', "
            "CASE WHEN c.id % 2 = 0 THEN 'accepted' ELSE '' END, '', CASE WHEN c.id % 2 = 0 "
            "THEN (c.submitted_at + interval '60 days')::date END, CASE WHEN c.id % 2 = 0 "
            "THEN LEAST(now(), c.submitted_at + interval '5 days') END, "
            f"{manager}, c.id, d.dienst_id, (SELECT id FROM escalation_rung WHERE code = "
            "'freeze_request') FROM cases_case c JOIN cases_case_diensten d ON d.case_id = c.id "
            f"WHERE c.status = 'accepted' AND c.id % 10 = 0 AND {bench}",
        ),
        # Feedback on two closed cases in three by the helper, one in four by the person.
        (
            "helper feedback",
            "INSERT INTO cases_feedback (case_id, respondent, outcome_rating, process_rating, "
            f"comment, given_by_id, created_at) SELECT c.id, 'helper', 1 + c.id % 5, "
            f"1 + (c.id / 5) % 5, '', {helper}, LEAST(now(), c.closed_at + interval '2 days') "
            f"FROM cases_case c WHERE c.status = 'closed' AND c.id % 3 <> 0 AND {bench}",
        ),
        (
            "person feedback",
            "INSERT INTO cases_feedback (case_id, respondent, outcome_rating, process_rating, "
            "comment, given_by_id, created_at) SELECT c.id, 'person', 1 + (c.id / 3) % 5, "
            "1 + (c.id / 7) % 5, '', NULL, LEAST(now(), c.closed_at + interval '4 days') "
            f"FROM cases_case c WHERE c.status = 'closed' AND c.id % 4 = 0 AND {bench}",
        ),
    ]
    counts = {}
    with connection.cursor() as cursor:
        for name, sql in steps:
            with transaction.atomic():
                cursor.execute(sql)
                counts[name] = cursor.rowcount
            log(f"  {name}: {cursor.rowcount:,} rows ({time.perf_counter() - started:.0f} s)")
        cursor.execute("ANALYZE")
    return {"seconds": round(time.perf_counter() - started, 1), "rows": counts}


# --- measuring ------------------------------------------------------------------------------


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _captured(action) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        action()
    return [query["sql"] for query in captured.captured_queries]


def _reads(statements: list[str]) -> list[str]:
    return [sql for sql in statements if sql.lstrip().upper().startswith(("SELECT", "WITH"))]


def _raw(statements: list[str]):
    """The same statements, straight to the database (the working-memory SET with them, in
    one transaction as the monitor runs them)."""

    def run():
        with transaction.atomic(), connection.cursor() as cursor:
            for sql in statements:
                if sql.split()[0].upper() in ("SAVEPOINT", "RELEASE"):
                    continue
                cursor.execute(sql)
                if cursor.description:
                    cursor.fetchall()

    return run


def _pair(name: str, action, floor) -> dict:
    """Median of RUNS runs of ``action`` and of ``floor``, interleaved, after a warm-up."""
    action()
    floor()
    mine, raw = [], []
    for _ in range(RUNS):
        mine.append(_timed(action))
        raw.append(_timed(floor))
    row = {
        "name": name,
        "seconds": round(statistics.median(mine), 3),
        "raw_sql_seconds": round(statistics.median(raw), 3),
    }
    row["ratio"] = (
        round(row["seconds"] / row["raw_sql_seconds"], 2) if row["raw_sql_seconds"] else None
    )
    log(
        f"  {name}: {row['seconds']:.3f} s; raw SQL {row['raw_sql_seconds']:.3f} s; "
        f"ratio {row['ratio']}"
    )
    return row


def _explain(statements: list[str]) -> list[str]:
    plans = []
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL work_mem = '{settings.MONITOR_WORK_MEM}'")
        for sql in statements:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {sql}")
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans


def measure() -> dict:
    today = timezone.localdate()
    start, end = today - timedelta(days=364), today
    analyst, _ = User.objects.get_or_create(
        username="bench_analyst", defaults={"role": Role.ANALYST, "email": "a@example.org"}
    )
    client = Client()
    client.force_login(analyst)
    url = f"/monitor/?from={start.isoformat()}&to={end.isoformat()}"

    figures_sql = _captured(lambda: monitor_figures(start, end))
    both_sql = _captured(lambda: monitor_figures_with_previous(start, end))
    assert len(_reads(figures_sql)) == len(FIGURE_GROUPS), figures_sql
    exact = monitor_figures(start, end)
    rows = [
        _pair("monitor figures, one year", lambda: monitor_figures(start, end), _raw(figures_sql)),
        _pair(
            "monitor figures, the year and the year before",
            lambda: monitor_figures_with_previous(start, end),
            _raw(both_sql),
        ),
        _pair(
            "monitor page (analyst: both years, suppressed, tables, charts)",
            lambda: _ok(client.get(url)),
            _raw(both_sql),
        ),
    ]
    transparency_sql = _captured(
        lambda: monitor_figures_with_previous(*selectors.transparency_period())
    )
    anonymous = Client()

    def cold():
        cache.clear()
        _ok(anonymous.get("/transparantie/"))

    rows.append(_pair("transparency page, cache empty", cold, _raw(transparency_sql)))
    rows.append(
        _pair(
            "transparency page, from the cache",
            lambda: _ok(anonymous.get("/transparantie/")),
            _raw(transparency_sql),
        )
    )
    return {
        "period": [start.isoformat(), end.isoformat()],
        "intake_in_period": exact["intake"]["total"],
        "closed_in_period": exact["closed"]["total"],
        "decisions_in_period": exact["decisions"],
        "rows": rows,
        "queries": _reads(both_sql),
        "plans": _explain(_reads(both_sql)),
    }


def _ok(response) -> None:
    assert response.status_code == 200, response.status_code


def write_docs(result: dict) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text()
    lines = [
        MARKER_START,
        "",
        f"Measured {result['measured_at']} on {result['cases']:,} cases "
        f"({result['intake_in_period']:,} submitted, {result['decisions_in_period']:,} decided "
        f"and {result['closed_in_period']:,} closed in the year {result['period'][0]} to "
        f"{result['period'][1]}); median of {RUNS} runs after a warm-up, each beside its raw "
        "SQL in the same run.",
        "",
        "| what | seconds | raw SQL of its aggregates | ratio |",
        "| --- | ---: | ---: | ---: |",
    ]
    for row in result["rows"]:
        lines.append(
            f"| {row['name']} | {row['seconds']:.3f} | {row['raw_sql_seconds']:.3f} | "
            f"{row['ratio']} |"
        )
    lines += [
        "",
        "EXPLAIN (ANALYZE, BUFFERS) of the monitor's queries for the year and the year before,",
        "one per figure group (work_mem as the monitor sets it):",
        "",
    ]
    for group, plan in zip(FIGURE_GROUPS, result["plans"], strict=True):
        lines += [
            f"<details><summary>{group}</summary>",
            "",
            "```",
            plan,
            "```",
            "",
            "</details>",
            "",
        ]
    lines.append(MARKER_END)
    block = "\n".join(lines)
    if MARKER_START in text:
        head, rest = text.split(MARKER_START, 1)
        tail = rest.split(MARKER_END, 1)[1]
        text = head + block + tail
    else:
        text = text.rstrip() + "\n\n## Impact monitor and transparency page\n\n" + block + "\n"
    path.write_text(text)


def main() -> None:
    n = int(os.environ.get("BENCH_CASES", "1000000"))
    log(f"database {connection.settings_dict['NAME']}; {n:,} bench cases")
    call_command("migrate", verbosity=0)
    result: dict = {"cases": n, "measured_at": timezone.now().strftime("%Y-%m-%d %H:%M UTC")}
    result["seed"] = seed.seed(n, log=log)
    result["extend"] = extend()
    # Index-only scans need the visibility map that autovacuum keeps in production; a bulk
    # load has not had it yet.
    with connection.cursor() as cursor:
        for table in ("cases_case", "cases_caseevent", "cases_feedback", "deadlines_deadline"):
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    result["cases"] = Case.objects.count()
    result.update(measure())
    (ROOT / "bench" / "monitor_results.json").write_text(json.dumps(result, indent=2))
    if os.environ.get("BENCH_WRITE_DOCS", "1") == "1":
        write_docs(result)
    log("written bench/monitor_results.json and docs/benchmarks.md")


if __name__ == "__main__":
    main()
