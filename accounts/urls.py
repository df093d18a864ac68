from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    # The second factor (accounts/two_factor.py); the passkey ceremonies of
    # django-otp-webauthn under beveiliging/passkeys/ (belangenbehartiger/urls.py).
    path("beveiliging/", views.security, name="security"),
    path("beveiliging/bevestigen/", views.two_factor_verify, name="two_factor_verify"),
    path("beveiliging/app-koppelen/", views.two_factor_setup, name="two_factor_setup"),
    path("beveiliging/herstelcodes/", views.recovery_codes, name="recovery_codes"),
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("wachtwoord-vergeten/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "wachtwoord-vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-herstellen/klaar/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
