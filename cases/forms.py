"""Forms of the case pages: messages, answers, attachments, withdrawal, resolution and
closure, and the filters of the case lists. Forms only validate; services save.

The intake wizard's step forms live in casework.forms: they ask the triage questions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from belangenbehartiger.forms import AmountField, MultipleFileField, StyledFormMixin

from .models import CaseStatus, Outcome
from .selectors import filter_choices


class AttachmentForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Bestand toevoegen"),
        help_text=_("PDF, foto of Office-document, maximaal 10 MB per bestand."),
    )


class CaseAttachmentForm(StyledFormMixin, forms.Form):
    """A document added to a submitted case, by the helper or the team."""

    auto_id_format = "id_document_%s"

    file = forms.FileField(
        label=_("Bestand"),
        help_text=_("PDF, foto of Office-document, maximaal 10 MB."),
    )
    description = forms.CharField(
        label=_("Omschrijving"),
        max_length=200,
        required=False,
        help_text=_("Bijvoorbeeld: beschikking van 3 maart, brief van de Dienst."),
    )


class WithdrawForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Waarom trekt u de casus in?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CaseFilterChoicesMixin:
    """Fills the Dienst, theme and organisation filters of a case list (one query)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Alle"))]
        choices = filter_choices()
        self.fields["dienst"].choices = everything + choices.diensten
        self.fields["theme"].choices = everything + choices.themes
        self.fields["organisation"].choices = everything + choices.organisations


class TeamCaseFilterForm(CaseFilterChoicesMixin, StyledFormMixin, forms.Form):
    hide_optional = True  # every filter is optional; the label need not say so
    reference = forms.CharField(label=_("Kenmerk"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    dienst = forms.ChoiceField(label=_("Dienst"), required=False)
    theme = forms.ChoiceField(label=_("Thema"), required=False)
    organisation = forms.TypedChoiceField(
        label=_("Organisatie"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Alle"))] + [
            c for c in CaseStatus.choices if c[0] != CaseStatus.DRAFT
        ]


class MessageForm(StyledFormMixin, forms.Form):
    body = forms.CharField(label=_("Bericht"), widget=forms.Textarea(attrs={"rows": 4}))
    internal = forms.BooleanField(
        label=_("Interne notitie (niet zichtbaar voor de hulpverlener)"), required=False
    )


class AnswerForm(StyledFormMixin, forms.Form):
    body = forms.CharField(label=_("Uw antwoord"), widget=forms.Textarea(attrs={"rows": 5}))
    files = MultipleFileField(
        label=_("Stukken meesturen"),
        required=False,
        help_text=_(
            "Bijvoorbeeld de beschikking waar het team om vraagt. U kunt meer bestanden tegelijk "
            "kiezen: PDF, foto of Office-document, maximaal 10 MB per bestand."
        ),
    )


class ResolveForm(StyledFormMixin, forms.Form):
    auto_id_format = "id_resolve_%s"
    reason = forms.CharField(
        label=_("Wat is de oplossing?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ReassignForm(StyledFormMixin, forms.Form):
    assignee = forms.ModelChoiceField(label=_("Overdragen aan"), queryset=None)
    reason = forms.CharField(
        label=_("Waarom draagt u de casus over?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Alleen het team leest dit. De nieuwe casemanager krijgt een melding."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = candidates
        self.fields["assignee"].label_from_instance = lambda u: u.get_full_name() or u.username


class CloseForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Uitkomst"), widget=forms.RadioSelect)
    notes = forms.CharField(
        label=_("Wat is bereikt (bijvoorbeeld: toeslag hersteld, beslag opgeheven)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    amount_relieved = AmountField(
        label=_("Bedrag invordering of terugvordering gestopt (euro), als bekend"),
        required=False,
        min_value=0,
    )

    def __init__(self, *args, outcomes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o, Outcome(o).label) for o in outcomes]


RATING_CHOICES = [
    (1, _("1 — slecht")),
    (2, _("2 — matig")),
    (3, _("3 — redelijk")),
    (4, _("4 — goed")),
    (5, _("5 — heel goed")),
]


class FeedbackForm(StyledFormMixin, forms.Form):
    """The rating after closure, by the helper on the case page or the person on the
    status page (cases.services.feedback_give)."""

    auto_id_format = "feedback_%s"

    outcome_rating = forms.TypedChoiceField(
        label=_("Hoe tevreden bent u over de uitkomst?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een cijfer van 1 tot en met 5 voor de uitkomst.")},
    )
    process_rating = forms.TypedChoiceField(
        label=_("Hoe tevreden bent u over de aanpak?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een cijfer van 1 tot en met 5 voor de aanpak.")},
    )
    comment = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Niet verplicht. Noem geen namen of andere persoonsgegevens."),
    )
