"""A paginator that is told its total instead of counting the list.

List pages get their totals from counter rows or from a count bounded at a maximum
(``cases.selectors.Total``); Django's own Paginator would run ``COUNT(*)`` over every match.
"""

from functools import partial

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination


class CountedPaginator(Paginator):
    """``count`` is given; ``more`` says it is only a lower bound ("more than ``count``")."""

    def __init__(self, object_list, per_page, *, count: int, more: bool = False, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._given_count = count
        self.more = more

    @property
    def bound(self) -> int:
        """The lower bound when ``more``: "more than <bound>"."""
        return self._given_count

    @cached_property
    def count(self) -> int:
        # One past the bound, so the page after the last counted one can still be opened.
        return self._given_count + 1 if self.more else self._given_count


class CountedPageNumberPagination(PageNumberPagination):
    """The API's page-number pagination, with the total from the view when it offers one:
    ``view.list_total(queryset) -> (count, more)``, or None to count as usual (a sub-list
    of the same viewset, for instance). When ``count`` is only a lower bound ("more than
    ``count - 1``"), the response says so with ``"count_is_lower_bound": true``; an exact
    count leaves the field out, so the usual four keys stay as they were."""

    more = False

    def paginate_queryset(self, queryset, request, view=None):
        list_total = getattr(view, "list_total", None)
        total = list_total(queryset) if list_total is not None else None
        if total is not None:
            count, self.more = total
            self.django_paginator_class = partial(CountedPaginator, count=count, more=self.more)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        if self.more:
            response.data["count_is_lower_bound"] = True
        return response

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["count_is_lower_bound"] = {
            "type": "boolean",
            "description": "Present (true) only when `count` is not exact: the list holds "
            "more than `count - 1` items (a broad filter over many cases).",
        }
        return paginated
