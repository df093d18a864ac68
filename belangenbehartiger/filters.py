"""The API's list filters: django-filter, strict. A query parameter that no filter, the
paginator or the format override reads is a 400 naming it, never silently ignored; an
unknown value is a 400 from the FilterSet itself (DjangoFilterBackend raises on errors)."""

from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings

# Attributes of DRF's paginators (page number, limit/offset, cursor) naming query parameters.
PAGINATOR_PARAMETERS = (
    "page_query_param",
    "page_size_query_param",
    "limit_query_param",
    "offset_query_param",
    "cursor_query_param",
)


class StrictFilterBackend(DjangoFilterBackend):
    unknown_parameter_message = _("Onbekende zoekparameter.")

    def filter_queryset(self, request, queryset, view):
        allowed = self.allowed_parameters(request, queryset, view)
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            raise ValidationError({name: [self.unknown_parameter_message] for name in unknown})
        return super().filter_queryset(request, queryset, view)

    def allowed_parameters(self, request, queryset, view) -> set[str]:
        allowed = {api_settings.URL_FORMAT_OVERRIDE} - {None}
        paginator = getattr(view, "paginator", None)
        for attribute in PAGINATOR_PARAMETERS:
            name = getattr(paginator, attribute, None)
            if name:
                allowed.add(name)
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            for name, filter_ in filterset_class.base_filters.items():
                # Range-style filters read ``<name>_<suffix>`` parameters.
                suffixes = getattr(filter_.field_class.widget, "suffixes", None)
                if suffixes:
                    allowed |= {f"{name}_{s}" if s else name for s in suffixes}
                else:
                    allowed.add(name)
        return allowed
