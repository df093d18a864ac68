"""The steps of the helper's intake form, in order."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import forms


@dataclass(frozen=True)
class Step:
    slug: str
    title: Promise
    form_class: type | None
    # Fields whose completeness errors send the helper back to this step.
    fields: tuple[str, ...] = ()


STEPS: tuple[Step, ...] = (
    Step(
        "betrokkene",
        _("Betrokkene"),
        forms.SubjectForm,
        ("subject_type", "subject_name", "bsn", "kvk_number", "rsin", "postcode_area"),
    ),
    Step(
        "toestemming",
        _("Toestemming"),
        forms.ConsentForm,
        ("consent", "consent_method", "consent_date"),
    ),
    Step("probleem", _("Probleem"), forms.ProblemForm, ("diensten", "summary", "description")),
    Step("urgentie", _("Urgentie"), forms.UrgencyForm, ("triage_answers",)),
    Step("bijlagen", _("Bijlagen"), None),
    Step("controleren", _("Controleren en indienen"), None),
)
STEP_BY_SLUG = {s.slug: s for s in STEPS}
FIRST_STEP = STEPS[0]


def next_step(step: Step) -> Step:
    index = STEPS.index(step)
    return STEPS[min(index + 1, len(STEPS) - 1)]


def step_for_field(field: str) -> Step:
    for step in STEPS:
        if field in step.fields:
            return step
    return FIRST_STEP
