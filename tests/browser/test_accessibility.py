"""axe-core finds no WCAG 2.1 A/AA violations on the pages of the main journeys."""

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from cases import services
from cases.models import Case
from tests import factories

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@dataclass
class World:
    helper: User
    casemanager: User
    draft: Case
    submitted: Case


@pytest.fixture
def world(helper, casemanager) -> World:
    """A complete draft with an attachment, and two submitted cases for the same BSN, so the
    pages show their fullest state: tables, badges and the possible-duplicate warning."""
    draft, _ = services.case_draft_create(user=helper, data=factories.valid_case_data())
    services.case_draft_update(case=draft, user=helper, diensten=[factories.dienst()], themes=[])
    services.attachment_add(
        case=draft,
        user=helper,
        uploaded=SimpleUploadedFile("beschikking.pdf", PDF, content_type="application/pdf"),
    )
    factories.submitted_case(by=helper, summary="Eerdere melding over hetzelfde beslag")
    submitted = factories.submitted_case(by=helper, themes=("invordering",))
    return World(helper, casemanager, draft, submitted)


def _step(slug):
    return lambda w: f"/casussen/concept/{w.draft.uuid}/stap/{slug}/"


def _submit_invalid_bsn(page):
    page.locator("#id_bsn").fill("123456789")
    page.get_by_role("button", name="Opslaan en verder").click()
    page.locator("#id_bsn_error").wait_for()


# name -> (who is logged in, the URL, an optional action on the page before the check)
PAGES = {
    "login": (None, lambda w: "/inloggen/", None),
    "intake-1-betrokkene": ("helper", lambda w: "/casussen/nieuw/", None),
    "intake-1-betrokkene-with-errors": ("helper", _step("betrokkene"), _submit_invalid_bsn),
    "intake-2-toestemming": ("helper", _step("toestemming"), None),
    "intake-3-probleem": ("helper", _step("probleem"), None),
    "intake-4-urgentie": ("helper", _step("urgentie"), None),
    "intake-5-bijlagen": ("helper", _step("bijlagen"), None),
    "intake-6-controleren": ("helper", _step("controleren"), None),
    "confirmation": ("helper", lambda w: f"/casussen/{w.submitted.reference}/bevestiging/", None),
    "helper-overview": ("helper", lambda w: "/casussen/", None),
    "team-list": ("casemanager", lambda w: "/casussen/", None),
    "case-page": ("casemanager", lambda w: f"/casussen/{w.submitted.reference}/", None),
    "case-page-as-helper": ("helper", lambda w: f"/casussen/{w.submitted.reference}/", None),
}


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_wcag21_aa_violations(name, axe_page, log_in, assert_accessible, world):
    who, url, action = PAGES[name]
    if who:
        log_in(axe_page, getattr(world, who))
    response = axe_page.goto(url(world))
    assert response.ok, f"{name}: HTTP {response.status}"
    if action:
        action(axe_page)

    assert_accessible(axe_page)
