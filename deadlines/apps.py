from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    """The Atw calendar, deadline rows, the reminder sweep and in-app notifications: the clock
    of every app above it (DESIGN.md §6 "Layers")."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "deadlines"
    verbose_name = _("Termijnen en meldingen")
