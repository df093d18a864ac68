"""Forms of the front door. Forms only validate; frontdoor.services writes."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Dienst
from belangenbehartiger.forms import StyledFormMixin
from cases.models import Case, Theme

from .models import Solution


class SolutionSearchForm(StyledFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Zoekwoorden"),
        required=False,
        max_length=200,
        help_text=_("Bijvoorbeeld: betalingsregeling dwangbevel"),
    )
    thema = forms.ModelChoiceField(
        label=_("Thema"),
        queryset=Theme.objects.filter(active=True),
        to_field_name="code",
        required=False,
        empty_label=_("Alle thema's"),
    )
    dienst = forms.ModelChoiceField(
        label=_("Dienst"),
        queryset=Dienst.objects.filter(active=True),
        to_field_name="code",
        required=False,
        empty_label=_("Alle Diensten"),
    )


class SolutionForm(StyledFormMixin, forms.ModelForm):
    """The summary of a resolved case; theme and Dienst are limited to the case's own."""

    class Meta:
        model = Solution
        fields = ["title", "problem", "tried", "accepted_solution", "theme", "dienst"]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 5}),
            "tried": forms.Textarea(attrs={"rows": 4}),
            "accepted_solution": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "title": _(
                "In één zin wat werkte, bijvoorbeeld ‘Betalingsregeling alsnog geaccepteerd na dwangbevel’."
            ),
            "problem": _(
                "Wat er vastliep, zonder naam, BSN, KvK-nummer, postcode, kenmerk of andere "
                "gegevens waaraan iemand te herkennen is."
            ),
            "tried": _("Welke wegen al waren bewandeld voordat de casus bij ons kwam."),
            "accepted_solution": _(
                "Het alternatief dat de Dienst accepteerde, en waarom dat binnen de regels kon."
            ),
        }

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(active=True)
        self.fields["dienst"].queryset = case.diensten.all()
        if not self.instance.pk:
            self.initial.setdefault("theme", case.themes.first())
            self.initial.setdefault("dienst", case.diensten.first())


class ReviewForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Uw besluit"),
        widget=forms.RadioSelect,
        choices=[
            ("approve", _("Goedkeuren en publiceren in de bibliotheek")),
            ("refuse", _("Niet goedkeuren")),
        ],
    )
    reason = forms.CharField(
        label=_("Waarom niet goedgekeurd"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Verplicht bij niet goedkeuren. De schrijver leest dit en past de tekst aan."),
    )


class WithdrawForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Waarom trekt u deze oplossing in?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Bijvoorbeeld: de regeling is veranderd. Het team leest dit in de geschiedenis."
        ),
    )


class CoverageForm(StyledFormMixin, forms.Form):
    since = forms.DateField(
        label=_("Van"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    until = forms.DateField(
        label=_("Tot en met"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    @staticmethod
    def default_period() -> dict:
        today = timezone.localdate()
        return {"since": today - timedelta(days=364), "until": today}

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("De einddatum ligt voor de begindatum."))
        if since and until and (until - since).days > 5 * 366:
            self.add_error("since", _("Kies een periode van hoogstens vijf jaar."))
        return data
