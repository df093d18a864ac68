from django.urls import path

from . import kamer_views, views

app_name = "reports"

urlpatterns = [
    path("monitor/", views.monitor, name="monitor"),
    path("monitor/csv/", views.monitor_csv, name="monitor_csv"),
    path("analyse/", views.analyst_home, name="analyst_home"),
    path("transparantie/", views.transparency, name="transparency"),
    # The Kamer report (reports/kamer_views.py).
    path("rapportages/", kamer_views.report_list, name="list"),
    path("rapportages/nieuw/", kamer_views.report_start, name="start"),
    path("rapportages/<int:pk>/", kamer_views.report_detail, name="detail"),
    path("rapportages/<int:pk>/voortgang/", kamer_views.report_progress, name="progress"),
    path("rapportages/<int:pk>/rapport/", kamer_views.report_document, name="document"),
    path("rapportages/<int:pk>/pdf/", kamer_views.report_pdf, name="pdf"),
    path("rapportages/<int:pk>/csv/", kamer_views.report_csv, name="csv"),
    path("rapportages/<int:pk>/definitief/", kamer_views.report_finalise, name="finalise"),
    path("rapportages/<int:pk>/opnieuw/", kamer_views.report_regenerate, name="regenerate"),
    path("rapportages/problemen/<int:pk>/", kamer_views.problem_statement, name="problem"),
]
