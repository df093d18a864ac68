"""The intake wizard's step forms. Forms only validate; services save."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Dienst
from belangenbehartiger.forms import StyledFormMixin
from cases import validation
from cases.models import Case, SubjectType, Theme
from triage.selectors import intake_criteria

YES_NO = [("yes", _("Ja")), ("no", _("Nee"))]


class StepForm(StyledFormMixin, forms.ModelForm):
    """A ModelForm for one step; ``data_for_service`` gives what the service should store."""

    m2m_fields: tuple[str, ...] = ()

    def data_for_service(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in self.m2m_fields}


class SubjectForm(StepForm):
    class Meta:
        model = Case
        fields = [
            "subject_type",
            "subject_name",
            "bsn",
            "kvk_number",
            "rsin",
            "postcode_area",
            "contact_details",
        ]
        widgets = {
            "subject_type": forms.RadioSelect,
            "contact_details": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "bsn": _(
                "Verplicht voor een burger. 9 cijfers; op het scherm tonen wij alleen de laatste 3."
            ),
            "kvk_number": _("Verplicht voor een ondernemer. 8 cijfers."),
            "rsin": _("Alleen voor een rechtspersoon, als bekend."),
            "postcode_area": _(
                "Alleen de 4 cijfers, bijvoorbeeld 3511. Wij gebruiken dit om te zien waar hulp ontbreekt."
            ),
            "contact_details": _("Bijvoorbeeld: via de hulpverlener, of een telefoonnummer."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject_type"].choices = SubjectType.choices
        for name in ("subject_type", "subject_name", "postcode_area"):
            self.fields[name].required = True

    def clean_bsn(self):
        value = self.cleaned_data.get("bsn", "")
        return validation.clean_bsn(value) if value else ""

    def clean_kvk_number(self):
        value = self.cleaned_data.get("kvk_number", "")
        return validation.clean_kvk(value) if value else ""

    def clean_rsin(self):
        value = self.cleaned_data.get("rsin", "")
        return validation.clean_rsin(value) if value else ""

    def clean_postcode_area(self):
        return validation.clean_postcode_area(self.cleaned_data.get("postcode_area", ""))

    def clean(self):
        data = super().clean()
        kind = data.get("subject_type")
        if kind == SubjectType.BURGER and not data.get("bsn") and "bsn" not in self.errors:
            self.add_error("bsn", _("Vul het BSN van de burger in."))
        if (
            kind == SubjectType.ONDERNEMER
            and not data.get("kvk_number")
            and "kvk_number" not in self.errors
        ):
            self.add_error("kvk_number", _("Vul het KvK-nummer van de onderneming in."))
        return data


class ConsentForm(StepForm):
    class Meta:
        model = Case
        fields = ["consent", "consent_method", "consent_date"]
        widgets = {
            "consent_method": forms.RadioSelect,
            "consent_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {
            "consent": _(
                "De betrokkene geeft toestemming om de casus aan de Belangenbehartiger voor te "
                "leggen en de gegevens met de betrokken Dienst te delen."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].required = True
        self.fields["consent"].error_messages["required"] = _(
            "Zonder toestemming van de betrokkene kunnen wij de casus niet in behandeling nemen."
        )
        self.fields["consent_method"].required = True
        self.fields["consent_method"].choices = Case._meta.get_field("consent_method").choices
        self.fields["consent_date"].required = True

    def clean_consent_date(self):
        value = self.cleaned_data["consent_date"]
        if value > timezone.localdate():
            raise forms.ValidationError(
                _("De datum van de toestemming kan niet in de toekomst liggen.")
            )
        return value


class ProblemForm(StepForm):
    m2m_fields = ("diensten", "themes")

    diensten = forms.ModelMultipleChoiceField(
        queryset=Dienst.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        label=_("Om welke Dienst(en) gaat het?"),
        error_messages={"required": _("Kies ten minste één Dienst.")},
    )
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        label=_("Thema's"),
        required=False,
    )

    class Meta:
        model = Case
        fields = ["summary", "description", "tried_before", "desired_outcome"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "tried_before": forms.Textarea(attrs={"rows": 4}),
            "desired_outcome": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "summary": _("In één zin, zonder naam of BSN. Maximaal 200 tekens."),
            "tried_before": _(
                "Bijvoorbeeld: gebeld met de BelastingTelefoon, bezwaar gemaakt, klacht ingediend."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summary"].required = True
        self.fields["description"].required = True
        if self.instance.pk:
            self.initial.setdefault("diensten", list(self.instance.diensten.all()))
            self.initial.setdefault("themes", list(self.instance.themes.all()))


class UrgencyForm(StepForm):
    """Urgency facts plus the helper-answered triage questions, generated from the criteria."""

    class Meta:
        model = Case
        fields = ["enforcement_date", "amount_involved", "urgency_notes"]
        widgets = {
            "enforcement_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "urgency_notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "enforcement_date": _(
                "Bijvoorbeeld de datum van het beslag of de stopzetting, als bekend."
            ),
            "amount_involved": _("Het bedrag waar het om gaat, als bekend."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        answers = self.instance.triage_answers or {}
        for criterion in intake_criteria():
            name = f"triage_{criterion.key}"
            self.fields[name] = forms.ChoiceField(
                label=criterion.label,
                help_text=criterion.help_text,
                choices=YES_NO,
                widget=forms.RadioSelect,
                required=False,
            )
            if criterion.key in answers:
                self.initial[name] = "yes" if answers[criterion.key] else "no"

    def triage_field_names(self) -> list[str]:
        return [name for name in self.fields if name.startswith("triage_")]

    def clean_amount_involved(self):
        value = self.cleaned_data.get("amount_involved")
        if value is not None and value < 0:
            raise forms.ValidationError(_("Het bedrag kan niet negatief zijn."))
        return value

    def data_for_service(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("triage_")}
        data["triage_answers"] = {
            name.removeprefix("triage_"): value == "yes"
            for name, value in self.cleaned_data.items()
            if name.startswith("triage_") and value
        }
        return data
