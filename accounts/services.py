"""What writes in the accounts app: the password-reset e-mail and the notice that a way of
signing in changed (both sent by Celery tasks), unlocking an account that the lockout
refused, revoking API tokens."""

from urllib.parse import urlsplit

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import Token

from belangenbehartiger.queue import enqueue_on_commit

from .models import User

RESET_SUBJECT_TEMPLATE = "accounts/email/password_reset_subject.txt"
RESET_BODY_TEMPLATE = "accounts/email/password_reset.txt"
NOTICE_SUBJECT_TEMPLATE = "accounts/email/security_notice_subject.txt"
NOTICE_BODY_TEMPLATE = "accounts/email/security_notice.txt"


def password_reset_email_send(*, user_id: int) -> bool:
    """Send the link to set a new password. The token is made here, in the worker, so no
    usable link ever sits in the broker. False when the account cannot sign in."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password() or not user.email:
        return False
    site = urlsplit(settings.SITE_URL)
    context = {
        "email": user.email,
        "domain": site.netloc,
        "site_name": "Belangenbehartiger",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": site.scheme,
    }
    subject = "".join(loader.render_to_string(RESET_SUBJECT_TEMPLATE, context).splitlines())
    body = loader.render_to_string(RESET_BODY_TEMPLATE, context)
    EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()
    return True


# What changed, as the notice names it (ASVS 2.2.3: tell the user, so a change they did not
# make is noticed).
SECURITY_CHANGES = {
    "password": _("Uw wachtwoord is gewijzigd."),
    "app": _("Er is een authenticator-app aan uw account gekoppeld."),
    "passkey": _("Er is een passkey aan uw account toegevoegd."),
    "recovery_codes": _(
        "Er zijn nieuwe herstelcodes voor uw account gemaakt; de oude werken niet meer."
    ),
}


def security_notice_queue(*, user: User, change: str) -> None:
    """Queue the notice once the current transaction commits."""
    if change not in SECURITY_CHANGES:
        raise ValueError(f"unknown change {change!r}")
    enqueue_on_commit("accounts.tasks.send_security_notice", user.pk, change)


def security_notice_send(*, user_id: int, change: str) -> bool:
    """E-mail the user that a way of signing in changed. False without an address."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    context = {"user": user, "change": SECURITY_CHANGES[change], "site_url": settings.SITE_URL}
    subject = "".join(loader.render_to_string(NOTICE_SUBJECT_TEMPLATE, context).splitlines())
    body = loader.render_to_string(NOTICE_BODY_TEMPLATE, context)
    EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()
    return True


def account_unlock(*, user: User) -> int:
    """Lift the lockout of this account now; the number of attempt records removed."""
    return axes_reset(username=user.get_username())


def api_tokens_revoke(*, users) -> int:
    """Delete these users' API tokens; their keys stop working at once."""
    deleted, _ = Token.objects.filter(user__in=users).delete()
    return deleted
