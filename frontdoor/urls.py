from django.urls import path

from . import views

app_name = "frontdoor"

urlpatterns = [
    path("over/", views.about, name="about"),
    path("kan-ik-hier-terecht/", views.self_check, name="self_check"),
    path(
        "kan-ik-hier-terecht/naar-aanmelding/",
        views.self_check_continue,
        name="self_check_continue",
    ),
    path("oplossingen/", views.solutions, name="solutions"),
    path("oplossingen/team/", views.solutions_team, name="solutions_team"),
    path("oplossingen/gerelateerd/", views.related_solutions, name="related_solutions"),
    path("oplossingen/nieuw/<str:reference>/", views.solution_new, name="solution_new"),
    path("oplossingen/<int:pk>/", views.solution_detail, name="solution_detail"),
    path("oplossingen/<int:pk>/bewerken/", views.solution_edit, name="solution_edit"),
    path("oplossingen/<int:pk>/beoordelen/", views.solution_review, name="solution_review"),
    path("oplossingen/<int:pk>/intrekken/", views.solution_withdraw, name="solution_withdraw"),
    path("dekking/", views.coverage, name="coverage"),
]
