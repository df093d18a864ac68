from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from casework.api import CaseViewSet
from deadlines.api import NotificationViewSet
from escalation import views as escalation_views
from escalation.api import DienstRequestViewSet
from triage.api import CriteriaSetViewSet

from . import health

router = DefaultRouter()
router.register("cases", CaseViewSet, basename="case")
router.register("criteria-sets", CriteriaSetViewSet, basename="criteria-set")
router.register("dienst-requests", DienstRequestViewSet, basename="dienst-request")
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include(router.urls)),
    path("status/<str:token>/", escalation_views.status_page, name="status_page"),
    path("", include("escalation.urls")),
    path("", include("deadlines.urls")),
    path("casussen/", include("casework.urls")),
    path("", include("casework.team_urls")),
    path("triage/", include("triage.urls")),
    path("", include("accounts.urls")),
]
