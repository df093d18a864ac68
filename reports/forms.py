"""The monitor's period and filters: one form for the page and the API."""

import re
from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Dienst, Organisation
from belangenbehartiger.forms import StyledFormMixin, style_widgets
from cases.models import Theme

from .regions import PROVINCES

MAX_DAYS = 3 * 366
_AREA = re.compile(r"^[1-9][0-9]{3}$")


class MonitorForm(StyledFormMixin, forms.Form):
    # The query parameters are ``from`` and ``to`` (DESIGN.md §6); ``from`` is a keyword in
    # Python, so the fields get their names through ``add_prefix`` below.
    start = forms.DateField(
        label=_("Van"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("Tot en met"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    dienst = forms.ChoiceField(label=_("Dienst"), required=False)
    theme = forms.ChoiceField(label=_("Thema"), required=False)
    region = forms.CharField(
        label=_("Regio"),
        required=False,
        help_text=_("Een provincie, of in de API ook een postcodegebied van vier cijfers."),
        widget=forms.Select,
    )
    source = forms.ChoiceField(
        label=_("Soort organisatie"),
        required=False,
        choices=[("", _("Alle soorten")), *Organisation.Kind.choices],
    )

    FIELD_NAMES = {"start": "from", "end": "to"}

    def add_prefix(self, field_name: str) -> str:
        return self.FIELD_NAMES.get(field_name, field_name)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dienst"].choices = [
            ("", _("Alle Diensten")),
            *Dienst.objects.filter(active=True).values_list("code", "name"),
        ]
        self.fields["theme"].choices = [
            ("", _("Alle thema's")),
            *((theme.code, theme.name) for theme in Theme.objects.filter(active=True)),
        ]
        self.fields["region"].widget.choices = [
            ("", _("Heel Nederland")),
            *sorted(((code, str(name)) for code, name in PROVINCES.items()), key=lambda c: c[1]),
        ]
        style_widgets(self)

    @staticmethod
    def default_period() -> dict:
        """The last 90 days, today included."""
        today = timezone.localdate()
        return {"start": today - timedelta(days=89), "end": today}

    def clean_region(self) -> str:
        region = self.cleaned_data["region"].strip().upper()
        if region and region not in PROVINCES and not _AREA.match(region):
            raise forms.ValidationError(
                _("Kies een provincie of vul een postcodegebied van vier cijfers in.")
            )
        return region

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("De einddatum ligt voor de begindatum."))
        elif start and end and (end - start).days > MAX_DAYS:
            self.add_error("start", _("Kies een periode van hoogstens drie jaar."))
        return data

    def filters(self) -> dict:
        data = self.cleaned_data
        return {key: data.get(key) or None for key in ("dienst", "theme", "region", "source")}
