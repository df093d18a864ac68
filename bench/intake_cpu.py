"""CPU time of one intake: in the Django process and in its PostgreSQL backend.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/intake_cpu.py

Posts BENCH_RUNS (default 1,000) intakes in process as the bench helper (another person
each time, bench/payload.py), after 10 to warm the caches, and divides by their number:
the process's own CPU time (``time.process_time``) and that of the PostgreSQL backend
serving it (user + system ticks in ``/proc/<pid>/stat``: PostgreSQL on this host, Linux).
Their sum bounds the intake's throughput on N cores at N / CPU per intake, before HTTP and
the clients take their share. Needs the users and cases of ``make bench``.
"""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ.setdefault("LOCAL_SECRETS", "true")

import django

django.setup()

from django.db import connection
from django.test import Client
from rest_framework.authtoken.models import Token

from accounts.models import User
from bench.payload import intake_payload

RUNS = int(os.environ.get("BENCH_RUNS", "1000"))
WARM_UP = 10


def backend_cpu_seconds(pid: int) -> float:
    """User + system CPU of a process on this host, from /proc (fields 14 and 15)."""
    after_name = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(after_name[11]) + int(after_name[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    helper = User.objects.get(username="bench_helper")
    token = Token.objects.get_or_create(user=helper)[0].key
    client = Client(headers={"Authorization": f"Token {token}"})
    bodies = [json.dumps(intake_payload()).encode() for _ in range(WARM_UP + RUNS)]

    def post(body: bytes) -> None:
        response = client.post("/api/v1/cases/", body, content_type="application/json")
        assert response.status_code == 201, response.content

    for body in bodies[:WARM_UP]:
        post(body)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        [pid] = cursor.fetchone()
    python, database, wall = time.process_time(), backend_cpu_seconds(pid), time.perf_counter()
    for body in bodies[WARM_UP:]:
        post(body)
    python = (time.process_time() - python) / RUNS * 1000
    database = (backend_cpu_seconds(pid) - database) / RUNS * 1000
    wall = (time.perf_counter() - wall) / RUNS * 1000
    cores = os.cpu_count() or 1
    print(
        f"{RUNS} intakes in process: {wall:.1f} ms each; CPU {python:.1f} ms in Python, "
        f"{database:.1f} ms in PostgreSQL; at most {cores * 1000 / (python + database):.0f} "
        f"a second on {cores} cores"
    )


if __name__ == "__main__":
    main()
