from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("hulp-in-de-buurt/", views.help_nearby, name="help_nearby"),
]
