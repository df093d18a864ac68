"""The framework floors: what a page would cost if all it did was its main query.

``floor_page`` runs the main query of a product page as raw SQL (the SQL the ORM makes for
that page, built once per process) and renders 25 rows in a minimal template: the Django
request cycle, one query, one template. ``floor_insert`` is the intake's floor: a bare view
that inserts one row. A page's time divided by its floor's, measured in the same run on the
same gunicorn, is the ratio that docs/benchmarks.md reports.
"""

import json
from functools import cache

from django.db import connection
from django.http import HttpResponse, HttpResponseNotFound, JsonResponse
from django.template import engines
from django.views.decorators.csrf import csrf_exempt

from accounts.models import User
from cases.models import Case
from escalation import selectors as ladder_selectors
from triage import selectors as triage_selectors

FLOOR_TABLE = "bench_floor_row"

TEMPLATE = engines["django"].from_string(
    "<!doctype html><html lang='nl'><head><title>floor</title></head><body><table>"
    "{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>"
    "{% endfor %}</table></body></html>"
)


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _queue(**filters):
    # The page's own query, every column it selects (the queue's fields, the running clock,
    # the duplicate check): the floor pays for the same SQL, planning included.
    return triage_selectors.triage_queue(
        user=_user("bench_lead"), filters=triage_selectors.QueueFilters(**filters)
    )


# The main query of each measured page, as its selector builds it.
MAIN_QUERIES = {
    "queue": lambda: _queue(),
    "queue-filtered": lambda: _queue(dienst="toeslagen", theme="box-3"),
    "queue-duplicate": lambda: _queue(duplicate=True),
    "api-list": lambda: (
        Case.objects.exclude(status="draft")
        .order_by("-submitted_at", "-pk")
        .values_list("reference", "status", "summary", "submitted_at", "updated_at")
    ),
    "inbox": lambda: ladder_selectors.liaison_inbox(user=_user("bench_liaison")).values_list(
        "pk", "kind", "status", "sent_at", "answer_due"
    ),
}


@cache
def main_sql(name: str) -> tuple[str, tuple]:
    """(sql, params) of the page's main query, first 25 rows: built once per process."""
    return MAIN_QUERIES[name]()[:25].query.sql_with_params()


def case_sql(reference: str) -> tuple[str, tuple]:
    """The case page's main query: the case by its reference, through the team's door."""
    return (
        Case.objects.exclude(status="draft")
        .filter(reference=reference)
        .values_list("reference", "status", "summary", "submitted_at", "updated_at")
        .query.sql_with_params()
    )


def floor_page(request, name):
    if name == "case":
        sql, params = case_sql(request.GET.get("ref", ""))
    elif name in MAIN_QUERIES:
        sql, params = main_sql(name)
    else:
        return HttpResponseNotFound()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return HttpResponse(TEMPLATE.render({"rows": rows}, request))


@csrf_exempt
def floor_insert(request):
    body = json.loads(request.body or b"{}")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {FLOOR_TABLE} (payload) VALUES (%s) RETURNING id",
            [json.dumps(body)],
        )
        (row_id,) = cursor.fetchone()
    return JsonResponse({"id": row_id}, status=201)
