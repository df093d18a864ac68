"""The public self-check "Kan ik hier terecht?", built from the triage criteria.

The questions are the active criteria set's helper questions where the self-check and
triage overlap: the gates (in mandate, first line tried), the flags (a parallel procedure)
and the urgent criteria. A criterion published later with one of those roles is asked
too, in the words of its criteria set; the ones below have plain-language (B1) wording for
the public. The result is triage's own scoring (triage.scoring.score) of the answers: a
failed gate without urgency means the case fits better elsewhere (GATE_REFERRALS says
where, a triage.ReferralTarget, and why); otherwise the visitor goes to a helper, who
submits the case.

Nothing is stored: the answers travel in the query string of each screen (yes/no only, no
personal data), and reach the server's session only when a helper continues to the intake
(frontdoor.services.self_check_handover).
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from triage import scoring
from triage import selectors as triage_selectors
from triage.models import Criterion, ReferralTarget

YES, NO = "ja", "nee"
ASKED_ROLES = (Criterion.Role.GATE, Criterion.Role.FLAG, Criterion.Role.URGENT)
ROLE_ORDER = {Criterion.Role.GATE: 0, Criterion.Role.FLAG: 1, Criterion.Role.URGENT: 2}

# Plain-language wording for the public, per criterion key: (question, explanation).
PUBLIC_WORDING: dict[str, tuple[Promise, Promise]] = {
    "in_mandate": (
        _(
            "Gaat uw probleem over iets wat de Belastingdienst of Dienst Toeslagen doet, of juist niet doet?"
        ),
        _(
            "Bijvoorbeeld: een brief die niet komt, een besluit dat niet klopt, of geld dat "
            "wordt ingehouden. Gaat het alleen over wat de wet zegt? Kies dan ‘nee’."
        ),
    ),
    "first_line_tried": (
        _("Heeft u al geprobeerd het probleem op te lossen met de Dienst of met een hulpverlener?"),
        _(
            "Bijvoorbeeld: gebeld met de BelastingTelefoon, bezwaar gemaakt of een klacht "
            "ingediend, of hulp gevraagd aan een sociaal raadsman of schuldhulpverlener."
        ),
    ),
    "parallel_procedure": (
        _(
            "Loopt er over hetzelfde probleem al een zaak bij de rechter of bij de Nationale ombudsman?"
        ),
        _("Weet u het niet zeker? Kies dan ‘nee’ en vertel het later aan uw hulpverlener."),
    ),
    "imminent_enforcement": (
        _("Dreigt er binnenkort iets ergs?"),
        _(
            "Bijvoorbeeld: beslag op uw loon of bankrekening, een dwangbevel, uw toeslag die "
            "stopt, of dat u uw huis uit moet of dat gas en licht worden afgesloten."
        ),
    ),
    "subsistence_at_risk": (
        _("Heeft u (bijna) geen geld meer om van te leven?"),
        _(
            "Bijvoorbeeld omdat er zoveel wordt ingehouden dat u minder overhoudt dan de "
            "beslagvrije voet, of omdat u geen inkomen meer heeft."
        ),
    ),
}

# Where a case goes when a gate is not met (and it is not urgent): the referral target's
# code (triage.ReferralTarget, configurable) and why it fits better there.
GATE_REFERRALS: dict[str, tuple[str, Promise]] = {
    scoring.MANDATE_KEY: (
        "juridisch-loket",
        _(
            "Uw vraag gaat over wat de wet zegt, niet over iets wat de Dienst doet of laat. "
            "De Belangenbehartiger kan de wet niet veranderen en geeft geen juridisch advies. "
            "Het Juridisch Loket geeft gratis juridisch advies en vertelt u wat u kunt doen."
        ),
    ),
    "first_line_tried": (
        "belastingtelefoon",
        _(
            "De Belangenbehartiger helpt pas als de gewone wegen niet werken. Probeer het "
            "eerst bij de Dienst zelf: bel de BelastingTelefoon, maak bezwaar of dien een "
            "klacht in. Een hulpverlener bij u in de buurt kan u daarbij gratis helpen."
        ),
    ),
}


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    help_text: str
    role: str


@dataclass
class Result:
    fits: bool
    urgent: bool = False
    parallel: bool = False
    referral: ReferralTarget | None = None
    reason: str = ""
    prepare: list[str] = field(default_factory=list)


def questions() -> list[Question]:
    """The questions, in order: gates (mandate first), flags, urgent criteria."""
    criteria = [c for c in triage_selectors.intake_criteria() if c.role in ASKED_ROLES]
    criteria.sort(
        key=lambda c: (c.key != scoring.MANDATE_KEY, ROLE_ORDER[c.role], c.position, c.pk)
    )
    asked = []
    for c in criteria:
        text, help_text = PUBLIC_WORDING.get(c.key, (c.label, c.help_text))
        asked.append(Question(key=c.key, text=str(text), help_text=str(help_text), role=c.role))
    return asked


def read_answers(data, asked: list[Question]) -> dict[str, bool]:
    """The answers in ``data`` (a QueryDict), in question order, up to the first question
    without a valid answer; answers after a decisive one are ignored."""
    answers: dict[str, bool] = {}
    for question in asked:
        value = data.get(question.key)
        if value not in (YES, NO):
            break
        answers[question.key] = value == YES
        if _decided(answers):
            break
    return answers


def _decided(answers: dict[str, bool]) -> bool:
    # Out of mandate is never urgent (triage.scoring), so the rest cannot change the result.
    return answers.get(scoring.MANDATE_KEY) is False


def next_question(asked: list[Question], answers: dict[str, bool]) -> Question | None:
    if _decided(answers):
        return None
    return next((q for q in asked if q.key not in answers), None)


def as_query(answers: dict[str, bool]) -> list[tuple[str, str]]:
    return [(key, YES if value else NO) for key, value in answers.items()]


def result(asked: list[Question], answers: dict[str, bool]) -> Result:
    """What triage would suggest for these answers, in words for the visitor."""
    # Scored on the questions asked here only: a gate the team answers at triage says
    # nothing yet about a visitor's case.
    keys = {q.key for q in asked}
    specs = [
        s for s in triage_selectors.specs(triage_selectors.active_criteria_set()) if s.key in keys
    ]
    scored = scoring.score(answers, specs)
    urgent = scored.band == scoring.URGENT
    parallel = any(answers.get(q.key) is True for q in asked if q.role == Criterion.Role.FLAG)
    if scored.suggestion == scoring.REFER:
        failed = next(
            (
                q.key
                for q in asked
                if q.role == Criterion.Role.GATE and answers.get(q.key) is not True
            ),
            "",
        )
        code, reason = GATE_REFERRALS.get(
            failed,
            (
                "",
                _(
                    "Uw probleem past waarschijnlijk niet bij de Belangenbehartiger. Een "
                    "hulpverlener bij u in de buurt kan u vertellen waar u wel terecht kunt."
                ),
            ),
        )
        target = ReferralTarget.objects.filter(code=code, active=True).first() if code else None
        return Result(fits=False, referral=target, reason=str(reason))
    return Result(
        fits=True,
        urgent=urgent,
        parallel=parallel,
        prepare=_to_prepare(answers, urgent=urgent, parallel=parallel),
    )


def _to_prepare(answers: dict[str, bool], *, urgent: bool, parallel: bool) -> list[str]:
    items = [
        _("De brieven van de Dienst waar het om gaat, zoals een besluit, aanmaning of dwangbevel."),
        _("Wat u of uw hulpverlener al heeft gedaan, met de data: gebeld, bezwaar, klacht."),
        _("Uw burgerservicenummer (BSN), of het KvK-nummer als u ondernemer bent."),
        _(
            "Uw toestemming: de hulpverlener vraagt of hij uw zaak aan ons mag voorleggen en "
            "uw gegevens met de Dienst mag delen."
        ),
    ]
    if urgent:
        items.insert(
            0,
            _(
                "Dit lijkt spoed. Ga snel naar een hulpverlener en zeg erbij wanneer het "
                "beslag, het dwangbevel of de stopzetting ingaat."
            ),
        )
    if answers.get("subsistence_at_risk"):
        items.append(_("Een overzicht van uw inkomen en uw vaste lasten."))
    if parallel:
        items.append(
            _(
                "Het zaaknummer bij de rechter of de Nationale ombudsman. Wij stemmen met hen af "
                "en bemoeien ons niet met wat daar al loopt."
            )
        )
    if answers.get("first_line_tried") is False:
        items.append(
            _(
                "U heeft de gewone wegen nog niet geprobeerd. Omdat het spoed lijkt, kan uw "
                "hulpverlener de zaak toch meteen aanmelden."
            )
        )
    return [str(item) for item in items]
