"""The signal's core: its status machine, linked cases and the Dienst's commitments."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from belangenbehartiger.errors import (
    ConcurrentChange,
    InvalidInput,
    NotPermitted,
    TransitionNotAllowed,
)
from deadlines import reminders
from deadlines.models import Deadline, Notification
from signals import services
from signals.models import Commitment, Signal

from . import factories

S = Signal.Status


def new_signal(user, **overrides) -> Signal:
    data = {
        "title": "Terugvordering huurtoeslag na verhuizing",
        "description": "Na een verhuizing wordt de huurtoeslag met terugwerkende kracht teruggevorderd.",
        "diensten": [factories.dienst("toeslagen")],
        "source": Signal.Source.HELPER,
        **overrides,
    }
    return services.signal_submit(user=user, **data)


def on_agenda(signal, casemanager) -> Signal:
    services.signal_transition(signal=signal, to_status=S.ANALYSING, actor=casemanager)
    return services.signal_transition(signal=signal, to_status=S.ON_AGENDA, actor=casemanager)


def test_a_helper_submits_a_signal_for_its_organisation(helper):
    signal = new_signal(helper)
    assert (signal.status, signal.organisation_id) == (S.NEW, helper.organisation_id)
    assert signal.events.get().to_status == S.NEW


def test_a_liaison_cannot_submit_a_signal(liaison):
    with pytest.raises(NotPermitted):
        new_signal(liaison)


def test_closing_needs_a_reason_the_submitter_can_read(helper, casemanager):
    signal = new_signal(helper)
    with pytest.raises(InvalidInput):
        services.signal_transition(signal=signal, to_status=S.CLOSED, actor=casemanager)
    services.signal_transition(
        signal=signal, to_status=S.CLOSED, actor=casemanager, reason="Hoort bij de ombudsman"
    )
    signal.refresh_from_db()
    assert (signal.status, signal.closed_reason) == (S.CLOSED, "Hoort bij de ombudsman")
    assert [e.to_status for e in signal.events.all()] == [S.NEW, S.CLOSED]


def test_a_transition_outside_the_table_is_refused(helper, casemanager):
    signal = new_signal(helper)
    with pytest.raises(TransitionNotAllowed):
        services.signal_transition(signal=signal, to_status=S.ON_AGENDA, actor=casemanager)


def test_linking_a_case_twice_is_a_conflict(helper, casemanager):
    signal = new_signal(helper)
    case = factories.submitted_case(by=helper)
    services.signal_case_link(signal=signal, case=case, actor=casemanager, reason="Zelfde patroon")
    with pytest.raises(ConcurrentChange):
        services.signal_case_link(signal=signal, case=case, actor=casemanager, reason="Nog eens")
    assert signal.case_links.count() == 1


def test_a_commitment_is_a_deadline_that_reminds_the_dienst_once(helper, casemanager, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    liaison = factories.liaison("toeslagen")
    signal = on_agenda(new_signal(helper), casemanager)
    due = timezone.localdate() + timedelta(days=7)
    commitment = services.commitment_create(
        signal=signal,
        actor=casemanager,
        dienst=factories.dienst("toeslagen"),
        description="Werkinstructie aanpassen",
        due_date=due,
    )
    deadline = commitment.deadlines.get()
    assert (deadline.kind, deadline.dienst.code) == (Deadline.Kind.COMMITMENT, "toeslagen")
    with time_machine.travel(factories.at(due.year, due.month, due.day, 9), tick=False):
        reminders.reminder_sweep()
        reminders.reminder_sweep()
    sent = Notification.objects.filter(deadline=deadline, recipient=liaison)
    assert sent.count() == 1
    services.commitment_close(commitment=commitment, actor=casemanager, kept=True, note="Gedaan")
    commitment.refresh_from_db()
    deadline.refresh_from_db()
    assert (commitment.status, deadline.status) == (Commitment.Status.KEPT, Deadline.Status.MET)


def test_a_liaison_records_progress_only_on_its_own_diensts_commitment(helper, casemanager):
    signal = on_agenda(new_signal(helper), casemanager)
    commitment = services.commitment_create(
        signal=signal,
        actor=casemanager,
        dienst=factories.dienst("toeslagen"),
        description="Werkinstructie aanpassen",
        due_date=timezone.localdate() + timedelta(days=30),
    )
    services.commitment_update(
        commitment=commitment, author=factories.liaison("toeslagen"), text="Concept ligt er"
    )
    with pytest.raises(NotPermitted):
        services.commitment_update(
            commitment=commitment, author=factories.liaison("belastingdienst"), text="Hallo"
        )
    assert commitment.updates.count() == 1


def test_a_helpers_signal_is_announced_to_the_leads(helper, lead):
    signal = new_signal(helper)
    assert Notification.objects.filter(recipient=lead, url=f"/signalen/{signal.pk}/").count() == 1


def test_unlinking_twice_is_a_conflict_and_the_event_keeps_who_and_why(helper, casemanager):
    signal = new_signal(helper)
    case = factories.submitted_case(by=helper)
    services.signal_case_link(signal=signal, case=case, actor=casemanager, reason="Patroon")
    services.signal_case_unlink(signal=signal, case=case, actor=casemanager, reason="Toch anders")
    with pytest.raises(ConcurrentChange):
        services.signal_case_unlink(signal=signal, case=case, actor=casemanager)
    event = signal.events.last()
    assert (event.kind, event.case, event.actor, event.reason) == (
        "case_unlinked",
        case,
        casemanager,
        "Toch anders",
    )


def test_a_commitment_ends_once(helper, casemanager):
    signal = on_agenda(new_signal(helper), casemanager)
    commitment = services.commitment_create(
        signal=signal,
        actor=casemanager,
        dienst=factories.dienst("toeslagen"),
        description="Werkinstructie aanpassen",
        due_date=timezone.localdate() + timedelta(days=30),
    )
    stale = Commitment.objects.get(pk=commitment.pk)
    services.commitment_close(commitment=commitment, actor=casemanager, kept=False, note="Niet")
    with pytest.raises(ConcurrentChange):
        services.commitment_close(commitment=stale, actor=casemanager, kept=True, note="Toch")
    with pytest.raises(TransitionNotAllowed):
        services.commitment_close(commitment=commitment, actor=casemanager, kept=True, note="x")
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.NOT_KEPT
    assert [e.to_status for e in commitment.events.all()] == [Commitment.Status.NOT_KEPT]


def test_a_closed_signal_cancels_its_commitment_clocks(helper, casemanager):
    signal = on_agenda(new_signal(helper), casemanager)
    commitment = services.commitment_create(
        signal=signal,
        actor=casemanager,
        dienst=factories.dienst("toeslagen"),
        description="Werkinstructie aanpassen",
        due_date=timezone.localdate() + timedelta(days=30),
    )
    services.signal_transition(
        signal=signal, to_status=S.RESOLVED, actor=casemanager, reason="Werkinstructie aangepast"
    )
    assert commitment.deadlines.get().status == Deadline.Status.CANCELLED
    with pytest.raises(TransitionNotAllowed):
        services.signal_case_link(
            signal=signal, case=factories.submitted_case(by=helper), actor=casemanager, reason="x"
        )


def test_only_a_lead_selects_a_signal_for_the_kamer_report(helper, casemanager, lead):
    signal = on_agenda(new_signal(helper), casemanager)
    with pytest.raises(NotPermitted):
        services.signal_select_for_kamer_report(signal=signal, lead=casemanager)
    services.signal_select_for_kamer_report(signal=signal, lead=lead, reason="Ernstig probleem")
    signal.refresh_from_db()
    assert signal.status == S.IN_KAMER_REPORT
