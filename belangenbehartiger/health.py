import logging

from django.db import connection
from django.http import HttpResponse, JsonResponse

from .celery import app as celery_app

logger = logging.getLogger(__name__)


def healthz(request):
    """The process is up; says nothing about its dependencies."""
    return HttpResponse("ok", content_type="text/plain")


def readyz(request):
    """200 when both the database and the Celery broker answer, 503 otherwise."""
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    ready = all(checks.values())
    body = {
        "status": "ready" if ready else "not ready",
        **{k: "ok" if v else "error" for k, v in checks.items()},
    }
    return JsonResponse(body, status=200 if ready else 503)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.warning("readyz: database check failed", exc_info=True)
        return False


def _broker_ok() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        logger.warning("readyz: broker check failed", exc_info=True)
        return False
