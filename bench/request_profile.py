"""Where a request's time goes: cProfile over requests in process, on the bench's data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/request_profile.py intake
    DATABASE_URL=... .venv/bin/python bench/request_profile.py page /triage/

Runs 5 warm-up requests, then times BENCH_RUNS (default 100) without the profiler (p50 and
p90), then profiles as many and prints the functions with the most cumulative time
(BENCH_TOP, default 40). ``intake`` posts bench/payload.py's case as the bench helper;
``page PATH`` gets PATH as the bench lead. Needs the users and cases of ``make bench``.
"""

import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ.setdefault("LOCAL_SECRETS", "true")

import django

django.setup()

from django.test import Client
from rest_framework.authtoken.models import Token

from accounts.models import User
from bench.payload import intake_payload

RUNS = int(os.environ.get("BENCH_RUNS", "100"))
TOP = int(os.environ.get("BENCH_TOP", "40"))


def request_function(argv: list[str]):
    if argv[:1] == ["intake"]:
        helper = User.objects.get(username="bench_helper")
        token = Token.objects.get_or_create(user=helper)[0].key
        client = Client(headers={"Authorization": f"Token {token}"})

        def call():
            body = json.dumps(intake_payload()).encode()  # another person each time
            response = client.post("/api/v1/cases/", body, content_type="application/json")
            assert response.status_code == 201, response.content

        return call
    if argv[:1] == ["page"] and len(argv) == 2:
        client = Client()
        client.force_login(User.objects.get(username="bench_lead"))

        def call():
            response = client.get(argv[1])
            assert response.status_code == 200, response.status_code

        return call
    raise SystemExit(__doc__)


def main() -> None:
    call = request_function(sys.argv[1:])
    for _ in range(5):
        call()
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(
        f"{RUNS} requests in process: p50 {statistics.median(times):.1f} ms, "
        f"p90 {times[int(len(times) * 0.9) - 1]:.1f} ms"
    )
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(RUNS):
        call()
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(TOP)


if __name__ == "__main__":
    main()
