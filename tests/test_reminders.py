"""The reminder sweep: who hears of which deadline when, once per stage and recipient, with
exactly one e-mail per notification, also with two sweeps at once or after a crash.

The clock is moved with time-machine; only the outbound e-mail is ever patched. A proposal
sent on Thursday 2 April 2026 must be answered by Monday 20 April (Easter is not counted),
so the 'upcoming' reminder starts on Thursday 16 April, two working days before.
"""

import threading
from collections import Counter
from datetime import date, datetime
from io import StringIO
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery.exceptions import SoftTimeLimitExceeded
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework import steps
from deadlines import calendar, reminders
from deadlines.models import Deadline, Notification
from deadlines.services import deadline_extend
from escalation import services
from triage.decisions import case_decide

from . import factories
from .factories import accepted_case, at, end_of, proposal

AMS = ZoneInfo("Europe/Amsterdam")
K = Deadline.Kind
Stage = Notification.Stage


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    """Extra non-working days are cached across tests; none may leak into these dates."""
    calendar.clear_cache()
    yield
    calendar.clear_cache()


def sweep_at(moment: datetime) -> reminders.SweepResult:
    with time_machine.travel(moment, tick=False):
        return reminders.reminder_sweep()


def message_id(notification: Notification) -> str:
    return f"<notification-{notification.pk}@belangenbehartiger>"


def emails_of(outbox, notification: Notification) -> list:
    return [m for m in outbox if m.extra_headers.get("Message-ID") == message_id(notification)]


def reminded(deadline: Deadline) -> set[tuple[int, str]]:
    return set(deadline.notifications.values_list("recipient", "stage"))


@pytest.fixture
def world(helper, casemanager, liaison, mailoutbox):
    """A proposal to the Belastingdienst (two liaisons), sent and acknowledged on 2 April
    2026; a Toeslagen liaison who must never hear of it. The e-mails of that day (the two
    'new request' ones, the helper's 'new step') are already out, so the outbox starts
    empty."""
    bd_colleague = factories.liaison()
    toeslagen = factories.liaison(code="toeslagen")
    with time_machine.travel(at(2026, 4, 2, 10), tick=False):
        case = accepted_case(
            helper=helper, casemanager=casemanager, diensten=("belastingdienst", "toeslagen")
        )
        request = proposal(case, casemanager)
        services.request_acknowledge(request=request, actor=liaison)
        assert reminders.reminder_sweep().notifications == 0
    assert len(mailoutbox) == 3  # the two 'new request' e-mails, the helper's 'new step'
    mailoutbox.clear()
    answer = request.deadlines.get(kind=K.DIENST_ANSWER)
    assert answer.due_at == end_of(date(2026, 4, 20))
    return SimpleNamespace(
        case=case,
        request=request,
        answer=answer,
        liaisons={liaison.pk, bd_colleague.pk},
        emails=[liaison.email, bd_colleague.email],
        toeslagen=toeslagen,
        assignee=casemanager,
    )


# --- Dienst deadlines -----------------------------------------------------------------------


def test_no_reminder_before_two_working_days_ahead(world, mailoutbox):
    result = sweep_at(at(2026, 4, 15, 23, 59))
    assert result.candidates == 0
    assert reminded(world.answer) == set()
    assert mailoutbox == []


def test_upcoming_reminder_goes_to_each_liaison_of_the_dienst_two_working_days_before(
    world, mailoutbox
):
    result = sweep_at(at(2026, 4, 16, 0, 5))
    assert reminded(world.answer) == {(pk, Stage.UPCOMING) for pk in world.liaisons}
    assert result.notifications == 2
    assert not Notification.objects.filter(recipient=world.toeslagen).exists()
    assert sorted(m.to for m in mailoutbox) == sorted([email] for email in world.emails)


def test_due_today_reminder_on_the_due_day(world):
    sweep_at(at(2026, 4, 16))
    sweep_at(at(2026, 4, 20, 23, 59))
    assert reminded(world.answer) == {
        (pk, stage) for pk in world.liaisons for stage in (Stage.UPCOMING, Stage.DUE_TODAY)
    }


