from django.urls import path

from . import views

app_name = "triage"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("criteria/", views.criteria_list, name="criteria"),
    path("criteria/nieuw/", views.criteria_draft_create, name="criteria_new"),
    path("criteria/<int:version>/", views.criteria_set_detail, name="criteria_set"),
    path("criteria/<int:version>/criterium/", views.criterion_add, name="criterion_add"),
    path("criteria/<int:version>/criterium/<int:pk>/", views.criterion_edit, name="criterion_edit"),
    path(
        "criteria/<int:version>/criterium/<int:pk>/vervallen/",
        views.criterion_retire,
        name="criterion_retire",
    ),
    path("criteria/<int:version>/publiceren/", views.criteria_set_publish, name="criteria_publish"),
    path(
        "criteria/<int:version>/verwijderen/", views.criteria_draft_delete, name="criteria_delete"
    ),
    path("casus/<str:reference>/", views.triage_case, name="case"),
    path("casus/<str:reference>/besluit/", views.decide, name="decide"),
    path("casus/<str:reference>/herbeoordelen/", views.reassess, name="reassess"),
]
