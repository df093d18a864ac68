"""`make bench`: seed in bulk, then measure every row of the scale table and its floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench BENCH_CASES=100000 make bench

Environment: BENCH_CASES (default 100,000), BENCH_SKIP_LOAD=1 (no locust run),
BENCH_PORT (gunicorn on 127.0.0.1, default 8765; the SMTP sink takes a free port),
BENCH_LOAD_SECONDS (default 60), BENCH_RUNS (requests per page, default 40),
BENCH_ONLY (a comma-separated subset of the rows in ROWS, for development: the other rows
keep the results of their last run, each with its own floor).

Each row is measured against its floor in the same run, interleaved (page, floor, page,
floor, ...), on one gunicorn with the worker and thread settings that docs/operations.md
recommends for 2 cores. Also per page: its queries (count, plain execution time,
EXPLAIN ANALYZE). Writes bench/results.json and the table in docs/benchmarks.md. The
seeded cases stay in the database for other tools.
"""

import http.client
import itertools
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ.setdefault("LOCAL_SECRETS", "true")

import django

django.setup()

from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone
from rest_framework.authtoken.models import Token

from bench import plans, report, seed
from bench.payload import intake_payload
from bench.views import FLOOR_TABLE, main_sql
from cases.models import Case
from deadlines import reminders
from deadlines.models import Deadline, Notification
from triage import services as triage_services
from triage.preview import criteria_set_preview

BIN = Path(sys.executable).parent
PORT = int(os.environ.get("BENCH_PORT", "8765"))
RUNS = int(os.environ.get("BENCH_RUNS", "40"))
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
# docs/operations.md: on 2 cores, 3 gunicorn workers of 4 threads each, keep-alive 5 s.
GUNICORN_WORKERS, GUNICORN_THREADS = 3, 4
RESULTS = ROOT / "bench" / "results.json"
# Bodies for the intake's throughput rounds: three of 5 s, well under 1,000 a second each.
INTAKE_BODIES = 15_000
# The rows of the table in docs/benchmarks.md, in order.
ROWS = ("queue", "queue_filtered", "queue_duplicate", "intake", "preview", "reminders", "load")


def log(text: str) -> None:
    print(text, flush=True)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def summary(values: list[float]) -> dict:
    return {
        "p50_ms": round(statistics.median(values), 1),
        "p95_ms": round(pct(values, 95), 1),
        "n": len(values),
    }


# --- gunicorn ------------------------------------------------------------------------------


