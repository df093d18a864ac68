"""Deadline rows follow the case: the triage clock, the helper's answer (which pauses the
triage clock), closing, cancelling and extending with a reason.

Expected dates were computed by hand: in 2026 Goede Vrijdag is 3 April and Tweede Paasdag
6 April; 2 March 2026 is a Monday.
"""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from belangenbehartiger.errors import InvalidInput
from cases import services as case_services
from cases.models import CaseStatus
from casework import steps
from deadlines import calendar
from deadlines.models import Deadline, DeadlineEvent
from deadlines.services import deadline_extend
from escalation import services
from escalation.selectors import case_all_deadlines, next_deadline
from triage.decisions import case_decide

from . import factories
from .factories import at, end_of

AMS = ZoneInfo("Europe/Amsterdam")
URGENT = {"in_mandate": True, "imminent_enforcement": True}
K = Deadline.Kind
S = Deadline.Status


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    """Extra non-working days are cached across tests; none may leak into these dates."""
    calendar.clear_cache()
    yield
    calendar.clear_cache()


def deadline(case, kind: str) -> Deadline:
    return case.deadlines.get(kind=kind)


def ask_helper(case, casemanager) -> None:
    case_decide(
        case=case, actor=casemanager, decision="request_info", question="Stuur de aanslag mee."
    )


# --- triage ---------------------------------------------------------------------------------


def test_submission_opens_a_triage_deadline_of_three_working_days(helper):
    with time_machine.travel(at(2026, 4, 2), tick=False):  # Thursday before Goede Vrijdag
        case = factories.submitted_case(by=helper)
    triage = deadline(case, K.TRIAGE_DECISION)
    assert (triage.status, triage.paused_at) == (S.OPEN, None)
    assert triage.due_at == end_of(date(2026, 4, 9))  # 7, 8 and 9 April


def test_urgent_submission_opens_a_triage_deadline_of_one_working_day(helper):
    with time_machine.travel(at(2026, 4, 2), tick=False):
        case = factories.submitted_case(by=helper, triage_answers=URGENT)
    assert case.triage_band == "urgent"
    assert deadline(case, K.TRIAGE_DECISION).due_at == end_of(date(2026, 4, 7))


def test_request_for_information_pauses_triage_and_gives_the_helper_ten_working_days(
    helper, casemanager
):
    with time_machine.travel(at(2026, 3, 2), tick=False):
        case = factories.submitted_case(by=helper)
    with time_machine.travel(at(2026, 3, 2, 15), tick=False):
        ask_helper(case, casemanager)
    triage = deadline(case, K.TRIAGE_DECISION)
    assert (triage.status, triage.paused_at) == (S.OPEN, at(2026, 3, 2, 15))
    answer = deadline(case, K.HELPER_ANSWER)
    assert (answer.status, answer.due_at) == (S.OPEN, end_of(date(2026, 3, 16)))


@pytest.mark.parametrize(
    ("submitted", "answered", "first_due", "resumed_due"),
    [
        # Paused Monday; 3-6 March (4 working days) pass before the answer.
        (at(2026, 3, 2), at(2026, 3, 6, 16), date(2026, 3, 5), date(2026, 3, 11)),
        # Paused Wednesday 1 April; 2, 7, 8 and 9 April pass (Easter is not counted).
        (at(2026, 4, 1), at(2026, 4, 9, 16), date(2026, 4, 8), date(2026, 4, 14)),
    ],
)
def test_helper_answer_resumes_triage_with_the_paused_working_days_added(
    helper, casemanager, submitted, answered, first_due, resumed_due
):
    with time_machine.travel(submitted, tick=False):
        case = factories.submitted_case(by=helper)
        ask_helper(case, casemanager)
    assert deadline(case, K.TRIAGE_DECISION).due_at == end_of(first_due)
    with time_machine.travel(answered, tick=False):
        case_services.helper_answer(case=case, helper=helper, body="Aanslag bijgevoegd.")
    assert case.status == CaseStatus.IN_TRIAGE
    triage = deadline(case, K.TRIAGE_DECISION)
    assert (triage.status, triage.paused_at) == (S.OPEN, None)
    assert triage.due_at == end_of(resumed_due)
    answer = deadline(case, K.HELPER_ANSWER)
    assert (answer.status, answer.closed_at) == (S.MET, answered)


def test_answer_on_the_day_of_the_question_keeps_the_triage_due_date(helper, casemanager):
    with time_machine.travel(at(2026, 3, 2), tick=False):
        case = factories.submitted_case(by=helper)
        ask_helper(case, casemanager)
    with time_machine.travel(at(2026, 3, 2, 17), tick=False):
        case_services.helper_answer(case=case, helper=helper, body="Hierbij.")
    triage = deadline(case, K.TRIAGE_DECISION)
    assert (triage.due_at, triage.paused_at) == (end_of(date(2026, 3, 5)), None)


def test_a_paused_deadline_is_not_the_next_deadline(helper, casemanager):
    case = factories.submitted_case(by=helper)
    assert next_deadline(case).kind == K.TRIAGE_DECISION
    ask_helper(case, casemanager)
    assert next_deadline(case).kind == K.HELPER_ANSWER


def test_accepting_closes_the_triage_deadline_as_met(helper, casemanager):
    case = factories.submitted_case(by=helper)
    case_decide(case=case, actor=casemanager, decision="accept")
    triage = deadline(case, K.TRIAGE_DECISION)
    assert triage.status == S.MET
    assert triage.closed_at is not None
    assert not case.deadlines.filter(status=S.OPEN).exists()


