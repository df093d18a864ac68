"""Query parameters of ``GET /api/v1/access-log/``; an unknown parameter or value is a 400."""

import django_filters

from accounts.models import User

from .models import AccessRecord


class AccessRecordFilter(django_filters.FilterSet):
    case = django_filters.CharFilter(
        field_name="case_reference", help_text="Case reference (BB-YYYY-NNNNNN)."
    )
    user = django_filters.ModelChoiceFilter(
        field_name="user",
        to_field_name="username",
        queryset=User.objects.all(),
        help_text="Username of the user whose look at personal data was logged.",
    )
    since = django_filters.DateFilter(
        field_name="start_time", lookup_expr="date__gte", help_text="From this day (YYYY-MM-DD)."
    )
    until = django_filters.DateFilter(
        field_name="start_time", lookup_expr="date__lte", help_text="Up to this day (YYYY-MM-DD)."
    )

    class Meta:
        model = AccessRecord
        fields = ["case", "user", "since", "until"]
