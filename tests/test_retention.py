"""Retention: stale drafts go, closed cases past the period are anonymised after a lead
approves the destruction list, and the aggregate figures stay what they were."""

from datetime import timedelta
from decimal import Decimal
from statistics import median

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, DurationField, ExpressionWrapper, F, Sum
from django.utils import timezone

from audit.models import AccessRecord
from belangenbehartiger.beat import BEAT_SCHEDULE
from belangenbehartiger.errors import NotPermitted, TransitionNotAllowed
from cases import services as case_services
from cases.models import Attachment, Case, CaseEvent, Message, StatusLink
from casework import retention, steps
from casework.models import DestructionList
from escalation.models import DienstRequest, InformalContact
from tests import factories
from triage.decisions import case_decide

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _retention_days(settings):
    settings.RETENTION_CLOSED_DAYS = 365


def _closed_case(helper, casemanager, *, days_ago: int, **overrides) -> Case:
    """A case with everything a case collects (messages, a document, a request to a Dienst
    and its answer, an informal contact, a status link), closed ``days_ago`` days ago."""
    with time_machine.travel(timezone.now() - timedelta(days=days_ago + 20), tick=False):
        case = factories.submitted_case(
            by=helper,
            themes=("invordering",),
            subject_name="J. Jansen",
            contact_details="06-12345678, jansen@example.nl",
            **overrides,
        )
        case_services.attachment_add(
            case=case,
            user=helper,
            uploaded=SimpleUploadedFile("beschikking.pdf", PDF, content_type="application/pdf"),
            description="beschikking van J. Jansen",
        )
        case_services.status_link_create(case=case, user=helper)
    with time_machine.travel(timezone.now() - timedelta(days=days_ago + 15), tick=False):
        case_decide(case=case, actor=casemanager, decision="accept")
        case_services.conversation_post(
            case=case, author=casemanager, body="Mevrouw Jansen belde over haar toeslag."
        )
        factories.proposal(case, casemanager, text="Stel de invordering bij J. Jansen uit.")
        factories.informal_contact(case, casemanager)
    with time_machine.travel(timezone.now() - timedelta(days=days_ago), tick=False):
        steps.case_resolve(case=case, user=casemanager, reason="Voorstel voor J. Jansen aanvaard.")
        steps.case_close(
            case=case,
            user=casemanager,
            outcome="fully_solved",
            notes="Mevrouw Jansen hoeft niets terug te betalen.",
            amount_relieved=Decimal("1234.50"),
        )
    case.refresh_from_db()
    return case


def aggregate_figures() -> dict:
    """The counted figures the monitor shows, computed straight from the tables: counts by
    status, Dienst, theme, region and outcome, the amounts, and the durations."""
    cases = Case.objects.exclude(status="draft")
    durations = ExpressionWrapper(F("closed_at") - F("submitted_at"), output_field=DurationField())
    cycle = [
        d.total_seconds()
        for d in cases.filter(closed_at__isnull=False)
        .annotate(d=durations)
        .values_list("d", flat=True)
    ]
    accepted = CaseEvent.objects.filter(to_status="accepted").values_list(
        "created_at", "case__submitted_at"
    )
    return {
        "total": cases.count(),
        "by_status": dict(cases.values_list("status").annotate(n=Count("pk"))),
        "by_dienst": dict(cases.values_list("diensten__code").annotate(n=Count("pk"))),
        "by_theme": dict(cases.values_list("themes__code").annotate(n=Count("pk"))),
        "by_region": dict(cases.values_list("postcode_area").annotate(n=Count("pk"))),
        "by_outcome": dict(cases.values_list("outcome").annotate(n=Count("pk"))),
        "by_organisation": dict(cases.values_list("organisation").annotate(n=Count("pk"))),
        "relieved": cases.aggregate(s=Sum("amount_relieved"))["s"],
        "cycle_median": median(cycle) if cycle else None,
        "time_to_accept": sorted((at - sub).total_seconds() for at, sub in accepted),
        "requests": sorted(
            DienstRequest.objects.values_list("dienst__code", "status").annotate(n=Count("pk"))
        ),
        "events": CaseEvent.objects.count(),
    }


