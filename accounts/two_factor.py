"""The second factor: who must give one, which devices a user has, enrolling and verifying.

Staff (casemanager, lead, liaison, administrator) and anyone who may use the Django admin
must give a second factor when ``TWO_FACTOR_REQUIRED`` is true; a user who enrolled one
(a helper may) is asked for it at every sign-in, whatever the setting. The factors are an
authenticator app (TOTP), single-use recovery codes, and passkeys (WebAuthn). The middleware
in accounts/middleware.py sends an unverified user here before any other page.
"""

import base64
import secrets

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from .models import Role, User
from .services import security_notice_queue

SECOND_FACTOR_ROLES = frozenset({Role.CASEMANAGER, Role.LEAD, Role.LIAISON, Role.ADMIN})
RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "herstelcodes"
# Recovery codes made by enrolment or renewal, shown once on the next page and then gone.
NEW_CODES_SESSION_KEY = "two_factor_new_recovery_codes"


def has_second_factor(user: User) -> bool:
    """True when the user has a confirmed app, recovery codes or passkey: one query."""
    totp = TOTPDevice.objects.filter(user=user, confirmed=True).values("pk")
    static = StaticDevice.objects.filter(user=user, confirmed=True).values("pk")
    passkeys = WebAuthnCredential.objects.filter(user=user, confirmed=True).values("pk")
    return totp.union(static, passkeys).exists()


def role_requires_second_factor(user: User) -> bool:
    return settings.TWO_FACTOR_REQUIRED and (
        user.role in SECOND_FACTOR_ROLES or user.is_staff or user.is_superuser
    )


def second_factor_needed(user: User) -> bool:
    """Whether this signed-in, not yet verified user must give a second factor now."""
    return role_requires_second_factor(user) or has_second_factor(user)


def totp_devices(user: User):
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk")


def passkeys(user: User):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("pk")


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(
        device__user=user, device__confirmed=True, device__name=RECOVERY_DEVICE_NAME
    ).count()


@transaction.atomic
def totp_pending_get_or_create(*, user: User) -> TOTPDevice:
    """The app the user is linking now: one unconfirmed device, kept across page loads so
    the QR code does not change while they scan it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=False)
    return device


def totp_secret_for_typing(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an app that cannot scan."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def recovery_codes_create(*, user: User) -> list[str]:
    """A fresh set of recovery codes; earlier ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _recovery_code() -> str:
    """16 base32 characters (80 random bits), the longest the token column holds;
    django-otp's own are 8 (40 bits)."""
    return base64.b32encode(secrets.token_bytes(10)).decode().lower()


def _mark_verified(request: HttpRequest, device) -> None:
    # A new session key for the more trusted session (as a sign-in does), then the mark.
    request.session.cycle_key()
    otp_login(request, device)


@transaction.atomic
def totp_confirm(*, request: HttpRequest, device: TOTPDevice, token: str) -> bool:
    """Link the app when the code it shows is right; the session counts as verified and
    a first set of recovery codes waits in the session to be shown once."""
    if not device.verify_token(_normalised(token)):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    if not recovery_codes_left(device.user):
        request.session[NEW_CODES_SESSION_KEY] = recovery_codes_create(user=device.user)
    security_notice_queue(user=device.user, change="app")
    _mark_verified(request, device)
    return True


@transaction.atomic
def recovery_codes_renew(*, user: User) -> list[str]:
    """New recovery codes on request; the user is told by e-mail."""
    codes = recovery_codes_create(user=user)
    security_notice_queue(user=user, change="recovery_codes")
    return codes


@transaction.atomic
def second_factor_verify(*, request: HttpRequest, token: str) -> bool:
    """Verify a code from the app or a recovery code (which is used up by this)."""
    device = match_token(request.user, _normalised(token))
    if device is None:
        return False
    _mark_verified(request, device)
    return True


def _normalised(token: str) -> str:
    """A code as people type it: spaces and dashes left out, any case."""
    return token.replace(" ", "").replace("-", "").lower()


def code_for_reading(code: str) -> str:
    """A recovery code in groups of four, as shown once (typing it grouped is fine)."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))