def test_overdue_reminder_goes_to_the_liaisons_and_asks_the_assignee_to_escalate(world):
    sweep_at(at(2026, 4, 21, 0, 0))
    expected = {(pk, Stage.OVERDUE) for pk in world.liaisons}
    expected.add((world.assignee.pk, Stage.OVERDUE_ESCALATE))
    assert reminded(world.answer) == expected
    escalate = world.answer.notifications.get(stage=Stage.OVERDUE_ESCALATE)
    assert "volgende trede" in escalate.title
    assert escalate.url == f"/casussen/{world.case.reference}/#verzoek-{world.request.pk}"
    assert not Notification.objects.filter(recipient=world.toeslagen).exists()


def test_each_reminder_sends_exactly_one_email_without_personal_data(world, mailoutbox):
    for moment in (at(2026, 4, 16), at(2026, 4, 20), at(2026, 4, 21)):
        sweep_at(moment)
    notifications = list(world.answer.notifications.select_related("recipient"))
    assert len(notifications) == 7  # 2 upcoming, 2 due today, 2 overdue, 1 escalation
    assert len(mailoutbox) == 7
    for notification in notifications:
        [email] = emails_of(mailoutbox, notification)
        assert email.to == [notification.recipient.email]
        assert notification.email_state == Notification.EmailState.SENT
        for personal in ("Jansen", "111222333", "3511"):
            assert personal not in email.subject + email.body


def test_running_the_sweep_again_sends_nothing_new(world, mailoutbox):
    first = sweep_at(at(2026, 4, 16))
    assert (first.notifications, first.emails) == (2, 2)
    again = sweep_at(at(2026, 4, 16, 9, 5))
    assert (again.notifications, again.emails) == (0, 0)
    assert len(mailoutbox) == 2
    assert world.answer.notifications.count() == 2


def test_an_inactive_liaison_is_not_reminded(world, liaison):
    liaison.is_active = False
    liaison.save(update_fields=["is_active"])
    sweep_at(at(2026, 4, 16))
    assert reminded(world.answer) == {
        (pk, Stage.UPCOMING) for pk in world.liaisons if pk != liaison.pk
    }


def test_an_answered_request_gets_no_more_reminders(world, liaison):
    with time_machine.travel(at(2026, 4, 15), tick=False):
        services.request_respond(request=world.request, actor=liaison, outcome="accepted")
    sweep_at(at(2026, 4, 21))
    assert reminded(world.answer) == set()


def test_an_extended_deadline_is_reminded_again_when_its_new_due_date_passes(world, casemanager):
    sweep_at(at(2026, 4, 21))
    assert (next(iter(world.liaisons)), Stage.OVERDUE) in reminded(world.answer)
    with time_machine.travel(at(2026, 4, 21, 11), tick=False):
        deadline_extend(
            deadline=world.answer,
            actor=casemanager,
            new_due=date(2026, 4, 28),
            reason="Dienst vraagt om een week uitstel",
        )
    before = world.answer.notifications.filter(stage=Stage.OVERDUE).count()
    sweep_at(at(2026, 4, 29))
    assert world.answer.notifications.filter(stage=Stage.OVERDUE).count() > before


# --- team and helper deadlines --------------------------------------------------------------


def test_unassigned_team_deadline_goes_to_the_leads(helper, casemanager, lead):
    other_lead = factories.team_member(role="lead")
    with time_machine.travel(at(2026, 4, 2, 10), tick=False):
        case = factories.submitted_case(by=helper)
    triage = case.deadlines.get(kind=K.TRIAGE_DECISION)
    assert triage.due_at == end_of(date(2026, 4, 9))
    sweep_at(at(2026, 4, 9))
    assert reminded(triage) == {(lead.pk, Stage.DUE_TODAY), (other_lead.pk, Stage.DUE_TODAY)}