def test_closed_cases_past_the_period_are_proposed_and_nothing_changes_before_approval(
    helper, casemanager
):
    old = _closed_case(helper, casemanager, days_ago=400)
    _closed_case(helper, casemanager, days_ago=100)  # closed, but not long enough ago
    still_open = factories.accepted_case(helper=helper, casemanager=casemanager)

    call_command("apply_retention")

    waiting = DestructionList.objects.get()
    assert waiting.status == DestructionList.Status.PROPOSED
    assert list(waiting.items.values_list("case_id", flat=True)) == [old.pk]
    assert still_open.pk not in waiting.items.values_list("case_id", flat=True)
    old.refresh_from_db()
    assert (old.subject_name, old.bsn) == ("J. Jansen", "111222333")
    assert old.attachments.count() == 1


def test_a_lead_approves_with_a_confirmation_and_the_case_is_anonymised(
    client, helper, casemanager, lead, django_capture_on_commit_callbacks
):
    case = _closed_case(helper, casemanager, days_ago=400)
    stored_file = case.attachments.get().file.name
    storage = Attachment.file.field.storage
    retention.destruction_list_propose()
    waiting = DestructionList.objects.get()
    looks_before = AccessRecord.objects.count()

    client.force_login(lead)
    overview = client.get("/bewaartermijn/").content.decode()
    assert case.reference in overview and "Jansen" not in overview
    url = f"/bewaartermijn/{waiting.pk}/goedkeuren/"
    assert client.get(url).status_code == 200
    unchecked = client.post(url, {"checked": ""})
    assert unchecked.status_code == 400
    confirm = client.post(url, {"checked": "on"})
    assert "Ja, keur de lijst goed" in confirm.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == DestructionList.Status.PROPOSED  # not before the confirmation

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"checked": "on", "bevestigen": "1"})
    assert done.status_code == 302

    waiting.refresh_from_db()
    assert waiting.status == DestructionList.Status.CARRIED_OUT
    assert (waiting.approved_by, waiting.approved_at is not None) == (lead, True)
    case.refresh_from_db()
    # Gone: who the person is and everything written about them.
    assert (case.subject_name, case.bsn, case.bsn_hash, case.contact_details) == ("", "", "", "")
    assert (case.description, case.outcome_notes) == ("", "")
    assert case.summary == retention.ANONYMISED
    assert not case.attachments.exists() and not storage.exists(stored_file)
    assert not StatusLink.objects.filter(case=case).exists()
    assert set(Message.objects.filter(case=case).values_list("body", flat=True)) == {""}
    assert set(CaseEvent.objects.filter(case=case).values_list("reason", flat=True)) == {""}
    assert DienstRequest.objects.get(case=case).text == ""
    contact = InformalContact.objects.get(case=case)
    assert (contact.contact_name, contact.agreed) == ("", "")
    # Kept: what the figures count.
    assert case.reference and case.submitted_at and case.closed_at
    assert case.status == "closed" and case.outcome == "fully_solved"
    assert case.postcode_area == "3511"
    assert list(case.themes.values_list("code", flat=True)) == ["invordering"]
    assert list(case.diensten.values_list("code", flat=True)) == ["belastingdienst"]
    assert case.amount_relieved == Decimal("1234.50")
    # The field history holds none of it either.
    for row in case.history.all():
        assert (row.subject_name, row.contact_details, row.description) == ("", "", "")
    # The whole database: the name is nowhere in the case's tables any more.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM cases_historicalcase WHERE subject_name LIKE '%%Jansen%%'"
        )
        assert cursor.fetchone()[0] == 0
    # The access log is kept (it holds no personal data).
    assert AccessRecord.objects.count() >= looks_before


