from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp_webauthn.views import (
    CompleteCredentialAuthenticationView,
    CompleteCredentialRegistrationView,
)

from belangenbehartiger.qr import qr_data_uri

from . import two_factor
from .forms import (
    LoginForm,
    NewPasswordForm,
    ResetRequestForm,
    SecondFactorForm,
    TotpConfirmForm,
)
from .middleware import activity_mark
from .models import Role
from .services import security_notice_queue
from .throttle import password_reset_allowed_for_ip


@login_required
def home(request):
    """Send each role to where its work starts."""
    if request.user.role == Role.HELPER:
        return redirect("cases:list")
    if request.user.role in (Role.CASEMANAGER, Role.LEAD):
        return redirect("casework:workload")
    if request.user.role == Role.LIAISON:
        return redirect("escalation:inbox")
    if request.user.role == Role.ANALYST:
        return redirect("reports:analyst_home")
    return render(request, "accounts/home.html")


class LoginView(auth_views.LoginView):
    """The one sign-in form (the admin sends its users here too): django-axes refuses a
    locked account, then the second factor follows (accounts/middleware.py)."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        activity_mark(self.request)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """The same answer whether the address is known, unknown or throttled: the e-mail goes
    out through Celery only when the address and the account are under their limits."""

    template_name = "accounts/password_reset_form.html"
    form_class = ResetRequestForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        if password_reset_allowed_for_ip(self.request):
            with transaction.atomic():
                form.save()
        return redirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting the new password ends every other session (Django's session auth hash) and
    tells the user by e-mail."""

    template_name = "accounts/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            security_notice_queue(user=form.user, change="password")
        return response


class PasskeyVerificationCompleteView(CompleteCredentialAuthenticationView):
    """django-otp-webauthn's last step of verifying with a passkey, with a new session key
    for the now verified session, as the other second factors get."""

    def complete_auth(self, device):
        self.request.session.cycle_key()
        return super().complete_auth(device)


class PasskeyRegistrationCompleteView(CompleteCredentialRegistrationView):
    """django-otp-webauthn's last step of adding a passkey, and the e-mail that says so."""

    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        if response.status_code == 200:
            security_notice_queue(user=self.request.user, change="passkey")
        return response


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@login_required
def two_factor_verify(request):
    """The second step of signing in: a code from the app, a recovery code or a passkey."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not two_factor.has_second_factor(user):
        return redirect("two_factor_setup")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.second_factor_verify(request=request, token=form.cleaned_data["token"]):
            activity_mark(request)
            return redirect(_next_url(request))
        form.add_error(
            "token",
            _(
                "Deze code klopt niet of is al gebruikt. Kijk of de tijd op uw telefoon goed "
                "staat, of gebruik een herstelcode."
            ),
        )
    return render(
        request,
        "accounts/two_factor_verify.html",
        {
            "form": form,
            "next": _next_url(request),
            "has_passkey": two_factor.passkeys(user).exists(),
        },
    )


@login_required
def two_factor_setup(request):
    """Link an authenticator app: scan the QR code (or type the key), give one code."""
    user = request.user
    if two_factor.has_second_factor(user) and not user.is_verified():
        # Adding a factor takes the one you have: a password alone may not add a new one.
        return redirect("two_factor_verify")
    device = two_factor.totp_pending_get_or_create(user=user)
    form = TotpConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.totp_confirm(
            request=request, device=device, token=form.cleaned_data["token"]
        ):
            activity_mark(request)
            messages.success(request, _("De app is gekoppeld."))
            if two_factor.NEW_CODES_SESSION_KEY in request.session:
                return redirect(f"{reverse('recovery_codes')}?next={quote(_next_url(request))}")
            return redirect(_next_url(request))
        form.add_error(
            "token", _("Deze code klopt niet. Kijk of de tijd op uw telefoon goed staat.")
        )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "next": _next_url(request),
            "qr": qr_data_uri(device.config_url, scale=4),
            "secret": two_factor.totp_secret_for_typing(device),
            "required": two_factor.role_requires_second_factor(user),
        },
    )


@login_required
def recovery_codes(request):
    """New recovery codes, shown once: on the page after enrolment or renewal."""
    if request.method == "POST":
        if not request.user.is_verified():
            return redirect("two_factor_verify")
        request.session[two_factor.NEW_CODES_SESSION_KEY] = two_factor.recovery_codes_renew(
            user=request.user
        )
        return redirect("recovery_codes")
    codes = request.session.pop(two_factor.NEW_CODES_SESSION_KEY, None)
    if codes is None:
        return redirect("security")
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": [two_factor.code_for_reading(c) for c in codes], "next": _next_url(request)},
    )


@login_required
def security(request):
    """The user's own second factors: apps, passkeys, recovery codes."""
    user = request.user
    return render(
        request,
        "accounts/security.html",
        {
            "nav": "security",
            "apps": two_factor.totp_devices(user),
            "passkeys": two_factor.passkeys(user),
            "codes_left": two_factor.recovery_codes_left(user),
            "verified": user.is_verified(),
            "required": two_factor.role_requires_second_factor(user),
        },
    )


def locked_out(request, credentials=None, *args):
    """django-axes' answer to a sign-in of a locked account (AXES_LOCKOUT_CALLABLE)."""
    return render(
        request,
        "accounts/locked_out.html",
        {"lockout_minutes": settings.LOGIN_LOCKOUT_MINUTES},
        status=429,
    )
