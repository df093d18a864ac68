"""Forms of the Kamer report pages. Forms only validate; services save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from belangenbehartiger.forms import StyledFormMixin

DATE = {"type": "date"}


class KamerReportForm(StyledFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        help_text=_("Bijvoorbeeld: Rapportage aan de Tweede Kamer, eerste halfjaar 2026."),
    )
    period_start = forms.DateField(
        label=_("Periode vanaf"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )
    period_end = forms.DateField(
        label=_("Periode tot en met"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )


class ProblemStatementForm(StyledFormMixin, forms.Form):
    cause = forms.CharField(
        label=_("Oorzaak"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Waar zit het in de wet of de uitvoering? Geen namen of andere persoonsgegevens."
        ),
    )
    dienst_response = forms.CharField(
        label=_("Reactie van de Dienst"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    recommendation = forms.CharField(
        label=_("Aanbeveling"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wat moet er veranderen, en wie moet dat doen?"),
    )
