"""Demo history for the impact monitor: half a year of cases, each walked through the real
services at its own moments (the clock is moved with time-machine, as the tests do), so
the monitor shows intake from several provinces, triage decisions and their times, closed
cases with outcomes and amounts, answers of the Diensten on time and late, freeze
requests made and granted, and feedback of helpers and people.

Idempotent: the cases are recognised by their summary prefix and made once.
"""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings
from django.utils import timezone

from accounts.models import Dienst, User
from cases import services as case_services
from cases.models import Case, Theme
from casework import steps
from escalation import services as ladder
from triage import decisions
from triage.models import ReferralTarget

PREFIX = "Monitor-demo:"
CASES = 60
DAYS = 180
AMSTERDAM = ZoneInfo(settings.TIME_ZONE)

# Where the demo's cases come from: Utrecht often (enough for its own figures), the rest
# spread over the country, some where the directory knows no local help.
AREAS = (
    ["3511"] * 9
    + ["3521"] * 6
    + ["3011"] * 6
    + [
        "1011",
        "1102",
        "2511",
        "2611",
        "4331",
        "4811",
        "5611",
        "6211",
        "6511",
        "7511",
        "8011",
        "8911",
        "9711",
        "9401",
        "1315",
        "8232",
    ]
)
THEMES = ["invordering", "huurtoeslag", "kinderopvangtoeslag", "zorgtoeslag", "box-3"]
SUMMARIES = [
    "Betalingsregeling geweigerd ondanks lage draagkracht",
    "Toeslag teruggevorderd na wijziging inkomen",
    "Verrekening met lopende toeslag zonder bericht",
    "Aanslag na schatting zonder aangifte",
    "Beslag onder de beslagvrije voet",
]


def _bsn(n: int) -> str:
    """A made-up BSN that passes the 11-proof (the demo's people do not exist)."""
    prefix = 30_000_000 + n * 7
    while True:
        digits = [int(d) for d in f"{prefix:08d}"]
        check = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check < 10:
            return f"{prefix:08d}{check}"
        prefix += 1


def _moment(day: datetime, hours: int = 0) -> datetime:
    return day + timedelta(hours=hours)


def seed_monitor_history(*, users: dict[str, User]) -> int:
    """Make the demo history once; returns how many cases it made."""
    if Case.objects.filter(summary__startswith=PREFIX).exists():
        return 0
    rng = random.Random(2026)
    team, lead = users["casemanager"], users["lead"]
    liaisons = {"belastingdienst": users["liaison_bd"], "toeslagen": users["liaison_toeslagen"]}
    diensten = {d.code: d for d in Dienst.objects.all()}
    themes = {t.code: t for t in Theme.objects.filter(code__in=THEMES)}
    refer_to = ReferralTarget.objects.order_by("name").first()
    today = timezone.localdate()
    for index in range(CASES):
        helper = users["helper"] if index % 3 else users["helper2"]
        dienst = "toeslagen" if index % 2 else "belastingdienst"
        theme = THEMES[index % len(THEMES)] if THEMES[index % len(THEMES)] in themes else None
        days_ago = DAYS - int(index * DAYS / CASES) - 1
        start = datetime.combine(today - timedelta(days=days_ago), time(9), tzinfo=AMSTERDAM)
        # Cases of the last weeks are still open; the older ones went the whole way.
        stage = "open" if days_ago < 21 else "done"
        with time_machine.travel(start, tick=False):
            case, _created = steps.draft_create(
                user=helper,
                data={
                    "subject_type": "burger",
                    "subject_name": f"Demo-persoon {index + 1}",
                    "bsn": _bsn(index),
                    "postcode_area": AREAS[index % len(AREAS)],
                    "contact_details": "Via de hulpverlener",
                    "consent": True,
                    "consent_method": "written",
                    "consent_date": start.date(),
                    "summary": f"{PREFIX} {SUMMARIES[index % len(SUMMARIES)]}",
                    "description": "Een voorbeeld voor de impactmonitor.",
                    "triage_answers": {
                        "in_mandate": True,
                        "first_line_tried": True,
                        "imminent_enforcement": index % 4 == 0,
                    },
                },
            )
            case.diensten.set([diensten[dienst]])
            if theme:
                case.themes.set([themes[theme]])
            steps.case_submit(case=case, user=helper)
        decided = _moment(start, 24 * rng.randint(1, 9))
        choice = rng.random()
        with time_machine.travel(decided, tick=False):
            case.refresh_from_db()
            if choice < 0.15:
                decisions.case_decide(
                    case=case,
                    actor=team,
                    decision="refer",
                    referral_target=refer_to,
                    motivation="Dit hoort bij de eerste lijn.",
                )
            elif choice < 0.27:
                decisions.case_decide(
                    case=case,
                    actor=team,
                    decision="decline",
                    motivation="Het gaat om de inhoud van de wet, niet om de uitvoering.",
                )
            else:
                decisions.case_decide(case=case, actor=team, decision="accept")
        case.refresh_from_db()
        if case.status != "accepted":
            if stage == "done":
                with time_machine.travel(_moment(decided, 48), tick=False):
                    outcome = "referred" if case.status == "referred" else "not_solved"
                    steps.case_close(case=case, user=team, outcome=outcome)
            continue
        _ladder(
            case,
            rng=rng,
            index=index,
            at=decided,
            stage=stage,
            team=team,
            lead=lead,
            liaison=liaisons[dienst],
            dienst=diensten[dienst],
            helper=helper,
        )
    return CASES


