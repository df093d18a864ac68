from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from belangenbehartiger.forms import StyledFormMixin
from deadlines.formats import long_date

from .models import DienstRequest, InformalContact, Rung
from .status import OUTCOMES

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
    """A lead's second pair of eyes: approve, or refuse with a note."""

    decision = forms.ChoiceField(label=_("Uw besluit"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Toelichting"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, approve_label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required_note = _("verplicht bij niet goedkeuren")
        self.fields["decision"].choices = [
            ("approve", approve_label),
            ("refuse", _("Niet goedkeuren")),
        ]

    def clean(self):
        # Checked here too (the services refuse it as well) so the form says so before the
        # confirmation page, not after.
        data = super().clean()
        if data.get("decision") == "refuse" and not data.get("note", "").strip():
            self.add_error("note", _("Geef aan waarom u niet goedkeurt."))
        return data


class RespondForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Uw antwoord"), choices=DienstRequest.Outcome.choices, widget=forms.RadioSelect
    )
    motivation = forms.CharField(
        label=_("Motivering, tegenvoorstel of vraag"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_(
            "Pas toe of leg uit. Bij een tegenvoorstel: uw voorstel; bij een wedervraag: uw "
            "vraag aan de Belangenbehartiger."
        ),
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

    def clean(self):
        # The service checks it too; here it shows before the confirmation page.
        data = super().clean()
        rule = OUTCOMES.get(data.get("outcome", ""))
        if rule and rule.missing_motivation and not data.get("motivation", "").strip():
            self.add_error("motivation", str(rule.missing_motivation))
        return data


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


class ReplyForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Uw antwoord aan de Dienst"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("De Dienst krijgt daarna opnieuw de antwoordtermijn van deze trede."),
    )


class CounterProposalForm(StyledFormMixin, forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Wat doet u met het tegenvoorstel?"),
        choices=[
            ("yes", _("Aanvaarden: het verzoek is daarmee afgerond")),
            ("no", _("Afwijzen: de Dienst moet opnieuw antwoorden")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Toelichting voor de Dienst"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Verplicht bij afwijzen: leg uit waarom."),
    )

    def clean(self):
        # The service checks it too; here it shows before the confirmation page.
        data = super().clean()
        if data.get("accept") is False and not data.get("reason", "").strip():
            self.add_error("reason", _("Leg de Dienst uit waarom u het tegenvoorstel afwijst."))
        return data


DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class InformalContactForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort contact"), choices=InformalContact.Kind.choices, widget=forms.RadioSelect
    )
    dienst = forms.ModelChoiceField(label=_("Met welke Dienst"), queryset=None)
    at = forms.DateTimeField(label=_("Wanneer"), widget=DATETIME)
    contact_name = forms.CharField(
        label=_("Met wie bij de Dienst"),
        max_length=200,
        help_text=_("Naam en functie of afdeling, bijvoorbeeld ‘J. Bakker, invordering’."),
    )
    agreed = forms.CharField(
        label=_("Wat is afgesproken"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wie doet wat, en wanneer. Is niets afgesproken, schrijf dat dan op."),
    )
    notes = forms.CharField(
        label=_("Verder besproken"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dienst"].queryset = case.diensten.all()
        if not self.is_bound:
            self.initial.setdefault("at", timezone.localtime().replace(second=0, microsecond=0))
