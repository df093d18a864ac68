"""Demo data of the front door: the first-line help directory (demo/directory.py) and a
solution library with resolved cases from around the country, their anonymised summaries
and a lead's review, all made through the real services.

Idempotent: the sample cases are made once (recognised by their summaries); the directory
is refreshed on every run.
"""

from datetime import timedelta

from django.utils import timezone

from accounts.models import Dienst, User
from cases.models import Case, Theme
from casework import steps
from escalation import services as ladder
from frontdoor import services as library
from triage import decisions

from .directory import seed_directory

# helper, BSN, postcode area, dienst, theme, case summary, summary for the library, review
_SOLVED = [
    (
        "helper",
        "100000101",
        "1055",
        "belastingdienst",
        "betalingsregeling",
        "Dwangbevel terwijl een betalingsregeling was aangevraagd",
        {
            "title": "Betalingsregeling alsnog geaccepteerd na dwangbevel",
            "problem": (
                "Een alleenstaande ouder kreeg een dwangbevel voor een aanslag "
                "inkomstenbelasting, terwijl haar verzoek om een betalingsregeling nog niet "
                "was beoordeeld. De invordering liep door en er dreigde beslag op haar loon."
            ),
            "tried": (
                "Meerdere keren gebeld met de BelastingTelefoon en een schriftelijk verzoek om "
                "een betalingsregeling ingediend; daar kwam geen antwoord op."
            ),
            "accepted_solution": (
                "De Belastingdienst heeft de invordering opgeschort, de kosten van het "
                "dwangbevel kwijtgescholden en een betalingsregeling van 24 maanden afgesproken "
                "op basis van de werkelijke betalingscapaciteit."
            ),
        },
        "approve",
    ),
    (
        "helper2",
        "100000113",
        "9726",
        "toeslagen",
        "huurtoeslag",
        "Huurtoeslag teruggevorderd na verhuizing naar een kamer",
        {
            "title": "Terugvordering huurtoeslag verrekend in kleine termijnen",
            "problem": (
                "Na een verhuizing werd de huurtoeslag van een jaar in één keer teruggevorderd "
                "en verrekend met de zorgtoeslag. Daardoor bleef er minder over dan de "
                "beslagvrije voet."
            ),
            "tried": "Bezwaar gemaakt en een persoonlijke betalingsregeling gevraagd.",
            "accepted_solution": (
                "Dienst Toeslagen stopte de verrekeningen, betaalde de ingehouden zorgtoeslag "
                "terug en sprak een betalingsregeling af die rekening houdt met de "
                "beslagvrije voet."
            ),
        },
        "approve",
    ),
    (
        "helper",
        "100000125",
        "4501",
        "toeslagen",
        "kinderopvangtoeslag",
        "Kinderopvangtoeslag stopgezet zonder bericht",
        {
            "title": "Kinderopvangtoeslag hersteld na ontbrekende jaaropgave",
            "problem": (
                "De kinderopvangtoeslag van een gezin werd stopgezet omdat een jaaropgave van "
                "de opvang ontbrak. Het gezin kreeg daar geen bericht over."
            ),
            "tried": "Gebeld met de BelastingTelefoon en een klacht ingediend bij de Dienst.",
            "accepted_solution": (
                "Dienst Toeslagen heeft de toeslag met terugwerkende kracht hersteld nadat de "
                "opvang de jaaropgave rechtstreeks aanleverde."
            ),
        },
        None,  # waits for a lead
    ),
]


def seed_front_door(*, users: dict[str, User]) -> int:
    """The directory, then the solution library's samples; returns how many sample cases
    were created (0 when they exist)."""
    seed_directory()
    helpers = {users["helper"].pk, users["helper2"].pk}
    if Case.objects.filter(created_by_id__in=helpers, summary=_SOLVED[0][5]).exists():
        return 0
    team, lead = users["casemanager"], users["lead"]
    for helper_name, bsn, area, dienst_code, theme_code, summary, texts, review in _SOLVED:
        dienst = Dienst.objects.get(code=dienst_code)
        theme = Theme.objects.get(code=theme_code)
        case, _created = steps.case_create_and_submit(
            user=users[helper_name],
            data={
                "subject_type": "burger",
                "subject_name": "Demo Betrokkene",
                "bsn": bsn,
                "postcode_area": area,
                "consent": True,
                "consent_method": "written",
                "consent_date": timezone.localdate() - timedelta(days=30),
                "summary": summary,
                "description": f"{summary}. De hulpverlener kwam er met de Dienst niet uit.",
                "triage_answers": {"in_mandate": True, "first_line_tried": True},
            },
            diensten=[dienst],
            themes=[theme],
        )
        decisions.case_decide(case=case, actor=team, decision="accept")
        liaison = users["liaison_bd" if dienst_code == "belastingdienst" else "liaison_toeslagen"]
        request = ladder.request_create(
            case=case, actor=team, kind="proposal", dienst=dienst, text=texts["accepted_solution"]
        )
        ladder.request_acknowledge(request=request, actor=liaison)
        ladder.request_respond(request=request, actor=liaison, outcome="accepted")
        steps.case_resolve(case=case, user=team, reason="De Dienst accepteerde het voorstel.")
        solution = library.solution_submit(
            case=case, actor=team, theme=theme, dienst=dienst, **texts
        )
        if review == "approve":
            library.solution_approve(solution=solution, actor=lead)
    return len(_SOLVED)
