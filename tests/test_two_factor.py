"""The second factor: who must give one, enrolling an app, verifying, recovery codes, the
admin and the API (accounts/two_factor.py, accounts/middleware.py)."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from accounts.two_factor import code_for_reading, recovery_codes_create

from . import factories


def sign_in(client, user):
    """The login form, as a person uses it (force_login would skip the door under test)."""
    response = client.post(
        "/inloggen/", {"username": user.username, "password": factories.PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def enrol(client, user, *, next_url="/triage/") -> TOTPDevice:
    client.get(f"/beveiliging/app-koppelen/?next={next_url}")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(
        "/beveiliging/app-koppelen/", {"token": code_for(device), "next": next_url}
    )
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


@pytest.fixture
def enrolled_casemanager(casemanager, client, two_factor_required):
    """A casemanager with a linked app, signed out again."""
    sign_in(client, casemanager)
    device = enrol(client, casemanager)
    client.logout()
    return casemanager, device


def test_casemanager_cannot_reach_triage_without_the_second_factor(
    client, casemanager, two_factor_required
):
    sign_in(client, casemanager)

    response = client.get("/triage/")

    assert response.status_code == 302
    assert response["Location"] == "/beveiliging/app-koppelen/?next=/triage/"


def test_casemanager_enrols_an_app_then_reaches_triage(client, casemanager, two_factor_required):
    sign_in(client, casemanager)
    page = client.get("/beveiliging/app-koppelen/?next=/triage/").content.decode()
    assert "data:image/svg+xml" in page  # the QR code, as an image the CSP allows
    device = TOTPDevice.objects.get(user=casemanager, confirmed=False)

    response = client.post(
        "/beveiliging/app-koppelen/", {"token": code_for(device), "next": "/triage/"}
    )

    assert response["Location"] == "/beveiliging/herstelcodes/?next=/triage/"
    codes_page = client.get(response["Location"]).content.decode()
    assert codes_page.count("<code>") == 10
    assert client.get("/beveiliging/herstelcodes/").status_code == 302  # shown once
    assert client.get("/triage/").status_code == 200


def test_a_wrong_code_does_not_link_the_app(client, casemanager, two_factor_required):
    sign_in(client, casemanager)
    client.get("/beveiliging/app-koppelen/")
    device = TOTPDevice.objects.get(user=casemanager, confirmed=False)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"

    response = client.post("/beveiliging/app-koppelen/", {"token": wrong})

    assert response.status_code == 200
    assert "klopt niet" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/triage/").status_code == 302


def test_enrolled_casemanager_gives_the_code_at_the_next_sign_in(client, enrolled_casemanager):
    casemanager, device = enrolled_casemanager
    sign_in(client, casemanager)
    assert client.get("/triage/")["Location"] == "/beveiliging/bevestigen/?next=/triage/"

    with time_machine.travel(timezone.now() + timedelta(seconds=60)):
        response = client.post(
            "/beveiliging/bevestigen/", {"token": code_for(device), "next": "/triage/"}
        )
        assert response["Location"] == "/triage/"
        assert client.get("/triage/").status_code == 200


def test_a_wrong_code_at_sign_in_is_refused(client, enrolled_casemanager):
    casemanager, _ = enrolled_casemanager
    sign_in(client, casemanager)

    response = client.post("/beveiliging/bevestigen/", {"token": "000000", "next": "/triage/"})

    assert response.status_code == 200
    assert "klopt niet" in response.content.decode()
    assert client.get("/triage/").status_code == 302


def test_a_password_alone_cannot_link_another_app(client, enrolled_casemanager):
    """Else anyone with the password would add their own phone and pass the second step."""
    casemanager, _ = enrolled_casemanager
    sign_in(client, casemanager)

    response = client.get("/beveiliging/app-koppelen/")

    assert response["Location"] == "/beveiliging/bevestigen/"
    assert not TOTPDevice.objects.filter(user=casemanager, confirmed=False).exists()


def test_a_recovery_code_works_once(client, casemanager, two_factor_required):
    code = recovery_codes_create(user=casemanager)[0]
    sign_in(client, casemanager)

    as_typed = code_for_reading(code).upper()  # grouped as shown, in capitals
    response = client.post("/beveiliging/bevestigen/", {"token": as_typed, "next": "/triage/"})
    assert response["Location"] == "/triage/"
    assert client.get("/triage/").status_code == 200

    client.logout()
    sign_in(client, casemanager)
    again = client.post("/beveiliging/bevestigen/", {"token": code, "next": "/triage/"})
    assert again.status_code == 200
    assert client.get("/triage/").status_code == 302


def test_the_admin_needs_the_second_factor(client, db, two_factor_required):
    admin_user = factories.team_member(role="admin", is_staff=True)
    sign_in(client, admin_user)

    assert client.get("/beheer/")["Location"] == "/beveiliging/app-koppelen/?next=/beheer/"
    enrol(client, admin_user, next_url="/beheer/")
    assert client.get("/beheer/").status_code == 200


def test_the_admin_sends_its_sign_in_to_the_site_login_form(client, db):
    response = client.get("/beheer/login/?next=/beheer/")

    assert response.status_code == 302
    assert response["Location"] == "/inloggen/?next=/beheer/"


def test_the_admin_refuses_an_unverified_session_even_without_the_middleware(
    client, db, settings, two_factor_required
):
    """The admin's own permission check wants the second factor too (defence in depth)."""
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if m != "accounts.middleware.SecondFactorMiddleware"
    ]
    admin_user = factories.team_member(role="admin", is_staff=True)
    sign_in(client, admin_user)

    response = client.get("/beheer/", follow=True)

    assert response.status_code == 403


