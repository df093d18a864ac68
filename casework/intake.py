"""The steps of the helper's intake form, in order, and how far a draft has got in each."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from cases.services import case_completeness_errors
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
    Step("urgentie", _("Urgentie"), forms.UrgencyForm, ("amount_involved", "triage_answers")),
    Step("bijlagen", _("Bijlagen"), None),
    Step("controleren", _("Controleren en indienen"), None),
)
STEP_BY_SLUG = {s.slug: s for s in STEPS}
FIRST_STEP = STEPS[0]
REVIEW_STEP = STEPS[-1]


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


# How far a draft has got in a step, as the step indicator shows it.
COMPLETE = "complete"
INCOMPLETE = "incomplete"
EMPTY = "empty"
STATE_TEXT = {
    COMPLETE: _("ingevuld"),
    INCOMPLETE: _("nog niet compleet"),
    EMPTY: _("nog niet ingevuld"),
}


def _step_fields(step: Step) -> set[str]:
    return {*step.form_class._meta.fields, *step.form_class.m2m_fields, *step.fields}


def _has_input(case: Case, step: Step) -> bool:
    if step.slug == "bijlagen":
        return bool(case.attachments.all())
    for name in _step_fields(step):
        value = getattr(case, name)
        if name in step.form_class.m2m_fields:
            value = list(value.all())
        if value not in (None, "", False, {}, []):
            return True
    return False


def step_state(case: Case, step: Step, errors: dict[str, str]) -> str | None:
    """``incomplete`` while something of this step blocks submission, else ``complete``
    when anything was filled in, else ``empty``; None for the review step."""
    if step is REVIEW_STEP:
        return None
    if any(name in errors for name in step.fields):
        return INCOMPLETE
    return COMPLETE if _has_input(case, step) else EMPTY


def step_rows(case: Case | None, current: Step, errors: dict[str, str] | None = None) -> list:
    """The step indicator: each step with its real state (no state before a draft exists).
    Pass the completeness ``errors`` when the caller has them already."""
    if case is not None and errors is None:
        errors = case_completeness_errors(case)
    rows = []
    for step in STEPS:
        state = step_state(case, step, errors) if case is not None else None
        rows.append(
            {
                "step": step,
                "current": step is current,
                "state": state,
                "state_text": STATE_TEXT.get(state, ""),
            }
        )
    return rows


def incomplete_steps(case: Case, errors: dict[str, str] | None = None) -> list[Step]:
    """The steps that still block submission, in order (for the draft list and messages)."""
    errors = case_completeness_errors(case) if errors is None else errors
    return [s for s in STEPS if s is not REVIEW_STEP and any(f in errors for f in s.fields)]
