"""The default triage criteria of the product brief (DESIGN.md §4).

Keys are fixed; labels are Dutch (translatable). Until criteria sets are stored as data these
definitions are the active set: the intake form asks the ``answered_by == "helper"``
questions and the API rejects any other key.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Criterion:
    key: str
    question: str
    help_text: str
    weight: int
    role: str  # gate | flag | scored | urgent
    answered_by: str  # helper | team


DEFAULT_CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "in_mandate",
        _(
            "Gaat het om een handelen of nalaten van een Dienst (niet alleen om de inhoud van de wet)?"
        ),
        _("Bijvoorbeeld een besluit, een brief die uitblijft of een invordering die doorloopt."),
        0,
        "gate",
        "helper",
    ),
    Criterion(
        "first_line_tried",
        _("Zijn de gewone wegen geprobeerd (BelastingTelefoon, klacht, bezwaar, eerstelijnshulp)?"),
        _("Vermeld bij ‘wat is al geprobeerd’ wat er is gedaan."),
        0,
        "gate",
        "helper",
    ),
    Criterion(
        "parallel_procedure",
        _("Loopt over dezelfde kwestie een procedure bij de rechter of de Nationale ombudsman?"),
        "",
        0,
        "flag",
        "helper",
    ),
    Criterion(
        "imminent_enforcement",
        _(
            "Dreigt een dwangbevel, beslag, verrekening, stopzetting van toeslag, uithuiszetting of afsluiting?"
        ),
        "",
        5,
        "urgent",
        "helper",
    ),
    Criterion(
        "subsistence_at_risk",
        _("Is het inkomen lager dan de beslagvrije voet, of is er geen inkomen?"),
        "",
        4,
        "urgent",
        "helper",
    ),
    Criterion(
        "long_term_harm",
        _("Dreigt onherstelbare of blijvende schade (wonen, bedrijf, kinderen)?"),
        "",
        4,
        "scored",
        "helper",
    ),
    Criterion(
        "business_continuity",
        _("Komt het voortbestaan van de onderneming in gevaar?"),
        "",
        3,
        "scored",
        "helper",
    ),
    Criterion(
        "dienst_deadline_missed",
        _(
            "Heeft de Dienst een wettelijke of toegezegde termijn ruim (meer dan 30 dagen) overschreden?"
        ),
        "",
        3,
        "scored",
        "helper",
    ),
    Criterion(
        "remedy_deadline_near",
        _("Loopt een bezwaartermijn binnen 10 werkdagen af?"),
        "",
        3,
        "scored",
        "helper",
    ),
    Criterion(
        "vulnerable",
        _(
            "Is de betrokkene kwetsbaar, met weinig doenvermogen, of gedupeerde van de hersteloperatie?"
        ),
        "",
        3,
        "scored",
        "helper",
    ),
    Criterion(
        "disproportionate_outcome",
        _("Is de uitkomst wettelijk juist maar onevenredig (menselijke maat)?"),
        "",
        3,
        "scored",
        "helper",
    ),
    Criterion(
        "systemic_impact",
        _("Raakt dit waarschijnlijk veel mensen, of past het bij een open signaal?"),
        "",
        2,
        "scored",
        "team",
    ),
)

CRITERIA_BY_KEY = {c.key: c for c in DEFAULT_CRITERIA}


def active_criteria() -> tuple[Criterion, ...]:
    return DEFAULT_CRITERIA


def intake_criteria() -> tuple[Criterion, ...]:
    """The questions the helper answers in the intake form."""
    return tuple(c for c in active_criteria() if c.answered_by == "helper")


def answer_rows(answers: dict[str, bool]) -> list[dict]:
    """The helper-answered questions with the given answer, for display."""
    texts = {True: _("Ja"), False: _("Nee")}
    return [
        {"question": c.question, "text": texts.get(answers.get(c.key), _("Niet beantwoord"))}
        for c in intake_criteria()
    ]
