from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("rapportages/", views.report_list, name="list"),
    path("rapportages/nieuw/", views.report_start, name="start"),
    path("rapportages/<int:pk>/", views.report_detail, name="detail"),
    path("rapportages/<int:pk>/voortgang/", views.report_progress, name="progress"),
    path("rapportages/<int:pk>/rapport/", views.report_document, name="document"),
    path("rapportages/<int:pk>/pdf/", views.report_pdf, name="pdf"),
    path("rapportages/<int:pk>/csv/", views.report_csv, name="csv"),
    path("rapportages/<int:pk>/definitief/", views.report_finalise, name="finalise"),
    path("rapportages/<int:pk>/opnieuw/", views.report_regenerate, name="regenerate"),
    path("rapportages/problemen/<int:pk>/", views.problem_statement, name="problem"),
]
