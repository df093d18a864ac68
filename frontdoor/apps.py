from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontdoorConfig(AppConfig):
    name = "frontdoor"
    verbose_name = _("Voordeur: afbakening, zelftest, dekking en oplossingen")
