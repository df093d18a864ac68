"""The Kamer report in Chromium: a lead starts a report, watches its progress (the page
updates itself without a reload while a real Celery worker builds it), reads it, downloads
the PDF and the CSV; another lead finalises it on the confirmation page; an analyst reads
the list. axe-core on every page."""

from datetime import timedelta
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone
from playwright.sync_api import expect

from belangenbehartiger.celery import app as celery_app
from escalation import services as ladder
from reports import services
from reports.models import KamerReport
from signals import services as signal_services
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.celery_worker]

TITLE = "Rapportage aan de Tweede Kamer, najaar"
SIGNAL = "Dwangbevel terwijl een betalingsregeling loopt"
BUILD_TIMEOUT_MS = 60_000


def _chosen_signal(helper, casemanager, lead):
    case = factories.accepted_case(
        helper=helper, casemanager=casemanager, subject_name="Gerrit Zonneveld"
    )
    signal = factories.signal_on_agenda(by=casemanager, team=casemanager, title=SIGNAL)
    signal_services.signal_case_link(
        signal=signal, case=case, actor=casemanager, reason="Zelfde patroon."
    )
    signal_services.signal_select_for_kamer_report(signal=signal, lead=lead)
    signal.refresh_from_db()
    services.problem_statement_save(
        signal=signal,
        actor=casemanager,
        cause="De regeling staat niet in het systeem.",
        dienst_response="De Dienst onderzoekt het.",
        recommendation="Leg regelingen binnen twee werkdagen vast.",
    )
    item = ladder.kamer_item_propose(
        case=case,
        actor=casemanager,
        vignette="Een vader kreeg een dwangbevel terwijl hij elke maand op tijd afloste.",
        reason="Structureel.",
    )
    ladder.kamer_item_approve(item=item, actor=lead)


def test_a_lead_makes_a_report_and_another_lead_finalises_it(
    new_page, log_in, assert_accessible, helper, casemanager, lead, analyst, redis_broker_url
):
    other_lead = factories.team_member(role="lead")
    _chosen_signal(helper, casemanager, lead)
    today = timezone.localdate()
    celery_app.conf.task_always_eager = False

    page = new_page(bypass_csp=True)
    log_in(page, lead)
    page.goto("/rapportages/")
    assert_accessible(page)
    expect(page.get_by_role("link", name=SIGNAL, exact=True)).to_be_visible()  # chosen
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Periode vanaf").fill((today - timedelta(days=180)).isoformat())
    page.get_by_label("Periode tot en met").fill(today.isoformat())

    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        page.get_by_role("button", name="Rapportage maken").click()
        expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
        # A reload would clear this mark: the page must update itself.
        page.evaluate("window.__sameDocument = true")
        expect(page.get_by_role("link", name="Download als PDF")).to_be_visible(
            timeout=BUILD_TIMEOUT_MS
        )
    assert page.evaluate("window.__sameDocument === true")
    expect(page.get_by_text("Concept.", exact=False)).to_be_visible()
    expect(page.get_by_role("link", name="Definitief maken")).to_have_count(0)  # own report
    assert_accessible(page)
    report = KamerReport.objects.get(title=TITLE)
    assert report.status == KamerReport.Status.DRAFT

    with page.expect_download() as download:
        page.get_by_role("link", name="Download als PDF").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download de tabellen als CSV").click()
    assert "Kerncijfers" in Path(download.value.path()).read_text(encoding="utf-8")

    page.get_by_role("link", name="Bekijk de rapportage").click()
    expect(page.get_by_role("heading", name=f"1. {SIGNAL}")).to_be_visible()
    expect(page.get_by_text("Een vader kreeg een dwangbevel")).to_be_visible()
    expect(page.get_by_text("Zonneveld")).to_have_count(0)
    assert_accessible(page)

    second = new_page(bypass_csp=True)
    log_in(second, other_lead)
    second.goto(f"/rapportages/{report.pk}/")
    second.get_by_role("link", name="Definitief maken").click()
    expect(second.get_by_text("Dit kunt u niet ongedaan maken.", exact=False)).to_be_visible()
    assert_accessible(second)
    second.get_by_role("button", name="Definitief maken").click()
    expect(second.get_by_text("De rapportage is definitief.")).to_be_visible()
    expect(second.get_by_role("button", name="Opnieuw genereren")).to_have_count(0)
    assert_accessible(second)
    report.refresh_from_db()
    assert report.status == KamerReport.Status.FINAL
    assert report.finalised_by == other_lead

    reader = new_page(bypass_csp=True)
    log_in(reader, analyst)
    reader.goto("/rapportages/")
    expect(reader.get_by_role("link", name=TITLE)).to_be_visible()
    expect(reader.get_by_role("button", name="Rapportage maken")).to_have_count(0)
    assert_accessible(reader)
