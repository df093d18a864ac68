"""The languages an organisation in the directory can help in, by code (ISO 639-1, or 639-3
where there is no two-letter code), with their names in the interface language."""

from django.utils.translation import gettext_lazy as _

LANGUAGES = {
    "nl": _("Nederlands"),
    "en": _("Engels"),
    "fy": _("Fries"),
    "dse": _("Nederlandse Gebarentaal"),
    "ar": _("Arabisch"),
    "ber": _("Berbers (Tamazight)"),
    "tr": _("Turks"),
    "pl": _("Pools"),
    "ro": _("Roemeens"),
    "bg": _("Bulgaars"),
    "uk": _("Oekraïens"),
    "ru": _("Russisch"),
    "ti": _("Tigrinya"),
    "so": _("Somalisch"),
    "fa": _("Perzisch"),
    "pap": _("Papiaments"),
    "srn": _("Sranantongo"),
    "es": _("Spaans"),
    "pt": _("Portugees"),
    "fr": _("Frans"),
    "de": _("Duits"),
    "zh": _("Chinees"),
}


def language_names(codes: str) -> list[str]:
    """The names of the comma-separated ``codes``, in their stored order."""
    return [str(LANGUAGES.get(code, code)) for code in codes.split(",") if code]
