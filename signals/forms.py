"""Forms of the signals pages. Forms only validate; services save."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import STAFF_ROLES, Dienst, User
from belangenbehartiger.forms import StyledFormMixin
from cases.models import Theme

from .models import Signal

TEXTAREA = {"rows": 4}


class SignalForm(StyledFormMixin, forms.Form):
    """Submitting a signal. Helpers do not choose the source: it follows from their
    organisation (signals.services.source_for)."""

    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        help_text=_("In één zin: wat gaat er mis, en bij wie?"),
    )
    description = forms.CharField(
        label=_("Wat ziet u?"),
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_(
            "Beschrijf het patroon, hoe vaak u het ziet en wat het voor mensen betekent. "
            "Geen namen, BSN's of andere persoonsgegevens."
        ),
    )
    diensten = forms.ModelMultipleChoiceField(
        label=_("Bij welke Dienst speelt het?"),
        queryset=Dienst.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies ten minste één Dienst.")},
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Thema's"),
        queryset=Theme.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    regulation = forms.CharField(
        label=_("Regeling of werkproces"),
        max_length=300,
        required=False,
        help_text=_("Bijvoorbeeld: Awir art. 26, of het proces van de verrekening."),
    )
    people_affected_estimate = forms.IntegerField(
        label=_("Hoeveel mensen raakt het naar schatting?"), min_value=0, required=False
    )
    source = forms.ChoiceField(label=_("Bron"), choices=Signal.Source.choices)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.is_team:
            del self.fields["source"]
        else:
            self.fields["source"].initial = Signal.Source.OWN_RESEARCH


class SignalEditForm(SignalForm):
    owner = forms.ModelChoiceField(
        label=_("Eigenaar in het team"),
        queryset=User.objects.filter(role__in=STAFF_ROLES, is_active=True).order_by(
            "first_name", "last_name"
        ),
        required=False,
    )
    reason = forms.CharField(
        label=_("Waarom wijzigt u dit?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        del self.fields["source"]
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.username


class SignalFilterForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    theme = forms.ChoiceField(label=_("Thema"), required=False)
    dienst = forms.ChoiceField(label=_("Dienst"), required=False)
    source = forms.ChoiceField(label=_("Bron"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Alle"))]
        self.fields["status"].choices = everything + list(Signal.Status.choices)
        self.fields["source"].choices = everything + list(Signal.Source.choices)
        self.fields["theme"].choices = everything + [
            (t.code, t.name) for t in Theme.objects.filter(active=True)
        ]
        self.fields["dienst"].choices = everything + [
            (d.code, d.name) for d in Dienst.objects.filter(active=True)
        ]


class TransitionForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, required: bool = False, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required
        if label:
            self.fields["reason"].label = label


class LinkForm(StyledFormMixin, forms.Form):
    """Link a case by its reference (the signal page)."""

    reference = forms.CharField(
        label=_("Kenmerk van de casus"), max_length=20, help_text=_("Bijvoorbeeld BB-2026-000123.")
    )
    reason = forms.CharField(
        label=_("Waarom hoort deze casus bij het signaal?"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CaseLinkForm(StyledFormMixin, forms.Form):
    """Link this case to an open signal (the case's signals page)."""

    signal = forms.ModelChoiceField(label=_("Signaal"), queryset=Signal.objects.none())
    reason = forms.CharField(
        label=_("Waarom hoort deze casus bij het signaal?"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, signals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signal"].queryset = signals


class QuickLinkForm(forms.Form):
    """One click from a suggestion: the reason says where the link came from."""

    reason = forms.CharField(max_length=500)


class UnlinkForm(forms.Form):
    reason = forms.CharField(required=False, max_length=500)


class CommitmentForm(StyledFormMixin, forms.Form):
    dienst = forms.ModelChoiceField(label=_("Dienst"), queryset=Dienst.objects.none())
    description = forms.CharField(
        label=_("Wat zegt de Dienst toe?"), widget=forms.Textarea(attrs={"rows": 3})
    )
    due_date = forms.DateField(
        label=_("Uiterlijk"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("De Dienst krijgt een herinnering voor deze datum."),
    )

    def __init__(self, *args, signal: Signal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dienst"].queryset = signal.diensten.all()

    def clean_due_date(self):
        value = self.cleaned_data["due_date"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("Een termijn kan niet in het verleden liggen."))
        return value


class ProgressForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Voortgang"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat is er gedaan, en wat volgt nog?"),
    )


class CommitmentCloseForm(StyledFormMixin, forms.Form):
    kept = forms.TypedChoiceField(
        label=_("Heeft de Dienst de toezegging nagekomen?"),
        choices=[("yes", _("Ja, nagekomen")), ("no", _("Nee, niet nagekomen"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Toelichting"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat is er gebeurd? Dit komt in de Kamerrapportage en het rapportcijfer."),
    )