def _ladder(case, *, rng, index, at, stage, team, lead, liaison, dienst, helper) -> None:
    """An accepted case: a proposal or a freeze request, the Dienst's answer (on time or
    late), and for the older cases resolution, closing and feedback."""
    freeze = index % 6 == 1
    with time_machine.travel(_moment(at, 2), tick=False):
        if freeze:
            request = ladder.request_create(
                case=case,
                actor=team,
                kind="freeze",
                dienst=dienst,
                text="Graag de invordering bevriezen tot het bezwaar is beslist.",
                freeze_scope="invordering",
                freeze_until=timezone.localdate() + timedelta(days=60),
            )
            ladder.request_approve(request=request, actor=lead)
        else:
            request = ladder.request_create(
                case=case,
                actor=team,
                kind="proposal",
                dienst=dienst,
                text="Voorstel: een betalingsregeling naar draagkracht en de verrekening terugdraaien.",
            )
    if stage == "open":
        return
    # Most answers come within the term; one in four comes late (after 20 working days).
    answer_days = rng.randint(2, 8) if index % 4 else rng.randint(32, 40)
    answered = _moment(at, 24 * answer_days)
    with time_machine.travel(answered, tick=False):
        if freeze:
            granted = index % 12 != 7
            ladder.request_respond(
                request=request,
                actor=liaison,
                outcome="accepted" if granted else "rejected",
                motivation="" if granted else "De invordering is al afgerond.",
                granted_until=timezone.localdate() + timedelta(days=45) if granted else None,
            )
        else:
            accepted = rng.random() < 0.75
            ladder.request_respond(
                request=request,
                actor=liaison,
                outcome="accepted" if accepted else "rejected",
                motivation="" if accepted else "Het verzoek past niet in het beleid.",
            )
    with time_machine.travel(_moment(answered, 24 * rng.randint(1, 6)), tick=False):
        case.refresh_from_db()
        steps.case_resolve(case=case, user=team, reason="De Dienst heeft geantwoord.")
        solved = rng.random()
        outcome = (
            "fully_solved" if solved < 0.55 else "partly_solved" if solved < 0.8 else "not_solved"
        )
        amount = Decimal(rng.randint(4, 120) * 100) if outcome != "not_solved" else None
        steps.case_close(case=case, user=team, outcome=outcome, amount_relieved=amount)
        closed = timezone.now()
    if rng.random() < 0.8:
        with time_machine.travel(_moment(closed, 30), tick=False):
            case_services.feedback_give(
                case=case,
                respondent="helper",
                user=helper,
                outcome_rating=rng.choice([3, 4, 4, 5, 5]) if outcome != "not_solved" else 2,
                process_rating=rng.choice([3, 4, 5, 5]),
            )
    if rng.random() < 0.5:
        with time_machine.travel(_moment(closed, 72), tick=False):
            case_services.feedback_give(
                case=case,
                respondent="person",
                outcome_rating=rng.choice([2, 4, 5, 5]) if outcome != "not_solved" else 1,
                process_rating=rng.choice([3, 4, 4, 5]),
            )
