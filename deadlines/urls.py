from django.urls import path

from . import views

app_name = "deadlines"

urlpatterns = [
    path("meldingen/", views.notifications, name="notifications"),
    path("meldingen/gelezen/", views.notifications_read, name="notifications_read"),
]
