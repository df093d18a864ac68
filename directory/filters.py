"""The directory API's query parameters; an unknown parameter or value is a 400."""

import django_filters
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from .models import Audience, HelpOrganisation

POSTCODE_AREA = RegexValidator(
    r"^[1-9]\d{3}$", _("Een postcodegebied is 4 cijfers, bijvoorbeeld 3511.")
)


class DirectoryFilter(django_filters.FilterSet):
    # Read by the viewset's selector (who helps in this area), not filtered here.
    postcode_area = django_filters.CharFilter(
        method="_selected_by_viewset",
        validators=[POSTCODE_AREA],
        help_text=_("4 cijfers: wie helpt in dit postcodegebied (plus landelijke organisaties)."),
    )
    audience = django_filters.ChoiceFilter(
        method="_selected_by_viewset", choices=Audience.choices, help_text=_("Voor wie.")
    )
    kind = django_filters.ChoiceFilter(choices=HelpOrganisation.Kind.choices)

    class Meta:
        model = HelpOrganisation
        fields = ["kind"]

    def _selected_by_viewset(self, queryset, name, value):
        return queryset