def _port_in_use(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self):
        if _port_in_use(PORT):
            raise SystemExit(f"port {PORT} is taken: set BENCH_PORT to a free one")
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "bench.wsgi",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--workers",
                str(GUNICORN_WORKERS),
                "--threads",
                str(GUNICORN_THREADS),
                "--worker-class",
                "gthread",
                # Longer than the load run's longest think time (3 s): with gunicorn's
                # default of 2 s a user's next request races the server closing the
                # idle connection, and loses it now and then.
                "--keep-alive",
                "5",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit("gunicorn stopped at start")
            try:
                status, _ = request("GET", "/healthz")
                if status == 200:
                    return
            except OSError:
                time.sleep(0.3)
        raise SystemExit("gunicorn did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


_local = threading.local()


def request(method: str, path: str, *, headers=None, body=None) -> tuple[int, float]:
    """One request on this thread's keep-alive connection: (status, milliseconds). A
    connection the server closed while idle is opened again once, as browsers do; any
    other failure drops the connection and is raised."""
    for attempt in (1, 2):
        conn = getattr(_local, "conn", None)
        if conn is None:
            conn = _local.conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        start = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            response.read()
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            conn.close()
            _local.conn = None
            if attempt == 2:
                raise
            continue
        except BaseException:
            conn.close()
            _local.conn = None
            raise
        return response.status, (time.perf_counter() - start) * 1000
    raise AssertionError("unreachable")


def interleaved(pairs: dict[str, tuple[str, dict]], runs: int) -> dict[str, list[float]]:
    """GET each path in turn, ``runs`` times round, after one warm-up round."""
    times: dict[str, list[float]] = {name: [] for name in pairs}
    for round_ in range(runs + 1):
        for name, (path, headers) in pairs.items():
            status, ms = request("GET", path, headers=headers)
            if status != 200:
                raise SystemExit(f"{path}: HTTP {status}")
            if round_:
                times[name].append(ms)
    return times


# --- sign-in -------------------------------------------------------------------------------


def sessions_and_tokens(accounts) -> dict:
    def session(user) -> str:
        client = Client()
        client.force_login(user)
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    return {
        "team_session": session(accounts["bench_lead"]),
        "liaison_session": session(accounts["bench_liaison"]),
        "team_token": Token.objects.get_or_create(user=accounts["bench_lead"])[0].key,
        "helper_token": Token.objects.get_or_create(user=accounts["bench_helper"])[0].key,
    }


# --- the rows ------------------------------------------------------------------------------


def page_row(name, path, floor, cookie, accounts, *, before=None) -> dict:
    """A page against its floor over HTTP, and its queries in process."""
    headers = {"Cookie": f"sessionid={cookie}"}
    times = interleaved({"page": (path, headers), "floor": (floor, headers)}, RUNS)
    page, floor_ = summary(times["page"]), summary(times["floor"])
    client = Client()
    client.force_login(accounts["bench_lead"])
    client.get(path)  # warm
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    queries = plans.explain_all([q["sql"] for q in ctx.captured_queries])
    row = {
        "page": page,
        "floor": floor_,
        "ratio_p50": round(page["p50_ms"] / floor_["p50_ms"], 2),
        "ratio_p95": round(page["p95_ms"] / floor_["p95_ms"], 2),
        "queries": len(plans.data_queries(ctx.captured_queries)),
        "sql": queries,
        "sql_ms_total": round(sum(q["ms"] for q in queries), 2),
        "main_query": plans.explain_one(*main_sql(name)),
    }
    if before:
        row["before"] = [plans.explain_one(sql, params) for sql, params in before]
    log(
        f"{path}: p50 {page['p50_ms']} ms, p95 {page['p95_ms']} ms; floor p50 "
        f"{floor_['p50_ms']} ms, p95 {floor_['p95_ms']} ms; {row['queries']} queries "
        f"({row['sql_ms_total']} ms in SQL)"
    )
    return row


def throughput(path: str, bodies: list[bytes], headers: dict, seconds: float, threads: int) -> dict:
    """Requests per second that ``threads`` clients get through for ``seconds``, each
    request with the next of ``bodies``."""
    done, errors, stop = [], [], time.monotonic() + seconds
    following = itertools.cycle(bodies)

    def client():
        count = 0
        while time.monotonic() < stop:
            try:
                status, _ = request("POST", path, headers=headers, body=next(following))
            except (OSError, http.client.HTTPException) as exc:
                errors.append(type(exc).__name__)
                continue
            if status in (200, 201):
                count += 1
            else:
                errors.append(status)
        done.append(count)

    workers = [threading.Thread(target=client) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return {
        "requests": sum(done),
        "errors": len(errors),
        "error_kinds": sorted(set(map(str, errors))),
        "rps": round(sum(done) / seconds, 1),
    }


def intake_row(tokens) -> dict:
    # Another person per request (bench/payload.py); the floor inserts the same bodies.
    bodies = [json.dumps(intake_payload()).encode() for _ in range(INTAKE_BODIES)]
    api_headers = {
        "Authorization": f"Token {tokens['helper_token']}",
        "Content-Type": "application/json",
    }
    # In process: the queries of one intake, as gunicorn runs it (no test transaction).
    client = Client(headers={"Authorization": f"Token {tokens['helper_token']}"})
    client.post("/api/v1/cases/", bodies[0], content_type="application/json")  # warm caches
    times, counts = [], []
    for body in bodies[1:21]:
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            response = client.post("/api/v1/cases/", body, content_type="application/json")
        times.append((time.perf_counter() - start) * 1000)
        counts.append(len(plans.data_queries(ctx.captured_queries)))
        assert response.status_code == 201, response.content
    rounds = {"intake": [], "floor": []}
    for _ in range(3):  # interleaved: 5 s of each, three times
        rounds["intake"].append(throughput("/api/v1/cases/", bodies, api_headers, 5, 8))
        rounds["floor"].append(
            throughput("/_bench/floor-insert/", bodies, {"Content-Type": "application/json"}, 5, 8)
        )
    intake_rps = statistics.median(r["rps"] for r in rounds["intake"])
    floor_rps = statistics.median(r["rps"] for r in rounds["floor"])
    row = {
        "queries": max(counts),
        "in_process": summary(times),
        "rps": intake_rps,
        "floor_rps": floor_rps,
        "share_of_floor": round(intake_rps / floor_rps, 3),
        "errors": sum(r["errors"] for rs in rounds.values() for r in rs),
        "rounds": rounds,
    }
    log(
        f"intake: {row['queries']} queries, {row['in_process']['p50_ms']} ms in process; "
        f"{intake_rps} req/s vs floor {floor_rps} req/s ({row['share_of_floor']:.1%})"
    )
    return row


def preview_row(accounts) -> dict:
    lead = accounts["bench_lead"]
    draft = triage_services.criteria_set_draft_create(actor=lead, note="bench")
    try:
        recent = (
            Case.objects.exclude(reference__isnull=True)
            .order_by("-submitted_at", "-pk")
            .values_list("pk", "reference", "triage_answers")[:10_000]
        )
        main = plans.explain_one(*recent.query.sql_with_params())
        times, floor = [], []
        criteria_set_preview(draft=draft, limit=10_000)  # warm
        for _ in range(5):
            start = time.perf_counter()
            criteria_set_preview(draft=draft, limit=10_000)
            times.append((time.perf_counter() - start) * 1000)
            floor.append(plans.run_ms(*recent.query.sql_with_params()))
    finally:
        triage_services.criteria_set_draft_delete(criteria_set=draft, actor=lead)
    row = {
        "preview": summary(times),
        "floor": summary(floor),
        "ratio_p50": round(statistics.median(times) / statistics.median(floor), 2),
        "main_query": main,
        "before": plans.explain_one(
            "SELECT id, reference, triage_answers FROM cases_case WHERE reference IS NOT NULL "
            "ORDER BY submitted_at DESC, id DESC LIMIT 10000",
            (),
            without_index="case_submitted_idx",
        ),
    }
    log(f"preview of 10,000: p50 {row['preview']['p50_ms']} ms; its main query {row['floor']}")
    return row


def reminder_row(accounts) -> dict:
    manager = accounts["bench_casemanager"]
    Notification.objects.filter(recipient=manager).delete()
    now = timezone.now()
    find = []
    for _ in range(5):
        start = time.perf_counter()
        due = list(reminders.due_candidates(now).values_list("pk", flat=True))
        find.append((time.perf_counter() - start) * 1000)
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        mail.outbox = []
        start = time.perf_counter()
        swept = reminders.reminder_sweep(now=now)
        sweep_ms = (time.perf_counter() - start) * 1000
    row = {
        "open_deadlines": Deadline.objects.filter(status="open").count(),
        "due": len(due),
        "find": summary(find),
        "sweep_locmem_ms": round(sweep_ms, 1),
        "sweep_locmem_emails": swept.emails,
    }
    log(f"reminders: {len(due)} due; find {row['find']}; sweep {sweep_ms:.0f} ms (in memory)")
    row["smtp"] = smtp_row(manager, now)
    Notification.objects.filter(recipient=manager).delete()
    return row


def smtp_row(manager, now) -> dict:
    """10,000 reminders through a real SMTP server on loopback, by one sweep (one worker)."""
    count_file = Path(tempfile.mkdtemp()) / "count"
    smtp_port = _free_port()
    sink = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "bench" / "smtp_sink.py"),
            "--port",
            str(smtp_port),
            "--count-file",
            str(count_file),
        ]
    )
    try:
        _wait_for_sink(sink, smtp_port, count_file)
        # 10,000 queued cases' triage clocks, owned by the casemanager, due yesterday.
        picked = list(
            Deadline.objects.filter(
                kind="triage_decision", status="open", paused_at__isnull=True, owner__isnull=True
            ).values_list("pk", "due_at")[:10_000]
        )
        ids = [pk for pk, _ in picked]
        Deadline.objects.filter(pk__in=ids).update(
            owner=manager, due_at=now - timezone.timedelta(days=1)
        )
        smtp = {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": smtp_port,
            "EMAIL_TIMEOUT": 10,
            "EMAIL_USE_TLS": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
        }
        try:
            with override_settings(**smtp):
                start = time.perf_counter()
                swept = reminders.reminder_sweep(now=now)
                emails, sweeps = swept.emails, 1
                # A sweep sends at most 5,000 e-mails; the same worker's next ones send the
                # rest (beat runs one every REMINDER_SWEEP_MINUTES).
                while more := reminders.send_pending_emails():
                    emails += more
                    sweeps += 1
                seconds = time.perf_counter() - start
            received = int(count_file.read_text() or 0)
            floor = _smtp_floor(10_000, smtp_port)
        finally:
            # Put the clocks back as they were, so the next run measures the same.
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE deadlines_deadline d SET owner_id = NULL, due_at = v.due "
                    "FROM unnest(%s::bigint[], %s::timestamptz[]) AS v(id, due) WHERE d.id = v.id",
                    [[pk for pk, _ in picked], [due for _, due in picked]],
                )
    finally:
        sink.terminate()
        sink.wait(timeout=10)
    row = {
        "emails": emails,
        "sweeps": sweeps,
        "received": received,
        "seconds": round(seconds, 1),
        "floor_seconds": round(floor, 1),
        "ratio": round(seconds / floor, 2),
    }
    log(f"SMTP: {emails} e-mails in {seconds:.1f} s ({received} received); floor {floor:.1f} s")
    return row