def test_team_deadline_of_an_assigned_case_goes_to_the_assignee(helper, casemanager, lead, liaison):
    with time_machine.travel(at(2026, 4, 2, 10), tick=False):
        case = accepted_case(
            helper=helper, casemanager=casemanager, diensten=("belastingdienst", "toeslagen")
        )
        request = services.request_create(
            case=case,
            actor=casemanager,
            kind="freeze",
            dienst=factories.dienst("belastingdienst"),
            text="Bevries de invordering.",
            freeze_until=date(2026, 5, 15),
        )
        services.request_approve(request=request, actor=lead)
        services.request_respond(request=request, actor=liaison, outcome="accepted")
    freeze_end = request.deadlines.get(kind=K.FREEZE_END)
    assert freeze_end.due_at == end_of(date(2026, 5, 15))
    sweep_at(at(2026, 5, 18))
    assert reminded(freeze_end) == {(casemanager.pk, Stage.OVERDUE)}


def test_helper_answer_reminder_goes_to_the_helper(helper, casemanager, lead):
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        case = factories.submitted_case(by=helper)
        case_decide(case=case, actor=casemanager, decision="request_info", question="Aanslag?")
    answer = case.deadlines.get(kind=K.HELPER_ANSWER)
    assert answer.due_at == end_of(date(2026, 3, 16))
    sweep_at(at(2026, 3, 16))
    assert reminded(answer) == {(helper.pk, Stage.DUE_TODAY)}


def test_a_paused_deadline_gets_no_reminder(helper, casemanager, lead):
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        waiting = factories.submitted_case(by=helper)
        case_decide(case=waiting, actor=casemanager, decision="request_info", question="?")
        running = factories.submitted_case(by=helper)
    paused = waiting.deadlines.get(kind=K.TRIAGE_DECISION)
    assert paused.paused_at is not None
    sweep_at(at(2026, 3, 5))
    assert reminded(paused) == set()
    assert reminded(running.deadlines.get(kind=K.TRIAGE_DECISION)) == {(lead.pk, Stage.DUE_TODAY)}


def test_a_withdrawn_case_gets_no_reminders(helper, casemanager, lead):
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        case = factories.submitted_case(by=helper)
        steps.case_withdraw(case=case, user=helper, reason="Niet meer nodig")
    assert sweep_at(at(2026, 3, 5)).candidates == 0
    assert not Notification.objects.exists()


# --- the command ----------------------------------------------------------------------------


def test_send_reminders_command_prints_what_it_sent(world, mailoutbox):
    out = StringIO()
    with time_machine.travel(at(2026, 4, 16), tick=False):
        call_command("send_reminders", stdout=out)
    assert out.getvalue().strip() == (
        "Checked 1 due deadlines; 2 new notifications; 2 e-mails sent."
    )
    assert len(mailoutbox) == 2


# --- crashes --------------------------------------------------------------------------------


def test_crash_after_sending_is_sent_again_once_the_claim_is_stale_then_marked_failed(
    world, mailoutbox, monkeypatch
):
    """At least once: a worker that died between sending and recording leaves 'sending';
    after STALE_CLAIM_AFTER the sweep sends again, with the same Message-ID, up to
    MAX_EMAIL_ATTEMPTS in all, then gives up and reports it."""
    deliver = EmailMessage.send

    def delivered_then_crashed(self, *args, **kwargs):
        deliver(self, *args, **kwargs)
        raise ConnectionResetError("worker lost after the SMTP server took the message")

    monkeypatch.setattr(EmailMessage, "send", delivered_then_crashed)
    sweep_at(at(2026, 4, 16, 9, 0))
    notifications = list(world.answer.notifications.all())
    assert len(notifications) == 2
    assert len(mailoutbox) == 2
    assert {n.email_state for n in notifications} == {Notification.EmailState.SENDING}

    assert sweep_at(at(2026, 4, 16, 9, 5)).emails == 0  # the claim is fresh: not again yet
    assert len(mailoutbox) == 2
    sweep_at(at(2026, 4, 16, 9, 20))  # stale: the second attempt (and it crashes again)
    sweep_at(at(2026, 4, 16, 9, 40))  # the third and last
    sweep_at(at(2026, 4, 16, 10, 0))  # nothing left to try
    assert len(mailoutbox) == 2 * reminders.MAX_EMAIL_ATTEMPTS
    for notification in notifications:
        repeats = emails_of(mailoutbox, notification)
        assert len(repeats) == reminders.MAX_EMAIL_ATTEMPTS
        assert len({m.extra_headers["Message-ID"] for m in repeats}) == 1
    assert set(reminders.failed_emails()) == set(notifications)
    out = StringIO()
    with time_machine.travel(at(2026, 4, 16, 10, 5), tick=False):
        call_command("send_reminders", stdout=out)
    assert "2 e-mails could not be sent after 3 attempts" in out.getvalue()


