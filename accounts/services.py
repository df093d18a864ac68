"""What writes in the accounts app: the password-reset e-mail (sent by a Celery task),
unlocking an account that the lockout refused, revoking API tokens."""

from urllib.parse import urlsplit

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.authtoken.models import Token

from .models import User

RESET_SUBJECT_TEMPLATE = "accounts/email/password_reset_subject.txt"
RESET_BODY_TEMPLATE = "accounts/email/password_reset.txt"


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


def account_unlock(*, user: User) -> int:
    """Lift the lockout of this account now; the number of attempt records removed."""
    return axes_reset(username=user.get_username())


def api_tokens_revoke(*, users) -> int:
    """Delete these users' API tokens; their keys stop working at once."""
    deleted, _ = Token.objects.filter(user__in=users).delete()
    return deleted
