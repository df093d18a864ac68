"""The lead's data screens in the browser: the access log, and a destruction list approved
through its confirmation, each page without axe-core violations."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Case
from casework import retention, steps
from casework.models import DestructionList
from tests import factories
from tests.factories import api

pytestmark = pytest.mark.browser


def test_a_lead_reads_the_access_log_and_filters_it(
    axe_page, log_in, assert_accessible, helper, casemanager, lead
):
    case = factories.submitted_case(by=helper)
    api(casemanager).get(f"/api/v1/cases/{case.reference}/")
    log_in(axe_page, lead)
    axe_page.goto("/")
    axe_page.get_by_text("Meer").click()
    axe_page.get_by_role("link", name="Logboek").click()
    expect(axe_page.get_by_role("heading", level=1)).to_have_text("Logboek dataverwerkingen")
    expect(axe_page.get_by_role("cell", name=case.reference)).to_be_visible()
    assert_accessible(axe_page)

    axe_page.get_by_label("Kenmerk").fill("BB-1999-000001")
    axe_page.get_by_role("button", name="Filteren").click()
    expect(axe_page.get_by_text("Geen vastleggingen gevonden met deze filters.")).to_be_visible()
    assert_accessible(axe_page)


def test_a_lead_approves_a_destruction_list_after_a_confirmation(
    axe_page, log_in, assert_accessible, helper, casemanager, lead, settings
):
    settings.RETENTION_CLOSED_DAYS = 30
    with time_machine.travel(timezone.now() - timedelta(days=60), tick=False):
        case = factories.accepted_case(helper=helper, casemanager=casemanager)
        steps.case_resolve(case=case, user=casemanager, reason="Opgelost.")
        steps.case_close(case=case, user=casemanager, outcome="fully_solved")
    retention.destruction_list_propose()

    log_in(axe_page, lead)
    axe_page.goto("/bewaartermijn/")
    expect(axe_page.get_by_role("cell", name=case.reference)).to_be_visible()
    assert_accessible(axe_page)

    axe_page.get_by_role("link", name="Lijst goedkeuren").click()
    assert_accessible(axe_page)
    axe_page.get_by_label("Ik heb de lijst gecontroleerd", exact=False).check()
    axe_page.get_by_role("button", name="Controleren").click()
    expect(axe_page.get_by_role("button", name="Ja, keur de lijst goed")).to_be_visible()
    assert DestructionList.objects.get().status == DestructionList.Status.PROPOSED
    assert_accessible(axe_page)

    axe_page.get_by_role("button", name="Ja, keur de lijst goed").click()
    expect(axe_page.get_by_text("De vernietigingslijst is goedgekeurd.")).to_be_visible()
    assert_accessible(axe_page)
    approved = DestructionList.objects.get()
    assert approved.approved_by == lead
    retention.destruction_lists_carry_out()  # the worker's part (queued at commit)
    assert Case.objects.get(pk=case.pk).subject_name == ""
