from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data for `make run` (manage.py seed_demo); the top layer, as it uses every app."""

    name = "demo"
    verbose_name = _("Demogegevens")