def test_a_helper_is_not_forced(client, helper, two_factor_required):
    sign_in(client, helper)

    assert client.get("/casussen/").status_code == 200


def test_a_helper_who_linked_an_app_is_asked_for_it(client, helper, two_factor_required):
    sign_in(client, helper)
    assert client.get("/beveiliging/").status_code == 200
    enrol(client, helper, next_url="/casussen/")
    client.logout()

    sign_in(client, helper)

    assert client.get("/casussen/")["Location"] == "/beveiliging/bevestigen/?next=/casussen/"


def test_staff_reach_their_pages_with_one_factor_when_not_required(client, casemanager):
    sign_in(client, casemanager)

    assert client.get("/triage/").status_code == 200


def test_an_unverified_session_gets_a_403_from_the_api(client, casemanager, two_factor_required):
    sign_in(client, casemanager)

    response = client.get("/api/v1/cases/")

    assert response.status_code == 403
    assert "tweede stap" in response.json()["detail"]


def test_an_api_token_is_not_asked_for_the_web_second_factor(
    client, casemanager, two_factor_required
):
    """Tokens are issued by an administrator for one integration (docs/security.md)."""
    token = Token.objects.create(user=casemanager)

    response = client.get("/api/v1/cases/", HTTP_AUTHORIZATION=f"Token {token.key}")

    assert response.status_code == 200


def test_the_security_page_shows_the_devices_and_codes_left(client, enrolled_casemanager):
    casemanager, device = enrolled_casemanager
    sign_in(client, casemanager)
    with time_machine.travel(timezone.now() + timedelta(seconds=60)):
        client.post("/beveiliging/bevestigen/", {"token": code_for(device)})
        page = client.get("/beveiliging/").content.decode()
        assert "10 ongebruikte herstelcodes" in page
        renewed = client.post("/beveiliging/herstelcodes/")
        assert renewed["Location"] == "/beveiliging/herstelcodes/"
        assert client.get("/beveiliging/herstelcodes/").content.decode().count("<code>") == 10


def test_recovery_codes_are_ten_new_codes_of_eighty_bits(casemanager):
    first = recovery_codes_create(user=casemanager)
    second = recovery_codes_create(user=casemanager)

    assert len(set(first)) == len(set(second)) == 10
    assert all(len(code) == 16 for code in first + second)  # 16 base32 characters
    assert not set(first) & set(second)


def test_the_second_step_never_sends_you_to_another_site(client, casemanager, two_factor_required):
    code = recovery_codes_create(user=casemanager)[0]
    sign_in(client, casemanager)

    response = client.post(
        "/beveiliging/bevestigen/", {"token": code, "next": "https://elders.example/"}
    )

    assert response["Location"] == "/"


NOTICE = "Uw inlog bij de Belangenbehartiger is gewijzigd"


def test_linking_an_app_tells_the_user_by_email(
    client, casemanager, two_factor_required, django_capture_on_commit_callbacks
):
    sign_in(client, casemanager)
    with django_capture_on_commit_callbacks(execute=True):
        enrol(client, casemanager)

    assert [m.subject for m in mail.outbox] == [NOTICE]
    assert "authenticator-app" in mail.outbox[0].body
    assert mail.outbox[0].to == [casemanager.email]


def test_new_recovery_codes_tell_the_user_by_email(
    client, casemanager, django_capture_on_commit_callbacks
):
    code = recovery_codes_create(user=casemanager)[0]
    sign_in(client, casemanager)
    client.post("/beveiliging/bevestigen/", {"token": code})

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/beveiliging/herstelcodes/")

    assert [m.subject for m in mail.outbox] == [NOTICE]
    assert "nieuwe herstelcodes" in mail.outbox[0].body