def test_withdrawing_cancels_all_open_deadlines_of_a_case_on_the_ladder(helper, casemanager):
    case = factories.submitted_case(by=helper)
    case_decide(case=case, actor=casemanager, decision="accept")
    services.request_create(
        case=case,
        actor=casemanager,
        kind="proposal",
        dienst=factories.dienst(),
        text="Stop de invordering.",
    )
    clocks = case_all_deadlines(case)
    assert set(clocks.filter(status=S.OPEN).values_list("kind", flat=True)) == {
        K.DIENST_ACKNOWLEDGE,
        K.DIENST_ANSWER,
    }
    steps.case_withdraw(case=case, user=helper, reason="Opgelost")
    assert dict(clocks.values_list("kind", "status")) == {
        K.TRIAGE_DECISION: S.MET,
        K.DIENST_ACKNOWLEDGE: S.CANCELLED,
        K.DIENST_ANSWER: S.CANCELLED,
    }


def test_withdrawing_while_waiting_for_the_helper_cancels_both_clocks(helper, casemanager):
    case = factories.submitted_case(by=helper)
    ask_helper(case, casemanager)
    steps.case_withdraw(case=case, user=helper, reason="Niet meer nodig")
    rows = list(case.deadlines.values_list("kind", "status", "paused_at"))
    assert sorted(rows) == [
        (K.HELPER_ANSWER, S.CANCELLED, None),
        (K.TRIAGE_DECISION, S.CANCELLED, None),
    ]


# --- extensions -----------------------------------------------------------------------------


@pytest.fixture
def triage_deadline(helper):
    return deadline(factories.submitted_case(by=helper), K.TRIAGE_DECISION)


def test_extension_needs_a_reason(triage_deadline, casemanager):
    old_due = triage_deadline.due_at
    new_due = timezone.localdate() + timedelta(days=14)
    with pytest.raises(InvalidInput) as exc:
        deadline_extend(deadline=triage_deadline, actor=casemanager, new_due=new_due, reason=" ")
    assert exc.value.field == "reason"
    triage_deadline.refresh_from_db()
    assert triage_deadline.due_at == old_due
    assert not DeadlineEvent.objects.filter(kind="extended").exists()


def test_extension_of_an_overdue_deadline_to_a_date_in_the_past_is_refused(helper, casemanager):
    with time_machine.travel(at(2026, 3, 2), tick=False):
        triage = deadline(factories.submitted_case(by=helper), K.TRIAGE_DECISION)
    assert triage.due_at == end_of(date(2026, 3, 5))
    with time_machine.travel(at(2026, 3, 20), tick=False):
        # Later than the old due date, but already gone.
        with pytest.raises(InvalidInput, match="verleden") as exc:
            deadline_extend(
                deadline=triage, actor=casemanager, new_due=date(2026, 3, 19), reason="Ziekte"
            )
        assert exc.value.field == "new_due"
        triage.refresh_from_db()
        assert triage.due_at == end_of(date(2026, 3, 5))
        assert not DeadlineEvent.objects.filter(kind="extended").exists()
        deadline_extend(
            deadline=triage, actor=casemanager, new_due=date(2026, 3, 20), reason="Ziekte"
        )
    assert triage.due_at == end_of(date(2026, 3, 20))


@pytest.mark.parametrize("days_later", [0, -1])
def test_extension_must_be_later_than_the_current_due_date(
    triage_deadline, casemanager, days_later
):
    old_due = triage_deadline.due_at
    current_day = timezone.localtime(old_due).date()
    with pytest.raises(InvalidInput) as exc:
        deadline_extend(
            deadline=triage_deadline,
            actor=casemanager,
            new_due=current_day + timedelta(days=days_later),
            reason="Drukte",
        )
    assert exc.value.field == "new_due"
    triage_deadline.refresh_from_db()
    assert triage_deadline.due_at == old_due
    assert not DeadlineEvent.objects.filter(kind="extended").exists()


def test_extension_moves_the_due_moment_and_records_who_why_and_from_when(
    triage_deadline, casemanager
):
    old_due = triage_deadline.due_at
    new_day = timezone.localtime(old_due).date() + timedelta(days=7)
    deadline_extend(
        deadline=triage_deadline, actor=casemanager, new_due=new_day, reason="  Wacht op stukken "
    )
    triage_deadline.refresh_from_db()
    assert triage_deadline.due_at == end_of(new_day)
    extension = DeadlineEvent.objects.filter(kind="extended").get()
    assert (extension.deadline, extension.actor, extension.reason) == (
        triage_deadline,
        casemanager,
        "Wacht op stukken",
    )
    assert (extension.old_due_at, extension.new_due_at) == (old_due, end_of(new_day))


def test_a_closed_deadline_cannot_be_extended(helper, casemanager):
    case = factories.submitted_case(by=helper)
    case_decide(case=case, actor=casemanager, decision="accept")
    triage = deadline(case, K.TRIAGE_DECISION)
    with pytest.raises(InvalidInput):
        deadline_extend(
            deadline=triage,
            actor=casemanager,
            new_due=timezone.localdate() + timedelta(days=30),
            reason="Te laat",
        )
    assert not DeadlineEvent.objects.filter(kind="extended").exists()
