"""Demo data for the team's part of issue 8: a case on the ladder with contact outside the
system, a thread with the Dienst (a question answered, then a counter-proposal that waits
for the casemanager) and a question the Dienst still has to answer, so the workspace, the
werkvoorraad and the liaison's inbox show their fullest state.

Made through the real services; idempotent (nothing is added twice).
"""

from django.utils import timezone

from accounts.models import Dienst, User
from cases.models import Case, CaseStatus
from escalation import services as ladder
from escalation.models import DienstRequest, InformalContact


def seed_team_work(*, users: dict[str, User]) -> int:
    """Walk the demo's case in progress through a conversation with the Belastingdienst.
    Returns how many cases it changed (0 when done before)."""
    casemanager = users["casemanager"]
    case = (
        Case.objects.filter(
            created_by=users["helper"], status=CaseStatus.IN_PROGRESS, assignee=casemanager
        )
        .order_by("pk")
        .first()
    )
    if case is None or InformalContact.objects.filter(case=case).exists():
        return 0
    liaison = users["liaison_bd"]
    dienst = Dienst.objects.get(code="belastingdienst")
    ladder.informal_contact_log(
        case=case,
        actor=casemanager,
        dienst=dienst,
        kind=InformalContact.Kind.PHONE,
        at=timezone.now(),
        contact_name="J. Bakker, team invordering",
        agreed="De Belastingdienst zet de verrekening niet verder door tot ons voorstel is "
        "beoordeeld. Wij sturen het voorstel vandaag.",
        notes="De Dienst ziet dat de schuld wordt betwist; het bezwaar loopt nog.",
    )
    request = (
        DienstRequest.objects.filter(case=case, dienst=dienst, status=DienstRequest.Status.SENT)
        .order_by("pk")
        .first()
    )
    if request is None:
        return 1
    ladder.request_acknowledge(request=request, actor=liaison)
    ladder.request_respond(
        request=request,
        actor=liaison,
        outcome=DienstRequest.Outcome.QUESTION,
        motivation="Om welk belastingjaar gaat de verrekende teruggave, en is het bezwaar al "
        "ontvankelijk verklaard?",
    )
    ladder.request_reply(
        request=request,
        actor=casemanager,
        text="Het gaat om de teruggave over 2024. Het bezwaar is op tijd ingediend en is "
        "ontvankelijk; de uitspraak volgt binnen zes weken.",
    )
    ladder.request_respond(
        request=request,
        actor=liaison,
        outcome=DienstRequest.Outcome.COUNTER_PROPOSAL,
        motivation="Wij draaien de verrekening terug. Een betalingsregeling van 24 maanden "
        "gaat ons te ver; wij bieden 12 maanden zonder invorderingsrente.",
    )
    # And one the Dienst still has to answer, for the liaison's inbox.
    ladder.request_create(
        case=case,
        actor=casemanager,
        kind=DienstRequest.Kind.QUESTION,
        dienst=dienst,
        text="Kunt u bevestigen dat de verrekening is stopgezet zolang wij overleggen?",
    )
    return 1
