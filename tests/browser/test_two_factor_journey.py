"""Signing in with a second factor in Chromium: a casemanager for whom it is required links
an authenticator app (the code made here from the key the page shows), keeps the recovery
codes, reaches the triage queue; the next sign-in takes a recovery code. axe-core on each
second-factor page."""

import base64
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django_otp.oath import totp
from playwright.sync_api import expect

from accounts.two_factor import recovery_codes_create
from tests import factories

pytestmark = pytest.mark.browser


TRIAGE_HEADING = "Triage: casussen die wachten op een besluit"


def code_from_secret(secret: str) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key):06d}"


def at(path: str):
    """The page's path is exactly this (a glob like **/triage/ also matches ?next=/triage/)."""
    return lambda url: urlsplit(url).path == path


def session_key(page) -> str:
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    return cookies[settings.SESSION_COOKIE_NAME]


def sign_in_with_the_form(page, user) -> None:
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(factories.PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_casemanager_links_an_app_and_reaches_triage(
    axe_page, casemanager, two_factor_required, assert_accessible
):
    page = axe_page
    page.goto("/triage/")
    page.wait_for_url("**/inloggen/?next=/triage/")
    sign_in_with_the_form(page, casemanager)

    page.wait_for_url("**/beveiliging/app-koppelen/?next=/triage/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Koppel een authenticator-app")
    assert_accessible(page)
    page.get_by_role("button", name="App koppelen").click()  # no code yet: an error
    expect(page.get_by_role("alert")).to_contain_text("Code uit de app")
    assert_accessible(page)
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Code uit de app").fill(code_from_secret(secret))
    page.get_by_role("button", name="App koppelen").click()

    page.wait_for_url("**/beveiliging/herstelcodes/**")
    codes = page.get_by_test_id("recovery-codes").locator("li")
    expect(codes).to_have_count(10)
    recovery_code = codes.first.inner_text().strip()
    assert_accessible(page)
    page.get_by_role("link", name="Ik heb ze bewaard, verder").click()
    page.wait_for_url(at("/triage/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TRIAGE_HEADING)

    page.get_by_text("Meer").click()
    page.get_by_role("link", name="Beveiliging").click()
    expect(page.get_by_test_id("codes-left")).to_have_text(
        "U hebt nog 10 ongebruikte herstelcodes."
    )
    assert_accessible(page)

    page.get_by_role("button", name="Uitloggen").click()
    page.goto("/triage/")
    sign_in_with_the_form(page, casemanager)
    page.wait_for_url("**/beveiliging/bevestigen/?next=/triage/")
    assert_accessible(page)
    page.get_by_label("Code").fill(recovery_code)
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(at("/triage/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TRIAGE_HEADING)


def test_casemanager_adds_a_passkey_and_signs_in_with_it(
    page, casemanager, two_factor_required, settings, live_server
):
    """Chromium's virtual authenticator stands in for the phone or security key."""
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    recovery_code = recovery_codes_create(user=casemanager)[0]
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    page.goto("/triage/")
    sign_in_with_the_form(page, casemanager)
    page.wait_for_url("**/beveiliging/bevestigen/**")
    page.get_by_label("Code").fill(recovery_code)
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(at("/triage/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TRIAGE_HEADING)

    page.goto("/beveiliging/")
    page.get_by_role("button", name="Passkey toevoegen").click()
    expect(page.get_by_test_id("passkeys").locator("li")).to_have_count(1)
    assert "Er is een passkey aan uw account toegevoegd." in mail.outbox[-1].body

    page.get_by_role("button", name="Uitloggen").click()
    page.goto("/triage/")
    sign_in_with_the_form(page, casemanager)
    page.wait_for_url("**/beveiliging/bevestigen/**")
    before = session_key(page)
    page.get_by_role("button", name="Bevestigen met een passkey").click()
    page.wait_for_url(at("/triage/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TRIAGE_HEADING)
    assert session_key(page) != before  # a new session key for the verified session


def test_a_locked_account_gets_a_dutch_page_that_is_accessible(axe_page, helper, assert_accessible):
    client = Client()
    for _ in range(10):
        client.post("/inloggen/", {"username": helper.username, "password": "verkeerd"})
    page = axe_page
    page.goto("/inloggen/")

    sign_in_with_the_form(page, helper)  # the right password

    expect(page.get_by_test_id("locked-out")).to_contain_text("ook met het goede wachtwoord")
    assert_accessible(page)
