from django.urls import path

from . import views

app_name = "signals"

urlpatterns = [
    path("signalen/", views.signal_list, name="list"),
    path("signalen/nieuw/", views.signal_new, name="new"),
    path("signalen/dashboard/", views.dashboard, name="dashboard"),
    path("signalen/<int:pk>/", views.signal_detail, name="detail"),
    path("signalen/<int:pk>/bewerken/", views.signal_edit, name="edit"),
    path("signalen/<int:pk>/status/<slug:to>/", views.signal_move, name="move"),
    path("signalen/<int:pk>/casussen/", views.link_case, name="link"),
    path(
        "signalen/<int:pk>/casussen/<str:reference>/ontkoppelen/",
        views.unlink_case,
        name="unlink",
    ),
    path("signalen/<int:pk>/toezeggingen/", views.commitment_new, name="commitment_new"),
    path(
        "signalen/toezeggingen/<int:pk>/voortgang/",
        views.commitment_progress,
        name="commitment_progress",
    ),
    path(
        "signalen/toezeggingen/<int:pk>/afsluiten/",
        views.commitment_close,
        name="commitment_close",
    ),
    path("signalen/casus/<str:reference>/", views.case_signals, name="case"),
    path("signalen/casus/<str:reference>/koppelen/", views.case_link, name="case_link"),
    path("dienst/signalen/", views.dienst_list, name="dienst_list"),
    path("dienst/signalen/<int:pk>/", views.dienst_detail, name="dienst_detail"),
]
