"""The Django admin pages a functional administrator uses: axe-core finds no WCAG 2.1 AA
violation and no id occurs twice (templates/admin/base_site.html, static/css/admin.css,
static/js/admin-a11y.js). Django's admin CSP-safe, no inline script, under our CSP."""

import pytest
from playwright.sync_api import expect

from accounts.models import Dienst, Organisation
from cases.models import Theme
from escalation.models import Rung
from tests import factories
from triage.models import ReferralTarget

pytestmark = pytest.mark.browser


@pytest.fixture
def administrator(db):
    return factories.team_member(role="admin", is_staff=True, is_superuser=True)


def admin_pages(administrator):
    organisation = Organisation.objects.first()
    dienst = Dienst.objects.first()
    theme = Theme.objects.first()
    rung = Rung.objects.first()
    target = ReferralTarget.objects.first()
    user = administrator.pk
    return [
        "/beheer/",
        "/beheer/accounts/",
        "/beheer/accounts/user/",
        "/beheer/accounts/user/?role__exact=helper&q=test",
        "/beheer/accounts/user/add/",
        f"/beheer/accounts/user/{user}/change/",
        f"/beheer/accounts/user/{user}/password/",
        f"/beheer/accounts/user/{user}/history/",
        "/beheer/auth/group/add/",
        "/beheer/accounts/organisation/",
        "/beheer/accounts/organisation/add/",
        f"/beheer/accounts/organisation/{organisation.pk}/change/",
        "/beheer/accounts/dienst/",
        f"/beheer/accounts/dienst/{dienst.pk}/change/",
        "/beheer/cases/theme/",
        f"/beheer/cases/theme/{theme.pk}/change/",
        f"/beheer/cases/theme/{theme.pk}/delete/",
        "/beheer/escalation/rung/",
        f"/beheer/escalation/rung/{rung.pk}/change/",
        "/beheer/deadlines/extranonworkingday/",
        "/beheer/deadlines/extranonworkingday/add/",
        "/beheer/triage/referraltarget/",
        f"/beheer/triage/referraltarget/{target.pk}/change/",
        # Sign-in security: second-factor devices and locked accounts (no token page: the
        # user's page shows a token's prefix).
        "/beheer/otp_totp/totpdevice/",
        "/beheer/otp_static/staticdevice/",
        "/beheer/django_otp_webauthn/webauthncredential/",
        "/beheer/axes/accessattempt/",
        "/beheer/password_change/",
        # The directory: an organisation with its service areas (a table of fields).
        "/beheer/directory/helporganisation/",
        "/beheer/directory/helporganisation/add/",
    ]


def test_the_admin_login_page_is_accessible(axe_page, assert_accessible):
    axe_page.goto("/beheer/login/")
    assert_accessible(axe_page)


def test_every_admin_page_an_administrator_uses_is_accessible(
    axe_page, log_in, administrator, assert_accessible
):
    factories.helper()  # a user in the lists besides the administrator
    log_in(axe_page, administrator)
    for url in admin_pages(administrator):
        response = axe_page.goto(url)
        assert response.ok, f"{url}: HTTP {response.status}"
        axe_page.wait_for_load_state("load")  # the filter widgets are built on load
        assert_accessible(axe_page)


def test_the_group_filter_widget_keeps_its_help_for_the_filter_input(page, log_in, administrator):
    log_in(page, administrator)
    page.goto(f"/beheer/accounts/user/{administrator.pk}/change/")

    search = page.locator("#id_groups_input")
    expect(search).to_have_attribute(
        "title", "Typ in dit vak om de lijst met beschikbare groepen te filteren."
    )
    assert page.locator(".help-tooltip[aria-label]").count() == 0
