"""Two checks on every signed-in request: the session's idle timeout, and the second factor
for whoever needs one (accounts/two_factor.py) before any page but the few that give it."""

import time
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Role
from .two_factor import has_second_factor, second_factor_needed

ACTIVITY_SESSION_KEY = "last_activity"
# The stamp is rewritten at most this often, so a burst of requests is not a burst of
# session writes.
ACTIVITY_RESOLUTION_SECONDS = 60


def activity_mark(request: HttpRequest) -> None:
    """Called by the sign-in and verification views: the idle clock starts now."""
    request.session[ACTIVITY_SESSION_KEY] = int(time.time())


def idle_limit_seconds(user) -> int:
    minutes = (
        settings.SESSION_IDLE_MINUTES
        if user.role == Role.HELPER
        else settings.SESSION_IDLE_MINUTES_STAFF
    )
    return minutes * 60


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


class IdleTimeoutMiddleware:
    """Ends a session that had no request for the idle limit, beside the absolute
    SESSION_COOKIE_AGE. A session without a stamp (one made by ``force_login`` in tests)
    is left alone: every sign-in path of the site stamps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            stamp = request.session.get(ACTIVITY_SESSION_KEY)
            now = int(time.time())
            if stamp is not None and now - stamp > idle_limit_seconds(user):
                logout(request)
                if not _is_api(request):
                    messages.info(
                        request,
                        _("U was een tijd niet actief en bent daarom uitgelogd. Log opnieuw in."),
                    )
                    return redirect_to_login(request.get_full_path())
            elif stamp is not None and now - stamp >= ACTIVITY_RESOLUTION_SECONDS:
                request.session[ACTIVITY_SESSION_KEY] = now
        return self.get_response(request)


def _exempt_prefixes() -> tuple[str, ...]:
    return (
        reverse("two_factor_verify"),
        reverse("two_factor_setup"),
        reverse("recovery_codes"),
        reverse("logout"),
        "/beveiliging/passkeys/",
        "/i18n/",
        settings.STATIC_URL,
        "/healthz",
        "/readyz",
        "/favicon.ico",
    )


class SecondFactorMiddleware:
    """A signed-in user who needs a second factor and has not given one this session is
    sent to give it (or to link an app first) before any other page. API calls with a
    token (``Authorization: Token``) are not sessions and pass; see docs/security.md."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.META.get("HTTP_AUTHORIZATION", "").startswith("Token ")
            and not request.path_info.startswith(_exempt_prefixes())
            and second_factor_needed(user)
        ):
            if _is_api(request):
                return JsonResponse(
                    {"detail": _("Bevestig eerst uw inlog met de tweede stap.")}, status=403
                )
            target = "two_factor_verify" if has_second_factor(user) else "two_factor_setup"
            return redirect(f"{reverse(target)}?next={quote(request.get_full_path())}")
        return self.get_response(request)
