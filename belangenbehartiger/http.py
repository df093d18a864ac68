"""The one way objects are fetched for a request: a miss is a 404, never a 500 or a 403."""

from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)


class ExplainedNotFound(Http404):
    """A 404 whose page explains more than "not found" (belangenbehartiger/error_views.py
    renders ``template`` with ``context``), e.g. a draft that was submitted or deleted."""

    def __init__(self, template: str, context: dict | None = None):
        super().__init__(template)
        self.template = template
        self.context = context or {}


def get_or_404(queryset: QuerySet[M], **lookup) -> M:
    """``queryset.get(**lookup)``, or Http404 when there is no such row or the lookup value
    is malformed (``/verzoeken/abc/``): outside the caller's set is the same as not there."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None
