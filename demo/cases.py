"""Sample cases for the demo, in every status, made through the real services."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import Dienst, User
from cases import services
from cases.models import Case, CaseStatus, Theme
from casework import steps
from escalation import services as ladder
from triage import decisions
from triage.models import ReferralTarget

_SAMPLES = [
    # (status, helper, subject_type, name, identifier, dienst, theme, summary)
    (
        CaseStatus.DRAFT,
        "helper",
        "burger",
        "J. de Groot",
        "111222333",
        "toeslagen",
        "huurtoeslag",
        "Huurtoeslag teruggevorderd na verhuizing",
    ),
    (
        CaseStatus.SUBMITTED,
        "helper",
        "burger",
        "M. Yilmaz",
        "123456782",
        "belastingdienst",
        "invordering",
        "Dwangbevel ondanks lopende betalingsregeling",
    ),
    (
        CaseStatus.IN_TRIAGE,
        "helper2",
        "burger",
        "S. Peters",
        "100000009",
        "toeslagen",
        "kinderopvangtoeslag",
        "Terugvordering kinderopvangtoeslag onduidelijk",
    ),
    (
        CaseStatus.INFO_REQUESTED,
        "helper",
        "burger",
        "A. Bos",
        "100000010",
        "toeslagen",
        "zorgtoeslag",
        "Zorgtoeslag stopgezet zonder bericht",
    ),
    (
        CaseStatus.ACCEPTED,
        "helper2",
        "ondernemer",
        "Bakkerij Het Volkorenhuis",
        "12345678",
        "belastingdienst",
        "ondernemers",
        "Naheffing btw bedreigt voortbestaan bakkerij",
    ),
    (
        CaseStatus.IN_PROGRESS,
        "helper",
        "burger",
        "R. Hendriks",
        "100000022",
        "belastingdienst",
        "verrekening",
        "Teruggave verrekend met betwiste schuld",
    ),
    (
        CaseStatus.RESOLVED,
        "helper2",
        "burger",
        "F. Dekker",
        "100000034",
        "toeslagen",
        "hersteloperatie",
        "Compensatie hersteloperatie blijft uit",
    ),
    (
        CaseStatus.REFERRED,
        "helper",
        "burger",
        "K. Vermeulen",
        "100000046",
        "belastingdienst",
        "box-3",
        "Vraag over box 3-heffing spaargeld",
    ),
    (
        CaseStatus.DECLINED,
        "helper2",
        "burger",
        "T. van Dijk",
        "100000058",
        "belastingdienst",
        "inkomstenbelasting",
        "Wens tot hogere aftrekpost",
    ),
    (
        CaseStatus.WITHDRAWN,
        "helper",
        "burger",
        "E. Smits",
        "100000071",
        "toeslagen",
        "kindgebonden-budget",
        "Kindgebonden budget te laag berekend",
    ),
    (
        CaseStatus.CLOSED,
        "helper2",
        "burger",
        "L. Koster",
        "100000083",
        "belastingdienst",
        "betalingsregeling",
        "Betalingsregeling afgewezen zonder motivering",
    ),
    # On the freeze rung, waiting for a lead's approval.
    (
        "freeze_pending",
        "helper",
        "burger",
        "N. Visser",
        "100000095",
        "toeslagen",
        "terugvordering",
        "Terugvordering huurtoeslag loopt door tijdens bezwaar",
    ),
]


def seed_sample_cases(*, users: dict[str, User]) -> int:
    """Create the samples once; returns how many were created (0 when they exist)."""
    helpers = [users["helper"], users["helper2"]]
    if Case.objects.filter(created_by__in=helpers).exists():
        return 0
    today = timezone.localdate()
    for index, (status, helper_name, kind, name, ident, dienst, theme, summary) in enumerate(
        _SAMPLES
    ):
        helper = users[helper_name]
        data = {
            "subject_type": kind,
            "subject_name": name,
            "bsn": ident if kind == "burger" else "",
            "kvk_number": ident if kind == "ondernemer" else "",
            "postcode_area": f"{3500 + index * 37}",
            "contact_details": "Via de hulpverlener",
            "consent": True,
            "consent_method": "written",
            "consent_date": today - timedelta(days=2),
            "summary": summary,
            "description": f"{summary}. De betrokkene is al maanden bezig en komt er niet uit.",
            "tried_before": "Gebeld met de BelastingTelefoon en bezwaar gemaakt.",
            "desired_outcome": "Een oplossing waarbij de invordering stopt.",
            "triage_answers": {
                "in_mandate": True,
                "first_line_tried": True,
                "imminent_enforcement": index % 3 == 1,
            },
        }
        case, _created = steps.draft_create(user=helper, data=data)
        case.diensten.set([Dienst.objects.get(code=dienst)])
        case.themes.set([Theme.objects.get(code=theme)])
        if status == CaseStatus.DRAFT:
            continue
        steps.case_submit(case=case, user=helper)
        _bring_to(
            status, case=case, helper=helper, users=users, dienst=Dienst.objects.get(code=dienst)
        )
    return len(_SAMPLES)


def _bring_to(
    status: str, *, case: Case, helper: User, users: dict[str, User], dienst: Dienst
) -> None:
    """Walk a submitted case to ``status`` the way the team and the Diensten would."""
    team = users["casemanager"]
    liaison = (
        users["liaison_bd"] if dienst.code == "belastingdienst" else users["liaison_toeslagen"]
    )
    refer_to = ReferralTarget.objects.order_by("name").first()
    if status == CaseStatus.IN_TRIAGE:
        services.case_transition(case=case, to_status=CaseStatus.IN_TRIAGE, actor=team)
    elif status == CaseStatus.INFO_REQUESTED:
        decisions.case_decide(
            case=case,
            actor=team,
            decision="request_info",
            question="Kunt u de beschikking van de Dienst toevoegen?",
        )
    elif status in (CaseStatus.REFERRED, CaseStatus.CLOSED):
        decisions.case_decide(
            case=case,
            actor=team,
            decision="refer",
            referral_target=refer_to,
            motivation="Dit is een klacht over de bejegening.",
        )
        if status == CaseStatus.CLOSED:
            steps.case_close(
                case=case, user=team, outcome="referred", notes="Doorverwezen; dossier gesloten."
            )
    elif status == CaseStatus.DECLINED:
        decisions.case_decide(
            case=case,
            actor=team,
            decision="decline",
            motivation="Het gaat om de inhoud van de wet, niet om de uitvoering.",
        )
    elif status == CaseStatus.WITHDRAWN:
        steps.case_withdraw(case=case, user=helper, reason="Probleem intussen zelf opgelost.")
    elif status in (
        CaseStatus.ACCEPTED,
        CaseStatus.IN_PROGRESS,
        CaseStatus.RESOLVED,
        "freeze_pending",
    ):
        decisions.case_decide(case=case, actor=team, decision="accept")
        if status == CaseStatus.ACCEPTED:
            return
        if status == "freeze_pending":
            ladder.request_create(
                case=case,
                actor=team,
                kind="freeze",
                dienst=dienst,
                text="Graag de terugvordering pauzeren tot het bezwaar is beslist.",
                freeze_scope="terugvordering",
                freeze_until=timezone.localdate() + timedelta(days=60),
            )
            return
        request = ladder.request_create(
            case=case,
            actor=team,
            kind="proposal",
            dienst=dienst,
            text="Voorstel: de verrekening terugdraaien en een betalingsregeling van 24 maanden afspreken.",
        )
        if status == CaseStatus.RESOLVED:
            ladder.request_acknowledge(request=request, actor=liaison)
            ladder.request_respond(request=request, actor=liaison, outcome="accepted")
            steps.case_resolve(
                case=case, user=team, reason="De Dienst heeft het voorstel geaccepteerd."
            )
