import hashlib

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from accounts.models import STAFF_ROLES, User
from belangenbehartiger.forms import StyledFormMixin
from cases.forms import CaseFilterChoicesMixin

from .models import Band, Criterion, ReferralTarget
from .preview import DEFAULT_LIMIT, MAX_LIMIT


class QueueFilterForm(CaseFilterChoicesMixin, StyledFormMixin, forms.Form):
    hide_optional = True  # every filter is optional; the label need not say so
    band = forms.ChoiceField(label=_("Urgentie"), required=False)
    dienst = forms.ChoiceField(label=_("Dienst"), required=False)
    theme = forms.ChoiceField(label=_("Thema"), required=False)
    organisation = forms.TypedChoiceField(
        label=_("Organisatie"), required=False, coerce=int, empty_value=None
    )
    duplicate = forms.BooleanField(label=_("Alleen mogelijk dubbele"), required=False)
    waiting = forms.BooleanField(label=_("Alleen wachtend op hulpverlener"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["band"].choices = [("", _("Alle")), *Band.choices]

    @cached_property
    def render_key(self) -> str:
        """What the rendered form depends on besides the language: its data and its choices
        (templates/triage/queue.html caches the filter bar under this key)."""
        parts = [
            (
                name,
                self.data.getlist(name) if self.is_bound else None,
                [(value, str(label)) for value, label in getattr(field, "choices", ())],
            )
            for name, field in self.fields.items()
        ]
        return hashlib.sha256(repr((type(self).__name__, parts)).encode()).hexdigest()


class DecisionForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit"),
        widget=forms.RadioSelect,
        choices=[
            ("accept", _("Aannemen en toewijzen")),
            ("refer", _("Doorverwijzen")),
            ("request_info", _("Informatie vragen aan de hulpverlener")),
            ("decline", _("Niet in behandeling nemen")),
        ],
    )
    assignee = forms.ModelChoiceField(
        label=_("Toewijzen aan"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Bij aannemen. Leeg laten om de casus aan uzelf toe te wijzen."),
    )
    referral_target = forms.ModelChoiceField(
        label=_("Doorverwijzen naar"),
        queryset=ReferralTarget.objects.filter(active=True),
        required=False,
    )
    motivation = forms.CharField(
        label=_("Motivering voor de hulpverlener"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    question = forms.CharField(
        label=_("Vraag aan de hulpverlener"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each is required for one decision only (case_decide checks it): the label says which.
        self.fields["referral_target"].required_note = _("verplicht bij doorverwijzen")
        self.fields["motivation"].required_note = _(
            "verplicht bij doorverwijzen en niet in behandeling nemen"
        )
        self.fields["question"].required_note = _("verplicht bij informatie vragen")
        self.fields["assignee"].queryset = User.objects.filter(
            role__in=STAFF_ROLES, is_active=True
        ).order_by("first_name", "last_name")
        self.fields["assignee"].label_from_instance = lambda u: u.get_full_name() or u.username


class ReassessForm(StyledFormMixin, forms.Form):
    """One yes/no/unanswered radio per criterion of the active set, plus a reason."""

    reason = forms.CharField(
        label=_("Waarom vult u aan of corrigeert u?"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, criteria, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            self.fields[f"c_{c.key}"] = forms.ChoiceField(
                label=c.label,
                choices=[("yes", _("Ja")), ("no", _("Nee")), ("", _("Niet beantwoord"))],
                widget=forms.RadioSelect,
                required=False,
                initial={True: "yes", False: "no"}.get(answers.get(c.key), ""),
            )
        self.order_fields([*(f"c_{c.key}" for c in self.criteria), "reason"])

    def answers(self) -> dict[str, bool]:
        return {
            c.key: self.cleaned_data[f"c_{c.key}"] == "yes"
            for c in self.criteria
            if self.cleaned_data.get(f"c_{c.key}")
        }


class CriterionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["question", "question_en", "help_text", "weight", "role", "answered_by"]

    def clean_weight(self):
        weight = self.cleaned_data["weight"]
        if weight > 20:
            raise forms.ValidationError(_("Een gewicht is hoogstens 20."))
        return weight


class NewCriterionForm(CriterionForm):
    class Meta(CriterionForm.Meta):
        fields = ["key", *CriterionForm.Meta.fields]
        help_texts = {
            "key": _("Kleine letters, cijfers en liggende streepjes, bijvoorbeeld ‘no_income’.")
        }


class PreviewForm(StyledFormMixin, forms.Form):
    limit = forms.IntegerField(
        label=_("Aantal recente casussen"),
        min_value=1,
        max_value=MAX_LIMIT,
        initial=DEFAULT_LIMIT,
    )
