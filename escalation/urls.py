from django.urls import path

from . import views

app_name = "escalation"

urlpatterns = [
    path("casussen/<str:reference>/ladder/", views.ladder, name="ladder"),
    path("casussen/<str:reference>/ladder/trede/", views.rung_move, name="rung_move"),
    path("casussen/<str:reference>/ladder/verzoek/", views.request_new, name="request_new"),
    path("casussen/<str:reference>/ladder/kamer/", views.kamer_propose, name="kamer_propose"),
    path("casussen/<str:reference>/ladder/contact/", views.contact_log, name="contact_log"),
    path("casussen/<str:reference>/statuslink/", views.status_links, name="status_links"),
    path(
        "casussen/<str:reference>/statuslink/<int:pk>/intrekken/",
        views.status_link_revoke,
        name="status_link_revoke",
    ),
    path(
        "casussen/<str:reference>/bijlagen/<int:attachment_id>/delen/",
        views.attachment_share,
        name="attachment_share",
    ),
    path("escalatie/termijnen/<int:pk>/verlengen/", views.deadline_extend, name="deadline_extend"),
    path("escalatie/akkoord/", views.approvals, name="approvals"),
    path("escalatie/verzoeken/<int:pk>/akkoord/", views.request_decide, name="request_decide"),
    path("escalatie/verzoeken/<int:pk>/reactie/", views.request_reply, name="request_reply"),
    path(
        "escalatie/verzoeken/<int:pk>/tegenvoorstel/",
        views.counter_proposal,
        name="counter_proposal",
    ),
    path("escalatie/kamer/<int:pk>/akkoord/", views.kamer_decide, name="kamer_approve"),
    path("dienst/", views.inbox, name="inbox"),
    path("dienst/verzoeken/<int:pk>/", views.liaison_request, name="liaison_request"),
    path("dienst/verzoeken/<int:pk>/bsn/", views.liaison_reveal_bsn, name="liaison_reveal_bsn"),
    path(
        "dienst/verzoeken/<int:pk>/stukken/<int:share_id>/",
        views.liaison_attachment_download,
        name="liaison_attachment_download",
    ),
]
