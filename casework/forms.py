"""The intake wizard's step forms. Forms only validate; services save.

"Opslaan en verder" validates a step and stores it only when it is valid. "Opslaan als
concept" stores whatever was typed (``StepForm.draft_input``): every value that can be kept,
valid yet or not, so nothing the helper wrote is lost; the review step says what is still
missing before the case can be submitted.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Dienst
from belangenbehartiger.forms import AmountField, StyledFormMixin
from cases import validation
from cases.models import Case, SubjectType, Theme
from triage.selectors import intake_criteria

YES_NO = [("yes", _("Ja")), ("no", _("Nee"))]


@dataclass
class DraftInput:
    """What a draft keeps of a step's input: the plain fields, the many-to-many choices, and
    the values that could not be kept at all (label -> why), to tell the helper."""

    data: dict[str, Any] = field(default_factory=dict)
    m2m: dict[str, list] = field(default_factory=dict)
    not_saved: dict[str, str] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not any(v not in (None, "", False, [], {}) for v in self.data.values()) and not any(
            self.m2m.values()
        )


class StepForm(StyledFormMixin, forms.ModelForm):
    """A ModelForm for one step; ``data_for_service`` gives what the service should store."""

    m2m_fields: tuple[str, ...] = ()
    # Typed input a draft keeps in normalised form (a BSN typed with spaces still fits).
    draft_normalise: dict[str, Callable[[str], str]] = {}

    def data_for_service(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in self.m2m_fields}

    def draft_input(self) -> DraftInput:
        """Every value of this step that can be stored, valid or not yet.

        A value that passed its checks is kept as cleaned. One that did not (an invalid BSN,
        a summary without a Dienst) is kept as typed when it fits its column; only input
        that cannot be stored at all (a date that is no date, text over its maximum length)
        is left out, and reported in ``not_saved``.
        """
        self.is_valid()
        result = DraftInput()
        for name, form_field in self.fields.items():
            keep, value = self._draft_value(name, form_field)
            if not keep:
                result.not_saved[str(form_field.label)] = " ".join(self.errors.get(name, []))
                continue
            if name in self.m2m_fields:
                result.m2m[name] = list(value or [])
            else:
                result.data[name] = value
        return result

    def _draft_value(self, name: str, form_field: forms.Field) -> tuple[bool, Any]:
        if name in self.cleaned_data:
            return True, self.cleaned_data[name]
        raw = form_field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
        if isinstance(raw, str) and name in self.draft_normalise:
            raw = self.draft_normalise[name](raw)
        try:
            value = form_field.to_python(raw)
            if value in form_field.empty_values:
                return True, value
            # A model choice is checked against its queryset by to_python already.
            if (
                isinstance(form_field, forms.ChoiceField)
                and not isinstance(form_field, forms.ModelChoiceField)
                and not form_field.valid_value(value)
            ):
                raise ValidationError("not a choice")
            form_field.run_validators(value)
        except ValidationError:
            return False, None
        return True, value


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
            "bsn": _("9 cijfers; op het scherm tonen wij alleen de laatste 3."),
            "kvk_number": _("8 cijfers."),
            "rsin": _("Alleen voor een rechtspersoon, als bekend."),
            "postcode_area": _(
                "Alleen de 4 cijfers, bijvoorbeeld 3511. Wij gebruiken dit om te zien waar hulp ontbreekt."
            ),
            "contact_details": _("Bijvoorbeeld: via de hulpverlener, of een telefoonnummer."),
        }

    draft_normalise = {
        "bsn": validation.compact_number,
        "kvk_number": validation.compact_number,
        "rsin": validation.compact_number,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject_type"].choices = SubjectType.choices
        for name in ("subject_type", "subject_name", "postcode_area"):
            self.fields[name].required = True
        # Required for one kind of person only (clean() checks it): the label says when.
        self.fields["bsn"].required_note = _("verplicht voor een burger")
        self.fields["kvk_number"].required_note = _("verplicht voor een ondernemer")

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

    amount_involved = AmountField(
        label=_("Bedrag in euro's"),
        required=False,
        help_text=_("Het bedrag waar het om gaat, als bekend. Bijvoorbeeld 1.250,50."),
    )

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
        return self._with_answers(self.cleaned_data)

    def draft_input(self) -> DraftInput:
        result = super().draft_input()
        result.data = self._with_answers(result.data)
        return result

    @staticmethod
    def _with_answers(values: dict) -> dict:
        """The triage radios (``triage_<key>``) folded into one ``triage_answers`` dict."""
        data = {k: v for k, v in values.items() if not k.startswith("triage_")}
        data["triage_answers"] = {
            name.removeprefix("triage_"): value == "yes"
            for name, value in values.items()
            if name.startswith("triage_") and value
        }
        return data


class DestructionApproveForm(StyledFormMixin, forms.Form):
    checked = forms.BooleanField(
        label=_(
            "Ik heb de lijst gecontroleerd: geen van deze casussen hoeft langer bewaard te worden"
        ),
        error_messages={"required": _("Bevestig dat u de lijst hebt gecontroleerd.")},
    )
