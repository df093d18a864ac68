"""The team's own pages outside a case: the werkvoorraad, the lead's retention screens."""

from django.urls import path

from . import retention_views, views

app_name = "casework"

urlpatterns = [
    path("werkvoorraad/", views.workload, name="workload"),
    path("bewaartermijn/", retention_views.retention_overview, name="retention"),
    path(
        "bewaartermijn/<int:pk>/goedkeuren/",
        retention_views.destruction_list_approve,
        name="destruction_list_approve",
    ),
]
