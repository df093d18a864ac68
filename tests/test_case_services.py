import threading
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from belangenbehartiger.errors import ConcurrentChange, InvalidInput, TransitionNotAllowed
from cases import services
from cases.models import Case, CaseEvent, CaseStatus, ReferenceCounter
from casework import steps
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_submission_assigns_a_reference_of_the_current_year(helper):
    case = factories.submitted_case(by=helper)
    year = timezone.localdate().year
    assert case.reference == f"BB-{year}-000001"
    assert factories.submitted_case(by=helper).reference == f"BB-{year}-000002"


def test_submission_records_an_event_with_actor_and_history(helper):
    case = factories.submitted_case(by=helper)
    event = case.events.get()
    assert (event.from_status, event.to_status, event.actor) == ("draft", "submitted", helper)
    assert case.history.first().history_user == helper


def test_bsn_is_stored_with_a_keyed_hash_and_kept_out_of_history(helper, settings):
    case = factories.submitted_case(by=helper)
    assert case.bsn_hash == services.identifier_hash("111222333")
    assert "111222333" not in case.bsn_hash
    assert not hasattr(case.history.first(), "bsn")
    settings.IDENTIFIER_HASH_KEY = "another-key"
    assert services.identifier_hash("111222333") != case.bsn_hash


def test_submit_refuses_an_incomplete_draft_and_changes_nothing(helper):
    draft, _ = services.case_draft_create(user=helper, data={"subject_type": "burger"})
    with pytest.raises(InvalidInput):
        steps.case_submit(case=draft, user=helper)
    draft.refresh_from_db()
    assert draft.status == CaseStatus.DRAFT
    assert draft.reference is None
    assert not ReferenceCounter.objects.filter(last_number__gt=0).exists()


def test_consent_date_in_the_future_blocks_submission(helper):
    tomorrow = timezone.localdate() + timedelta(days=1)
    draft, _ = services.case_draft_create(
        user=helper, data=factories.valid_case_data(consent_date=tomorrow)
    )
    draft.diensten.set([factories.dienst()])
    errors = services.case_completeness_errors(draft)
    assert "consent_date" in errors


def test_same_intake_token_returns_the_same_draft(helper):
    first, created_first = services.case_draft_create(user=helper, intake_token="abc")
    second, created_second = services.case_draft_create(user=helper, intake_token="abc")
    assert (created_first, created_second) == (True, False)
    assert first.pk == second.pk
    assert Case.objects.count() == 1


def test_unknown_triage_key_is_refused(helper):
    with pytest.raises(InvalidInput) as exc:
        steps.draft_create(user=helper, data={"triage_answers": {"made_up": True}})
    assert exc.value.field == "triage_answers"
    assert not Case.objects.exists()


def test_transition_outside_the_table_is_refused(helper, casemanager):
    case = factories.submitted_case(by=helper)
    with pytest.raises(TransitionNotAllowed):
        services.case_transition(case=case, to_status=CaseStatus.RESOLVED, actor=casemanager)
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED


def test_stale_transition_gets_a_conflict(helper, casemanager):
    case = factories.submitted_case(by=helper)
    stale = Case.objects.get(pk=case.pk)
    services.case_transition(case=case, to_status=CaseStatus.IN_TRIAGE, actor=casemanager)
    with pytest.raises(ConcurrentChange):
        services.case_transition(case=stale, to_status=CaseStatus.WITHDRAWN, actor=helper)
    assert Case.objects.get(pk=case.pk).status == CaseStatus.IN_TRIAGE
    assert case.events.filter(to_status=CaseStatus.WITHDRAWN).count() == 0


def test_withdraw_needs_a_reason(helper):
    case = factories.submitted_case(by=helper)
    with pytest.raises(InvalidInput):
        steps.case_withdraw(case=case, user=helper, reason="  ")
    steps.case_withdraw(case=case, user=helper, reason="Zelf opgelost")
    assert case.status == CaseStatus.WITHDRAWN
    assert case.events.last().reason == "Zelf opgelost"


def test_attachment_type_is_checked_from_the_content_not_the_name(helper):
    draft, _ = services.case_draft_create(user=helper)
    fake = SimpleUploadedFile("brief.pdf", b"just some text, not a pdf", "application/pdf")
    with pytest.raises(InvalidInput) as exc:
        services.attachment_add(case=draft, user=helper, uploaded=fake)
    assert exc.value.field == "file"
    assert draft.attachments.count() == 0


def test_attachment_over_the_size_limit_is_refused(helper, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    draft, _ = services.case_draft_create(user=helper)
    big = SimpleUploadedFile("groot.pdf", PDF + b"0" * 200, "application/pdf")
    with pytest.raises(InvalidInput, match="te groot"):
        services.attachment_add(case=draft, user=helper, uploaded=big)
    assert draft.attachments.count() == 0


def test_valid_pdf_is_stored_under_a_random_name(helper):
    draft, _ = services.case_draft_create(user=helper)
    upload = SimpleUploadedFile("../../Jansen BSN 111222333.pdf", PDF, "text/plain")
    attachment = services.attachment_add(case=draft, user=helper, uploaded=upload)
    assert attachment.content_type == "application/pdf"
    assert attachment.original_name == "Jansen BSN 111222333.pdf"
    assert "Jansen" not in attachment.file.name
    assert draft.events.filter(kind=CaseEvent.Kind.ATTACHMENT_ADDED).exists()


def test_stale_drafts_are_purged_but_submitted_cases_kept(helper):
    old_draft, _ = services.case_draft_create(user=helper, data={"subject_name": "Oud"})
    submitted = factories.submitted_case(by=helper)
    long_ago = timezone.now() - timedelta(days=200)
    Case.objects.filter(pk__in=[old_draft.pk, submitted.pk]).update(updated_at=long_ago)
    assert services.drafts_purge_stale(older_than_days=90) == 1
    assert list(Case.objects.values_list("pk", flat=True)) == [submitted.pk]


def test_confirmation_mail_is_sent_once(helper, mailoutbox):
    case = factories.submitted_case(by=helper)
    assert services.case_confirmation_send(case_id=case.pk) is True
    assert services.case_confirmation_send(case_id=case.pk) is False
    assert len(mailoutbox) == 1
    assert case.reference in mailoutbox[0].subject
    assert "111222333" not in mailoutbox[0].body


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_distinct_references(postgres):
    helper = factories.helper()
    drafts = []
    for _ in range(8):
        draft, _ = services.case_draft_create(user=helper, data=factories.valid_case_data())
        draft.diensten.set([factories.dienst()])
        drafts.append(draft)
    barrier = threading.Barrier(len(drafts))
    errors = []

    def submit(draft):
        try:
            barrier.wait()
            steps.case_submit(case=draft, user=helper)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(d,)) for d in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    references = list(Case.objects.values_list("reference", flat=True))
    assert len(set(references)) == 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_transitions_one_wins_the_other_conflicts(postgres):
    helper = factories.helper()
    manager = factories.team_member()
    case = factories.submitted_case(by=helper)
    barrier = threading.Barrier(2)
    outcomes = []

    def move(to_status, actor):
        copy = Case.objects.get(pk=case.pk)
        barrier.wait()
        try:
            services.case_transition(case=copy, to_status=to_status, actor=actor)
            outcomes.append("ok")
        except ConcurrentChange:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=move, args=(CaseStatus.IN_TRIAGE, manager)),
        threading.Thread(target=move, args=(CaseStatus.WITHDRAWN, helper)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "ok"]
    assert CaseEvent.objects.filter(case=case, from_status=CaseStatus.SUBMITTED).count() == 1
