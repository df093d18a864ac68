"""Query parameters of ``GET /api/v1/cases/`` (DESIGN.md §6). They narrow the caller's
visible set (the viewset's queryset), never widen it; an unknown value is a 400."""

import django_filters

from accounts.models import STAFF_ROLES, Dienst, Organisation, User
from cases import selectors
from cases.models import Case, CaseStatus, Theme
from escalation.models import Rung
from triage.models import Band


class CaseFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices, help_text="Case status.")
    band = django_filters.ChoiceFilter(
        field_name="triage_band", choices=Band.choices, help_text="Triage band."
    )
    dienst = django_filters.ModelChoiceFilter(
        field_name="diensten",
        to_field_name="code",
        queryset=Dienst.objects.all(),
        method="filter_dienst",
        help_text="Dienst code: cases for this Dienst.",
    )
    theme = django_filters.ModelChoiceFilter(
        field_name="themes",
        to_field_name="code",
        queryset=Theme.objects.all(),
        method="filter_theme",
        help_text="Theme code.",
    )
    rung = django_filters.ModelChoiceFilter(
        field_name="ladder__rung",
        to_field_name="code",
        queryset=Rung.objects.all(),
        help_text="Code of the rung the case stands on.",
    )
    assigned_to = django_filters.ModelChoiceFilter(
        field_name="assignee",
        to_field_name="username",
        queryset=User.objects.filter(role__in=STAFF_ROLES),
        help_text="Username of the assigned casemanager.",
    )
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), help_text="Id of the submitting organisation."
    )

    class Meta:
        model = Case
        fields = ["status", "band", "dienst", "theme", "rung", "assigned_to", "organisation"]

    def filter_dienst(self, queryset, name, value):
        return selectors.filter_with_dienst(queryset, code=value.code)

    def filter_theme(self, queryset, name, value):
        return selectors.filter_with_theme(queryset, code=value.code)
