"""Query parameters of ``GET /api/v1/signals/``: they narrow the caller's visible set, never
widen it; an unknown parameter or value is a 400 (belangenbehartiger.filters)."""

import django_filters

from accounts.models import Dienst
from cases.models import Theme

from . import selectors
from .models import Signal


class SignalFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Signal.Status.choices, help_text="Status.")
    source = django_filters.ChoiceFilter(choices=Signal.Source.choices, help_text="Source.")
    theme = django_filters.ModelChoiceFilter(
        field_name="themes",
        to_field_name="code",
        queryset=Theme.objects.all(),
        method="filter_theme",
        help_text="Theme code.",
    )
    dienst = django_filters.ModelChoiceFilter(
        field_name="diensten",
        to_field_name="code",
        queryset=Dienst.objects.all(),
        method="filter_dienst",
        help_text="Dienst code.",
    )

    class Meta:
        model = Signal
        fields = ["status", "source", "theme", "dienst"]

    def filter_theme(self, queryset, name, value):
        return selectors.filter_with_theme(queryset, code=value.code)

    def filter_dienst(self, queryset, name, value):
        return selectors.filter_with_dienst(queryset, code=value.code)
