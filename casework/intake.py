"""The steps of the helper's intake form, in order."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from triage.selectors import intake_criteria

from . import forms

# The hand-over from the public self-check "Kan ik hier terecht?" (frontdoor, a layer
# above): when a helper continues from its result to the intake, frontdoor puts the answers
# in the session under this key as {criterion_key: bool}. ``intake_start`` shows that they
# were taken over, and the first save of the new draft stores them as its triage answers
# (the "Urgentie" step shows them pre-filled) and removes them from the session.
SELF_CHECK_SESSION_KEY = "intake.self_check_answers"


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


def self_check_answers(session, *, remove: bool = False) -> dict[str, bool]:
    """The self-check's answers handed to this intake, limited to the questions the active
    criteria set asks the helper (a set published in between may have dropped one)."""
    raw = (
        session.pop(SELF_CHECK_SESSION_KEY, None) if remove else session.get(SELF_CHECK_SESSION_KEY)
    )
    if not isinstance(raw, dict):
        return {}
    asked = {c.key for c in intake_criteria()}
    return {key: value for key, value in raw.items() if key in asked and isinstance(value, bool)}
