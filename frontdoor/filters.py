"""The solution library API's query parameters; an unknown parameter or value is a 400."""

import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.models import Dienst
from cases.models import Theme

from .models import Solution


class SolutionFilter(django_filters.FilterSet):
    # All three are read by the viewset's selector (the search orders by relevance).
    q = django_filters.CharFilter(
        method="_selected_by_viewset",
        max_length=200,
        help_text=_("Zoekwoorden (Nederlandse woordvormen op PostgreSQL)."),
    )
    theme = django_filters.ModelChoiceFilter(
        method="_selected_by_viewset",
        queryset=Theme.objects.filter(active=True),
        to_field_name="code",
        help_text=_("Themacode, bijvoorbeeld invordering."),
    )
    dienst = django_filters.ModelChoiceFilter(
        method="_selected_by_viewset",
        queryset=Dienst.objects.filter(active=True),
        to_field_name="code",
        help_text=_("Dienstcode: belastingdienst of toeslagen."),
    )

    class Meta:
        model = Solution
        fields: list[str] = []

    def _selected_by_viewset(self, queryset, name, value):
        return queryset
