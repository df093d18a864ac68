"""Query parameters of ``GET /api/v1/dienst-requests/``. They narrow the caller's visible
set (a liaison's own Dienst), never widen it; an unknown value is a 400."""

import django_filters

from accounts.models import Dienst

from .models import DienstRequest


class DienstRequestFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=DienstRequest.Status.choices, help_text="Request status."
    )
    kind = django_filters.ChoiceFilter(
        choices=DienstRequest.Kind.choices, help_text="Kind of request."
    )
    dienst = django_filters.ModelChoiceFilter(
        to_field_name="code", queryset=Dienst.objects.all(), help_text="Dienst code."
    )

    class Meta:
        model = DienstRequest
        fields = ["status", "kind", "dienst"]