def test_anonymisation_leaves_every_aggregate_figure_unchanged(helper, casemanager, lead):
    other_helper = factories.helper()
    _closed_case(helper, casemanager, days_ago=500)
    _closed_case(other_helper, casemanager, days_ago=420, postcode_area="1011")
    _closed_case(helper, casemanager, days_ago=30)
    factories.accepted_case(helper=helper, casemanager=casemanager)
    factories.submitted_case(by=other_helper, postcode_area="9711")
    before = aggregate_figures()

    call_command("apply_retention")
    waiting = DestructionList.objects.get()
    assert waiting.items.count() == 2
    retention.destruction_list_approve(destruction_list=waiting, user=lead)
    call_command("apply_retention")  # carries out the approved list

    assert Case.objects.filter(summary=retention.ANONYMISED).count() == 2
    assert aggregate_figures() == before


def test_only_a_lead_approves(helper, casemanager, client):
    _closed_case(helper, casemanager, days_ago=400)
    waiting = retention.destruction_list_propose()
    with pytest.raises(NotPermitted):
        retention.destruction_list_approve(destruction_list=waiting, user=casemanager)
    for user in (casemanager, helper, factories.team_member(role="admin")):
        client.force_login(user)
        assert client.get("/bewaartermijn/").status_code == 403
        assert client.post(f"/bewaartermijn/{waiting.pk}/goedkeuren/").status_code == 403
    waiting.refresh_from_db()
    assert waiting.status == DestructionList.Status.PROPOSED


def test_a_list_is_approved_once(helper, casemanager, lead):
    _closed_case(helper, casemanager, days_ago=400)
    waiting = retention.destruction_list_propose()
    retention.destruction_list_approve(destruction_list=waiting, user=lead)
    with pytest.raises(TransitionNotAllowed):
        retention.destruction_list_approve(
            destruction_list=waiting, user=factories.team_member(role="lead")
        )
    waiting.refresh_from_db()
    assert waiting.approved_by == lead


def test_a_waiting_list_is_frozen_and_later_cases_go_on_the_next(helper, casemanager, lead):
    first = _closed_case(helper, casemanager, days_ago=400)
    waiting = retention.destruction_list_propose()
    second = _closed_case(helper, casemanager, days_ago=380)
    assert retention.destruction_list_propose() is None
    assert list(waiting.items.values_list("case_id", flat=True)) == [first.pk]

    retention.destruction_list_approve(destruction_list=waiting, user=lead)
    report = retention.retention_apply()
    assert (report.anonymised, report.proposed) == (1, 1)
    following = DestructionList.objects.get(status=DestructionList.Status.PROPOSED)
    assert list(following.items.values_list("case_id", flat=True)) == [second.pk]
    # Carrying out again changes nothing.
    assert retention.destruction_lists_carry_out() == 0


def test_apply_retention_deletes_stale_drafts(helper, settings, capsys):
    settings.DRAFT_RETENTION_DAYS = 30
    with time_machine.travel(timezone.now() - timedelta(days=40)):
        stale, _ = case_services.case_draft_create(user=helper, data={"subject_name": "X"})
    fresh, _ = case_services.case_draft_create(user=helper, data={"subject_name": "Y"})
    call_command("apply_retention")
    assert "1 stale draft(s) deleted" in capsys.readouterr().out
    assert list(Case.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not Case.objects.filter(pk=stale.pk).exists()


def test_retention_runs_daily_in_beat():
    entry = BEAT_SCHEDULE["apply-retention"]
    assert entry["task"] == "casework.tasks.apply_retention"
    assert entry["schedule"] == 24 * 60 * 60


def test_the_screen_is_in_the_more_menu_for_leads_only(client, lead, casemanager):
    client.force_login(lead)
    assert 'href="/bewaartermijn/"' in client.get("/bewaartermijn/").content.decode()
    client.force_login(casemanager)
    assert 'href="/bewaartermijn/"' not in client.get("/werkvoorraad/").content.decode()
