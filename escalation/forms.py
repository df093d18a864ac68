from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from belangenbehartiger.forms import StyledFormMixin
from deadlines.formats import long_date

from .models import DienstRequest, Rung

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RungMoveForm(StyledFormMixin, forms.Form):
    auto_id_format = "id_move_%s"
    rung = forms.ModelChoiceField(label=_("Naar trede"), queryset=Rung.objects.filter(active=True))
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}))


class RequestForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort verzoek"), choices=DienstRequest.Kind.choices, widget=forms.RadioSelect
    )
    dienst = forms.ModelChoiceField(label=_("Aan Dienst"), queryset=None)
    text = forms.CharField(
        label=_("Tekst van het verzoek"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Beschrijf de voorgestelde oplossing, de vraag of wat bevroren moet worden."),
    )
    freeze_scope = forms.ChoiceField(
        label=_("Wat bevriezen"),
        choices=[("", "—"), *DienstRequest.FreezeScope.choices],
        required=False,
        help_text=_("Bij een verzoek tot bevriezen. Leeg: de invordering."),
    )
    freeze_until = forms.DateField(label=_("Bevriezen tot"), required=False, widget=DATE)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dienst"].queryset = case.diensten.all()
        self.fields["freeze_until"].required_note = _("verplicht bij een verzoek tot bevriezen")


class ApprovalForm(StyledFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required_note = _("verplicht bij niet goedkeuren")


class RespondForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Uw antwoord"), choices=DienstRequest.Outcome.choices, widget=forms.RadioSelect
    )
    motivation = forms.CharField(
        label=_("Motivering"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Pas toe of leg uit: zeg waarom u niet volledig accepteert."),
    )
    granted_until = forms.DateField(
        label=_("Bevroren tot"),
        required=False,
        widget=DATE,
        help_text=_("Bij het toekennen van een bevriezing. Leeg: tot de gevraagde datum."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Required unless the Dienst accepts in full (the service checks it).
        self.fields["motivation"].required_note = _("verplicht, behalve bij volledig accepteren")


class ExtendForm(StyledFormMixin, forms.Form):
    new_due = forms.DateField(label=_("Nieuwe termijn"), widget=DATE)
    reason = forms.CharField(
        label=_("Reden van de verlenging"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_new_due(self):
        value = self.cleaned_data["new_due"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("Een termijn kan niet in het verleden liggen."))
        return value


class KamerForm(StyledFormMixin, forms.Form):
    auto_id_format = "id_kamer_%s"
    vignette = forms.CharField(
        label=_("Geanonimiseerde beschrijving voor de Kamerrapportage"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Zonder naam, BSN, KvK-nummer, postcode, kenmerk of andere herkenbare details."
        ),
    )
    reason = forms.CharField(
        label=_("Waarom naar de Tweede Kamer?"), widget=forms.Textarea(attrs={"rows": 2})
    )


class StatusLinkForm(StyledFormMixin, forms.Form):
    consent = forms.BooleanField(
        label=_("De betrokkene wil een statuslink en heeft daar toestemming voor gegeven."),
        error_messages={
            "required": _("Maak alleen een statuslink met toestemming van de betrokkene.")
        },
    )


class ShareForm(StyledFormMixin, forms.Form):
    """Which request's Dienst gets the document; the page itself asks for confirmation."""

    request = forms.ModelChoiceField(
        label=_("Met de Dienst van welk verzoek delen?"),
        queryset=DienstRequest.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Kies het verzoek waarbij de Dienst het stuk krijgt.")},
    )

    def __init__(self, *args, requests, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = requests
        self.fields["request"].label_from_instance = lambda r: (
            _("%(kind)s aan %(dienst)s (%(status)s, %(day)s)")
            % {
                "kind": r.get_kind_display(),
                "dienst": r.dienst.name,
                "status": r.get_status_display().lower(),
                "day": long_date(r.created_at),
            }
        )