def _smtp_floor(n: int, port: int) -> float:
    """Plain smtplib over one connection, as the sweep sends: the same number of e-mails
    with nothing around them (no claims, no rows)."""
    import smtplib
    from email.message import EmailMessage

    start = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        for i in range(n):
            message = EmailMessage()
            message["Subject"] = f"Termijn verlopen bij BB-2025-{i:06d}"
            message["From"] = "noreply@belangenbehartiger.example"
            message["To"] = "bench_casemanager@example.org"
            message.set_content("Bekijk het na inloggen.")
            client.send_message(message)
    return time.perf_counter() - start


def _wait_for_sink(sink, port: int, count_file: Path) -> None:
    for _ in range(100):
        if sink.poll() is not None:
            raise SystemExit("the SMTP sink stopped at start")
        if count_file.exists() and _port_in_use(port):
            return
        time.sleep(0.1)
    raise SystemExit(f"the SMTP sink does not listen on {port}")


def load_row(context: dict) -> dict:
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        context_file = Path(tmp) / "context.json"
        context_file.write_text(json.dumps(context))
        for target in ("product", "floor"):
            prefix = Path(tmp) / target
            env = {
                **os.environ,
                "BENCH_LOAD_CONTEXT": str(context_file),
                "BENCH_LOAD_TARGET": target,
            }
            subprocess.run(
                [
                    str(BIN / "locust"),
                    "-f",
                    str(ROOT / "bench" / "locustfile.py"),
                    "--headless",
                    "--users",
                    "50",
                    "--spawn-rate",
                    "10",
                    "--run-time",
                    f"{LOAD_SECONDS}s",
                    "--host",
                    f"http://127.0.0.1:{PORT}",
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--stop-timeout",
                    "10",
                ],
                env=env,
                check=False,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
            )
            out[target] = report.locust_stats(Path(f"{prefix}_stats.csv"))
            log(f"load ({target}): {json.dumps(out[target])}")
    return out


