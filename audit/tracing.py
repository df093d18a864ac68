"""The trace of the current request, for the access log's ``trace_id`` and ``start_time``.

A W3C ``traceparent`` header from the proxy or the calling system is followed (its trace id
kept, its span the parent of ours); otherwise each request starts a trace of its own. Kept
in a context variable, so services record without being handed the request.
"""

import re
import secrets
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

_TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$")


@dataclass(frozen=True)
class Trace:
    trace_id: str = field(default_factory=lambda: secrets.token_hex(16))
    parent_operation_id: str = ""
    start_time: datetime = field(default_factory=timezone.now)


_current: ContextVar[Trace | None] = ContextVar("audit_trace", default=None)


def current_trace() -> Trace:
    """The request's trace, or a new one outside a request (a command, a task)."""
    return _current.get() or Trace()


def trace_from_header(value: str) -> Trace:
    match = _TRACEPARENT.match(value.strip().lower()) if value else None
    if match and set(match.group(1)) != {"0"} and set(match.group(2)) != {"0"}:
        return Trace(trace_id=match.group(1), parent_operation_id=match.group(2))
    return Trace()


class TraceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        trace = trace_from_header(request.headers.get("traceparent", ""))
        token = _current.set(trace)
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
