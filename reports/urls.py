from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("monitor/", views.monitor, name="monitor"),
    path("monitor/csv/", views.monitor_csv, name="monitor_csv"),
    path("analyse/", views.analyst_home, name="analyst_home"),
    path("transparantie/", views.transparency, name="transparency"),
]