def _stop(signum, frame):
    raise SystemExit(f"stopped by signal {signum}")


def main() -> None:
    signal.signal(signal.SIGTERM, _stop)
    n = int(os.environ.get("BENCH_CASES", "100000"))
    log(f"database {connection.settings_dict['NAME']}; {n:,} bench cases")
    call_command("migrate", verbosity=0)
    results: dict = {"cases": n, "started": timezone.now().isoformat()}
    results["seed"] = seed.seed(n, log=log)
    accounts = seed.users()
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {FLOOR_TABLE} (id bigserial PRIMARY KEY, payload jsonb)"
        )
    results["total_cases"] = Case.objects.count()
    context = sessions_and_tokens(accounts)
    context["references"] = list(
        Case.objects.filter(summary__startswith=seed.SUMMARY_PREFIX, status="in_triage")
        .order_by("-submitted_at")
        .values_list("reference", flat=True)[:500]
    )
    only = {name for name in os.environ.get("BENCH_ONLY", "").split(",") if name}

    def wanted(row: str) -> bool:
        return not only or row in only

    server = Server()
    try:
        results["gunicorn"] = {"workers": GUNICORN_WORKERS, "threads": GUNICORN_THREADS}
        lead, session = accounts["bench_lead"], context["team_session"]
        if wanted("queue"):
            results["queue"] = page_row(
                "queue",
                "/triage/",
                "/_bench/floor/queue/",
                session,
                accounts,
                before=plans.queue_before(lead),
            )
        if wanted("queue_filtered"):
            results["queue_filtered"] = page_row(
                "queue-filtered",
                "/triage/?dienst=toeslagen&theme=box-3",
                "/_bench/floor/queue-filtered/",
                session,
                accounts,
                before=plans.queue_before(lead, dienst="toeslagen", theme="box-3"),
            )
        if wanted("queue_duplicate"):
            results["queue_duplicate"] = page_row(
                "queue-duplicate",
                "/triage/?duplicate=on",
                "/_bench/floor/queue-duplicate/",
                session,
                accounts,
                before=plans.duplicate_before(lead),
            )
        if wanted("intake"):
            results["intake"] = intake_row(context)
        if wanted("preview"):
            results["preview"] = preview_row(accounts)
        if wanted("reminders"):
            results["reminders"] = reminder_row(accounts)
        if wanted("load") and os.environ.get("BENCH_SKIP_LOAD") != "1":
            results["load"] = load_row(context)
    finally:
        server.stop()
    results["finished"] = timezone.now().isoformat()
    results["row_runs"] = {row: results["finished"] for row in ROWS if row in results}
    if only and RESULTS.exists():
        # Some rows again: keep the other rows of the last run, each with its own floor.
        previous = json.loads(RESULTS.read_text())
        measured = {row: results["finished"] for row in only if row in results}
        runs = {**previous.get("row_runs", {}), **measured}
        previous.update({key: value for key, value in results.items() if key in only})
        previous.update(row_runs=runs, finished=results["finished"])
        results = previous
    RESULTS.write_text(json.dumps(results, indent=2, default=str) + "\n")
    report.write_table(results, ROOT / "docs" / "benchmarks.md")
    log(f"wrote {RESULTS.relative_to(ROOT)} and the table in docs/benchmarks.md")


if __name__ == "__main__":
    main()
