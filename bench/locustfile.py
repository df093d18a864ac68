"""The load run of `make bench`: 50 users, 1–3 s think time, a mix of the pages people use.

Only loopback: the host comes from bench/run.py (127.0.0.1). The sessions, tokens and case
references come in BENCH_LOAD_CONTEXT (a JSON file bench/run.py writes). BENCH_LOAD_TARGET
``product`` loads the product's pages; ``floor`` loads their framework floors instead,
with the same mix, so the two runs compare like with like.
"""

import json
import os
import random
import sys

from locust import HttpUser, between, task

sys.path.insert(0, os.path.dirname(__file__))
from payload import intake_payload

CONTEXT = json.loads(open(os.environ["BENCH_LOAD_CONTEXT"]).read())  # noqa: SIM115
FLOOR = os.environ.get("BENCH_LOAD_TARGET", "product") == "floor"


class Visitor(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        self.team_cookie = {"sessionid": CONTEXT["team_session"]}
        self.liaison_cookie = {"sessionid": CONTEXT["liaison_session"]}
        self.team_token = {"Authorization": f"Token {CONTEXT['team_token']}"}
        self.helper_token = {"Authorization": f"Token {CONTEXT['helper_token']}"}

    @task(3)
    def queue(self):
        url = "/_bench/floor/queue/" if FLOOR else "/triage/"
        self.client.get(url, cookies=self.team_cookie, name="queue")

    @task(2)
    def case_page(self):
        reference = random.choice(CONTEXT["references"])
        url = f"/_bench/floor/case/?ref={reference}" if FLOOR else f"/casussen/{reference}/"
        self.client.get(url, cookies=self.team_cookie, name="case page")

    @task(2)
    def api_list(self):
        url = "/_bench/floor/api-list/" if FLOOR else "/api/v1/cases/"
        self.client.get(url, headers=self.team_token, name="API list")

    @task(1)
    def intake(self):
        url = "/_bench/floor-insert/" if FLOOR else "/api/v1/cases/"
        self.client.post(url, json=intake_payload(), headers=self.helper_token, name="intake")

    @task(1)
    def liaison_inbox(self):
        url = "/_bench/floor/inbox/" if FLOOR else "/dienst/"
        self.client.get(url, cookies=self.liaison_cookie, name="liaison inbox")
