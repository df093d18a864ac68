from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from accounts.views import PasskeyRegistrationCompleteView, PasskeyVerificationCompleteView
from audit.api import AccessLogViewSet
from casework.api import CaseViewSet
from deadlines.api import NotificationViewSet
from directory.api import DirectoryViewSet
from escalation import views as escalation_views
from escalation.api import DienstRequestViewSet
from frontdoor.api import SolutionViewSet
from reports.api import MonitorView
from reports.kamer_api import KamerReportViewSet
from signals.api import CaseRelatedViewSet, SignalViewSet
from triage.api import CriteriaSetViewSet

from . import health
from .security_txt import security_txt

router = DefaultRouter()
router.register("cases", CaseViewSet, basename="case")
router.register("criteria-sets", CriteriaSetViewSet, basename="criteria-set")
router.register("dienst-requests", DienstRequestViewSet, basename="dienst-request")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("signals", SignalViewSet, basename="signal")
# The case's suggestions live in the signals app, above the case API (casework).
router.register(
    rf"cases/(?P<reference>{CaseViewSet.lookup_value_regex})/related",
    CaseRelatedViewSet,
    basename="case-related",
)
router.register("directory", DirectoryViewSet, basename="directory")
router.register("solutions", SolutionViewSet, basename="solution")
router.register("access-log", AccessLogViewSet, basename="access-log")
router.register("kamer-reports", KamerReportViewSet, basename="kamer-report")

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page links; send them to the mark.
    path("favicon.ico", RedirectView.as_view(url=static("img/favicon-32.png"), permanent=True)),
    path("readyz", health.readyz, name="readyz"),
    path(".well-known/security.txt", security_txt, name="security_txt"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Passkey (WebAuthn) ceremonies; accounts/middleware.py lets them through before the
    # second factor, since they are one.
    # Our last steps of adding a passkey (it e-mails the user) and of verifying with one (a
    # new session key) in front of the library's own at the same addresses: its script
    # posts to the addresses the library's names reverse to.
    path(
        "beveiliging/passkeys/registration/complete/",
        PasskeyRegistrationCompleteView.as_view(),
    ),
    path(
        "beveiliging/passkeys/authentication/complete/",
        PasskeyVerificationCompleteView.as_view(),
    ),
    path("beveiliging/passkeys/", include("django_otp_webauthn.urls", namespace="otp_webauthn")),
    path("beheer/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/monitor/", MonitorView.as_view(), name="api-monitor"),
    path("api/v1/", include(router.urls)),
    path("status/<str:token>/", escalation_views.status_page, name="status_page"),
    path("", include("escalation.urls")),
    path("", include("deadlines.urls")),
    path("casussen/", include("casework.urls")),
    path("", include("casework.team_urls")),
    path("triage/", include("triage.urls")),
    path("", include("signals.urls")),
    path("", include("frontdoor.urls")),
    path("", include("reports.urls")),
    path("", include("directory.urls")),
    path("", include("audit.urls")),
    path("", include("accounts.urls")),
]

# Error pages in the product's look (belangenbehartiger/error_views.py).
handler400 = "belangenbehartiger.error_views.bad_request"
handler403 = "belangenbehartiger.error_views.permission_denied"
handler404 = "belangenbehartiger.error_views.page_not_found"
handler500 = "belangenbehartiger.error_views.server_error"
