"""Demo data of the Kamer report: a second lead (``lead2``, so that one lead generates a
report and the other finalises it), two signals chosen for the report with the team's words
about them, and an anonymised vignette approved on the ladder — made through the real
services.

Idempotent: each step runs only while its object is not there yet or not in that state.
"""

from accounts.models import Organisation, Role, User
from cases.models import Case
from escalation import services as ladder
from escalation.models import KamerReportItem
from reports import services
from signals import services as signal_services
from signals.models import Signal

SECOND_LEAD = ("lead2", "Lieke", "Brouwer")
S = Signal.Status

# signal title, cause, the Dienst's response, recommendation
_PROBLEMS = [
    (
        "Dwangbevel terwijl een betalingsregeling loopt",
        "Een betalingsregeling die telefonisch wordt afgesproken, komt pas weken later in het "
        "invorderingssysteem. Tot dan loopt de invordering automatisch door.",
        "De Belastingdienst erkent dat regelingen te laat worden vastgelegd en zegt toe ze "
        "binnen twee werkdagen in het systeem te zetten.",
        "Leg elke afgesproken betalingsregeling binnen twee werkdagen vast en stuur geen "
        "dwangbevel zolang een regeling loopt; vergoed de kosten van dwangbevelen die toch "
        "zijn verstuurd.",
    ),
    (
        "Teruggaaf verrekend met een betwiste schuld",
        "De verrekening kijkt niet of er bezwaar loopt tegen de schuld waarmee wordt verrekend.",
        "De Diensten onderzoeken of een lopend bezwaar de verrekening kan tegenhouden.",
        "Verreken niet met een schuld waartegen bezwaar of beroep loopt, en kondig een "
        "verrekening altijd vooraf aan.",
    ),
]
VIGNETTE = (
    "Een gezin met een laag inkomen zag de teruggaaf inkomstenbelasting verdwijnen in een "
    "verrekening met een toeslagschuld waartegen het bezwaar had gemaakt. Zonder "
    "vooraankondiging kwam het gezin een maand lang niet rond; na tussenkomst werd de "
    "verrekening teruggedraaid."
)
VIGNETTE_CASE = "Teruggave verrekend met betwiste schuld"


def _second_lead(password: str) -> User:
    username, first, last = SECOND_LEAD
    user, _ = User.objects.update_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@example.org",
            "role": Role.LEAD,
            "organisation": Organisation.objects.get(name="Belangenbehartiger"),
        },
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


def seed_kamer_report(*, users: dict[str, User], password: str) -> list[str]:
    """The demo's Kamer-report material; returns the login line of the second lead."""
    _second_lead(password)
    team, lead = users["casemanager"], users["lead"]
    for title, cause, response, recommendation in _PROBLEMS:
        signal = Signal.objects.filter(title=title).first()
        if signal is None:
            continue
        if signal.status == S.ANALYSING:
            signal_services.signal_transition(
                signal=signal,
                to_status=S.ON_AGENDA,
                actor=team,
                reason="Besproken in het periodiek overleg met de Diensten.",
            )
        if signal.status == S.ON_AGENDA:
            signal_services.signal_select_for_kamer_report(
                signal=signal, lead=lead, reason="Raakt veel mensen; de Kamer moet het weten."
            )
        if signal.status == S.IN_KAMER_REPORT:
            services.problem_statement_save(
                signal=signal,
                actor=team,
                cause=cause,
                dienst_response=response,
                recommendation=recommendation,
            )
    case = Case.objects.filter(summary=VIGNETTE_CASE).exclude(reference__isnull=True).first()
    if case is not None and not KamerReportItem.objects.filter(case=case).exists():
        item = ladder.kamer_item_propose(
            case=case,
            actor=team,
            vignette=VIGNETTE,
            reason="Voorbeeld van een structureel probleem.",
        )
        ladder.kamer_item_approve(item=item, actor=lead)
    username = SECOND_LEAD[0]
    return [f"  {username:<18} {Role.LEAD.label} — Belangenbehartiger"]
