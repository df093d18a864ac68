from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("nieuw/", views.intake_start, name="intake_start"),
    path("concept/<uuid:draft>/stap/<slug:step>/", views.intake_step, name="intake_step"),
    path(
        "concept/<uuid:draft>/bijlagen/<int:attachment_id>/verwijderen/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    path("concept/<uuid:draft>/verwijderen/", views.draft_delete, name="draft_delete"),
    path("<str:reference>/", views.case_detail, name="detail"),
    path("<str:reference>/bevestiging/", views.confirmation, name="confirmation"),
    path("<str:reference>/intrekken/", views.case_withdraw, name="withdraw"),
    path("<str:reference>/berichten/", views.message_create, name="message_create"),
    path("<str:reference>/oplossen/", views.resolve, name="resolve"),
    path("<str:reference>/sluiten/", views.close, name="close"),
    path("<str:reference>/oordeel/", views.case_feedback, name="feedback"),
    path("<str:reference>/antwoord/", views.info_answer, name="info_answer"),
    path("<str:reference>/bijlagen/", views.attachment_add, name="attachment_add"),
    path("<str:reference>/overdragen/", views.reassign, name="reassign"),
    path(
        "<str:reference>/bijlagen/<int:attachment_id>/",
        views.attachment_download,
        name="attachment_download",
    ),
]
