"""Error pages in the product's own look (400, 403, 404, 500 and a refused form), with the
header and a way back, in the user's language.

Django calls these through the handler names in belangenbehartiger/urls.py and
``CSRF_FAILURE_VIEW``. A 404 that knows more than "not found" raises
``belangenbehartiger.http.ExplainedNotFound`` with its own template (a draft that was
submitted or deleted). The 500 page falls back to a page without the context processors
when even the normal page cannot be drawn (the database is down).
"""

import logging

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme

from .http import ExplainedNotFound

logger = logging.getLogger(__name__)


def _back_url(request) -> str:
    """The page the user came from, when it is one of ours; else nothing."""
    back = request.headers.get("Referer", "")
    try:
        host = request.get_host()
    except Exception:
        return ""
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={host}, require_https=request.is_secure()
    ):
        return back
    return ""


def _error(request, template: str, status: int, **context):
    return render(request, template, {"back_url": _back_url(request), **context}, status=status)


def bad_request(request, exception=None):
    return _error(request, "400.html", 400)


def permission_denied(request, exception=None):
    return _error(request, "403.html", 403)


def page_not_found(request, exception=None):
    if isinstance(exception, ExplainedNotFound):
        return _error(request, exception.template, 404, **exception.context)
    return _error(request, "404.html", 404)


def server_error(request):
    try:
        return _error(request, "500.html", 500)
    except Exception:
        logger.exception("the 500 page itself failed; serving the plain one")
        return HttpResponseServerError(loader.get_template("500_plain.html").render({}))


def csrf_failure(request, reason=""):
    """A form refused because its security token is missing or old (a page left open too
    long, cookies blocked): say what to do, not "CSRF verification failed"."""
    logger.info("form refused by the CSRF check", extra={"reason": reason})
    return _error(request, "403_csrf.html", 403)
