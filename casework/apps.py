from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    """The steps of a case that span apps (submit, withdraw, resolve, close) and the pages and
    API that use them: above cases, triage and escalation (DESIGN.md §6 "Layers")."""

    name = "casework"
    verbose_name = _("Casuswerk")
