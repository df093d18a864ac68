"""Sample cases for the demo, in every status, made through the real services."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import Dienst, User

from . import services
from .models import Case, CaseStatus, Theme

# Path of statuses after submission to reach each demo state, with the reason given.
_PATHS = {
    CaseStatus.SUBMITTED: [],
    CaseStatus.IN_TRIAGE: [CaseStatus.IN_TRIAGE],
    CaseStatus.INFO_REQUESTED: [CaseStatus.IN_TRIAGE, CaseStatus.INFO_REQUESTED],
    CaseStatus.ACCEPTED: [CaseStatus.IN_TRIAGE, CaseStatus.ACCEPTED],
    CaseStatus.IN_PROGRESS: [CaseStatus.IN_TRIAGE, CaseStatus.ACCEPTED, CaseStatus.IN_PROGRESS],
    CaseStatus.RESOLVED: [
        CaseStatus.IN_TRIAGE,
        CaseStatus.ACCEPTED,
        CaseStatus.IN_PROGRESS,
        CaseStatus.RESOLVED,
    ],
    CaseStatus.REFERRED: [CaseStatus.IN_TRIAGE, CaseStatus.REFERRED],
    CaseStatus.DECLINED: [CaseStatus.IN_TRIAGE, CaseStatus.DECLINED],
    CaseStatus.WITHDRAWN: [CaseStatus.WITHDRAWN],
    CaseStatus.CLOSED: [CaseStatus.IN_TRIAGE, CaseStatus.REFERRED, CaseStatus.CLOSED],
}

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
]


def seed_sample_cases(*, users: dict[str, User]) -> int:
    """Create the samples once; returns how many were created (0 when they exist)."""
    helpers = [users["helper"], users["helper2"]]
    if Case.objects.filter(created_by__in=helpers).exists():
        return 0
    team = users["casemanager"]
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
        case, _created = services.case_draft_create(user=helper, data=data)
        case.diensten.set([Dienst.objects.get(code=dienst)])
        case.themes.set([Theme.objects.get(code=theme)])
        if status == CaseStatus.DRAFT:
            continue
        services.case_submit(case=case, user=helper)
        for step in _PATHS[status]:
            actor = helper if step == CaseStatus.WITHDRAWN else team
            reason = "" if step == CaseStatus.IN_TRIAGE else "Demo: voorbeeldbesluit."
            if step == CaseStatus.WITHDRAWN:
                reason = "Probleem intussen zelf opgelost."
            services.case_transition(case=case, to_status=step, actor=actor, reason=reason)
    return len(_SAMPLES)
