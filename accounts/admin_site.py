"""The Django admin behind the same sign-in and second factor as the rest of the site.

Its own login form would bypass neither django-axes (the backend refuses a locked account
anywhere) nor the second factor (the middleware stops an unverified session on every page),
but one door is easier to reason about: the admin sends whoever is not signed in to the
site's login form, and ``has_permission`` refuses an unverified session on its own too.
"""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from .two_factor import second_factor_needed


class SecondFactorAdminSite(admin.AdminSite):
    def has_permission(self, request) -> bool:
        if not super().has_permission(request):
            return False
        user = request.user
        return user.is_verified() or not second_factor_needed(user)

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            # Signed in but not allowed here: a 403, not a loop through the login form.
            raise PermissionDenied
        return redirect_to_login(
            request.GET.get("next") or reverse("admin:index"), login_url=reverse("login")
        )
