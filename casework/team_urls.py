"""The team's own pages outside a case: the werkvoorraad."""

from django.urls import path

from . import views

app_name = "casework"

urlpatterns = [
    path("werkvoorraad/", views.workload, name="workload"),
]
