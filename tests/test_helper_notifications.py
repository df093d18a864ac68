"""The helper who submitted a case is told in the app when it is accepted, referred,
declined, asked a question, moves to a new step, is resolved, withdrawn or closed: the
status table says which statuses notify and with what text (cases/status.py). E-mail goes
with it unless the step already e-mails the helper (a triage decision's message)."""

import pytest
from django.utils import translation

from cases import services
from cases.status import STATUSES
from casework import steps
from deadlines.models import Notification
from escalation import services as ladder
from escalation.models import Rung
from triage.decisions import case_decide
from triage.models import ReferralTarget

from . import factories
from .factories import accepted_case

Email = Notification.EmailState


def notices(user) -> list[tuple[str, str]]:
    return list(
        Notification.objects.filter(recipient=user)
        .order_by("created_at", "pk")
        .values_list("title", "email_state")
    )


@pytest.mark.parametrize(
    ("decision", "extra", "title"),
    [
        ("accept", {}, "Casus {ref} is in behandeling genomen"),
        ("request_info", {"question": "Welke brief?"}, "Het team heeft een vraag over casus {ref}"),
        (
            "decline",
            {"motivation": "Buiten ons mandaat."},
            "Casus {ref} is niet in behandeling genomen",
        ),
    ],
)
def test_a_triage_decision_notifies_the_helper_in_the_app_without_a_second_email(
    helper, casemanager, decision, extra, title
):
    case = factories.submitted_case(by=helper)

    case_decide(case=case, actor=casemanager, decision=decision, **extra)

    # The decision's own message e-mails the helper already.
    assert notices(helper) == [(title.format(ref=case.reference), Email.NONE)]


def test_a_referral_notifies_the_helper(helper, casemanager):
    case = factories.submitted_case(by=helper)
    case_decide(
        case=case,
        actor=casemanager,
        decision="refer",
        referral_target=ReferralTarget.objects.get(code="nationale-ombudsman"),
        motivation="Gaat over de bejegening.",
    )
    assert notices(helper) == [(f"Casus {case.reference} is doorverwezen", Email.NONE)]


def test_a_new_step_on_the_ladder_notifies_the_helper_with_the_steps_name(helper, casemanager):
    case = accepted_case(helper=helper, casemanager=casemanager)
    ladder.case_rung_move(
        case=case, rung=Rung.objects.get(code="mediation"), actor=casemanager, reason="Start"
    )
    titles = [t for t, _ in notices(helper)]
    assert titles[-1] == f"Casus {case.reference} staat op een nieuwe stap: Bemiddeling"
    notice = Notification.objects.filter(recipient=helper).latest("pk")
    assert (notice.email_state, notice.url) == (Email.PENDING, f"/casussen/{case.reference}/")
    # Moving into progress is the step itself: one notice, not a second for the status.
    assert len(titles) == 2  # accepted, then the step


def test_the_kamer_step_is_told_only_once_a_lead_approves_it(helper, casemanager, lead):
    case = accepted_case(helper=helper, casemanager=casemanager)
    before = len(notices(helper))
    item = ladder.kamer_item_propose(
        case=case,
        actor=casemanager,
        vignette="Een burger kreeg een dwangbevel terwijl de betalingsregeling nog liep.",
        reason="Structureel",
    )
    assert len(notices(helper)) == before
    ladder.kamer_item_approve(item=item, actor=lead)
    assert notices(helper)[-1][0] == (
        f"Casus {case.reference} is geanonimiseerd voorgedragen voor de rapportage aan de "
        "Tweede Kamer"
    )


def test_resolving_and_closing_notify_the_helper_with_an_email(helper, casemanager):
    case = accepted_case(helper=helper, casemanager=casemanager)
    steps.case_resolve(case=case, user=casemanager, reason="De Dienst stopt de invordering.")
    steps.case_close(case=case, user=casemanager, outcome="fully_solved")
    assert notices(helper)[-2:] == [
        (f"Voor casus {case.reference} is een oplossing gevonden", Email.PENDING),
        (f"Casus {case.reference} is afgesloten", Email.PENDING),
    ]


def test_the_helper_is_not_told_what_it_did_itself(helper, casemanager):
    case = factories.submitted_case(by=helper)
    case_decide(case=case, actor=casemanager, decision="request_info", question="Welke brief?")
    services.helper_answer(case=case, helper=helper, body="Deze brief.")
    steps.case_withdraw(case=case, user=helper, reason="Toch opgelost")
    assert [t for t, _ in notices(helper)] == [
        f"Het team heeft een vraag over casus {case.reference}"
    ]


def test_a_colleague_withdrawing_the_case_is_told_to_the_helper_who_submitted_it(helper):
    case = factories.submitted_case(by=helper)
    colleague = factories.helper(organisation=helper.organisation)
    steps.case_withdraw(case=case, user=colleague, reason="Dubbel ingediend")
    assert notices(helper) == [(f"Casus {case.reference} is ingetrokken", Email.PENDING)]


def test_the_notice_is_written_in_dutch_whatever_the_team_members_language(helper, casemanager):
    case = factories.submitted_case(by=helper)
    with translation.override("en"):
        case_decide(case=case, actor=casemanager, decision="accept")
    assert notices(helper)[0][0] == f"Casus {case.reference} is in behandeling genomen"


def test_every_status_that_notifies_says_so_in_its_row():
    notifying = {status for status, row in STATUSES.items() if row.notice}
    assert notifying == {
        "info_requested",
        "accepted",
        "resolved",
        "referred",
        "declined",
        "withdrawn",
        "closed",
    }


def test_the_helper_finds_the_notices_on_the_meldingen_page(client, helper, casemanager):
    case = accepted_case(helper=helper, casemanager=casemanager)
    client.force_login(helper)
    page = client.get("/meldingen/").content.decode()
    assert f"Casus {case.reference} is in behandeling genomen" in page
    assert f'href="/casussen/{case.reference}/"' in page
