"""The one way objects are fetched for a request: a miss is a 404, never a 500 or a 403."""

from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)


def get_or_404(queryset: QuerySet[M], **lookup) -> M:
    """``queryset.get(**lookup)``, or Http404 when there is no such row or the lookup value
    is malformed (``/verzoeken/abc/``): outside the caller's set is the same as not there."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None