def test_a_stale_claim_is_sent_again_and_recorded_sent(world, mailoutbox, monkeypatch):
    monkeypatch.setattr(EmailMessage, "send", _raise_connection_reset)
    sweep_at(at(2026, 4, 16, 9, 0))
    assert len(mailoutbox) == 0
    monkeypatch.undo()
    sweep_at(at(2026, 4, 16, 9, 20))
    assert len(mailoutbox) == 2
    assert {n.email_state for n in world.answer.notifications.all()} == {
        Notification.EmailState.SENT
    }


def _raise_connection_reset(self, *args, **kwargs):
    raise ConnectionResetError("SMTP server went away")


def test_soft_time_limit_stops_the_sweep_instead_of_being_swallowed(world, monkeypatch):
    """The per-e-mail error handling must not swallow Celery's 'out of time' signal."""

    def out_of_time(self, *args, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(EmailMessage, "send", out_of_time)
    with pytest.raises(SoftTimeLimitExceeded):
        sweep_at(at(2026, 4, 16, 9, 0))


def test_a_batch_stopped_by_the_time_limit_gives_back_the_claims_it_never_tried(
    world, liaison, mailoutbox, monkeypatch
):
    """The e-mail in hand stays claimed (retried once stale); the rest of its batch is
    pending again at once, its attempt not counted; the ones sent are recorded sent."""
    deliver, calls = EmailMessage.send, []

    def second_is_out_of_time(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 2:
            raise SoftTimeLimitExceeded()
        return deliver(self, *args, **kwargs)

    earlier = set(Notification.objects.values_list("pk", flat=True))
    Notification.objects.bulk_create(
        Notification(recipient=liaison, title=f"Bericht {i}", url="/meldingen/") for i in range(3)
    )
    monkeypatch.setattr(EmailMessage, "send", second_is_out_of_time)
    with pytest.raises(SoftTimeLimitExceeded):
        sweep_at(at(2026, 4, 16, 9, 0))  # also makes the deadline's two 'upcoming' ones
    states = Counter(
        Notification.objects.exclude(pk__in=earlier).values_list("email_state", "email_attempts")
    )
    assert states == {("sent", 1): 1, ("sending", 1): 1, ("pending", 0): 3}
    monkeypatch.undo()
    assert sweep_at(at(2026, 4, 16, 9, 5)).emails == 3  # not the one in hand: not stale yet
    assert len(mailoutbox) == 4


def test_e_mails_are_claimed_and_recorded_a_batch_at_a_time(world, liaison, mailoutbox):
    """A few statements per batch of EMAIL_BATCH, not two per e-mail."""
    n = 2 * reminders.EMAIL_BATCH + 3
    Notification.objects.bulk_create(
        Notification(recipient=liaison, title=f"Bericht {i}", url="/meldingen/") for i in range(n)
    )
    with CaptureQueriesContext(connection) as ctx:
        assert reminders.send_pending_emails() == n
    batches = 3
    # Give up on stale claims, read the batch, then per batch its claim and its "sent"; on
    # PostgreSQL also the SET and RESET of synchronous_commit.
    around = 4 if connection.vendor == "postgresql" else 2
    assert len(ctx.captured_queries) == around + 2 * batches
    assert len(mailoutbox) == n
    mine = Notification.objects.filter(title__startswith="Bericht")
    assert set(mine.values_list("email_state", flat=True)) == {"sent"}


def test_crash_before_claiming_the_email_sends_it_on_the_next_sweep_exactly_once(
    world, liaison, mailoutbox
):
    # What a sweep that died after recording the reminder, before e-mailing it, leaves.
    with time_machine.travel(at(2026, 4, 16, 9, 0), tick=False):
        left_behind = Notification.objects.create(
            recipient=liaison,
            deadline=world.answer,
            stage=Stage.UPCOMING,
            title="Binnenkort",
            url=f"/dienst/verzoeken/{world.request.pk}/",
        )
    assert left_behind.email_state == Notification.EmailState.PENDING
    result = sweep_at(at(2026, 4, 16, 9, 5))
    assert result.notifications == 1  # the other liaison; this one already existed
    assert world.answer.notifications.filter(recipient=liaison).count() == 1
    assert len(emails_of(mailoutbox, left_behind)) == 1
    sweep_at(at(2026, 4, 16, 9, 10))
    assert len(emails_of(mailoutbox, left_behind)) == 1
    assert len(mailoutbox) == 2
    left_behind.refresh_from_db()
    assert left_behind.email_state == Notification.EmailState.SENT


def test_a_worker_killed_mid_batch_still_sends_the_emails_it_never_tried(
    world, mailoutbox, monkeypatch
):
    deliver = EmailMessage.send

    def delivered_then_killed(self, *args, **kwargs):
        deliver(self, *args, **kwargs)
        raise SystemExit("worker killed (deploy, OOM or hard time limit)")

    monkeypatch.setattr(EmailMessage, "send", delivered_then_killed)
    with pytest.raises(SystemExit):
        sweep_at(at(2026, 4, 16, 9, 0))
    monkeypatch.undo()
    [delivered] = mailoutbox
    first, second = sorted(
        world.answer.notifications.all(),
        key=lambda n: message_id(n) != delivered.extra_headers["Message-ID"],
    )
    sweep_at(at(2026, 4, 16, 9, 5))
    assert len(emails_of(mailoutbox, first)) == 1  # at most once: not sent again
    assert len(emails_of(mailoutbox, second)) == 1  # never tried: must still go out


# --- two sweeps at once (PostgreSQL) --------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sweeps_notify_and_email_each_reminder_once(postgres, mailoutbox):
    helper = factories.helper()
    casemanager = factories.team_member()
    bd_liaisons = [factories.liaison(), factories.liaison()]
    toeslagen = factories.liaison(code="toeslagen")
    with time_machine.travel(at(2026, 4, 2, 10), tick=False):
        for _ in range(5):
            proposal(
                accepted_case(
                    helper=helper,
                    casemanager=casemanager,
                    diensten=("belastingdienst", "toeslagen"),
                ),
                casemanager,
            )
    mailoutbox.clear()  # confirmations and decision messages sent on commit

    barrier = threading.Barrier(2)
    results, errors = [], []

    def sweep():
        try:
            barrier.wait(timeout=10)
            results.append(reminders.reminder_sweep())
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    # Both acknowledgement (8 April) and answer (20 April) deadlines are overdue.
    with time_machine.travel(at(2026, 4, 21), tick=False):
        threads = [threading.Thread(target=sweep) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert errors == []
    reminders_made = Notification.objects.filter(deadline__isnull=False)
    # 10 deadlines x (2 liaisons 'overdue' + the assignee 'overdue_escalate').
    assert reminders_made.count() == 30
    assert all(r.candidates == 10 for r in results)
    keys = Counter(reminders_made.values_list("deadline", "stage", "recipient"))
    assert set(keys.values()) == {1}
    assert {r for _, _, r in keys} == {casemanager.pk, *(u.pk for u in bd_liaisons)}
    assert not Notification.objects.filter(recipient=toeslagen).exists()

    # Every notification that carries an e-mail, the 10 'new request' ones and the helper's
    # 5 'new step' ones included, e-mailed exactly once. The helper's 5 'accepted' ones are
    # in-app only: the decision's own message e-mails the helper.
    in_app_only = Notification.objects.filter(email_state=Notification.EmailState.NONE)
    assert in_app_only.count() == 5
    all_notifications = list(Notification.objects.exclude(pk__in=in_app_only))
    assert len(all_notifications) == 45
    ids = Counter(m.extra_headers["Message-ID"] for m in mailoutbox)
    assert ids == Counter(message_id(n) for n in all_notifications)
    assert sum(r.emails for r in results) == len(mailoutbox) == 45
    assert {n.email_state for n in all_notifications} == {Notification.EmailState.SENT}
