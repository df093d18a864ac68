"""The first-line help directory: organisations that help people with tax and benefit
problems close to home, where they help (4-digit postcode ranges) and for whom.

Used by the public page "hulp in de buurt", by the referral on the triage page and by the
coverage view (where intake comes from places without first-line help). Kept in the admin
and importable from CSV (directory.services.directory_import_csv).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .languages import language_names

POSTCODE_AREA_MIN = 1000
POSTCODE_AREA_MAX = 9999


class Audience(models.TextChoices):
    BURGERS = "burgers", _("Burgers")
    ONDERNEMERS = "ondernemers", _("Ondernemers")
    JONGEREN = "jongeren", _("Jongeren")


# The boolean column of each audience, so "for whom" is an indexed filter on every database.
AUDIENCE_FIELDS = {
    Audience.BURGERS: "for_burgers",
    Audience.ONDERNEMERS: "for_ondernemers",
    Audience.JONGEREN: "for_jongeren",
}


class HelpOrganisation(models.Model):
    """One first-line organisation (or one office of it) and how to reach it."""

    class Kind(models.TextChoices):
        SOCIAL_COUNSEL = "sociaal_raadslieden", _("Sociaal raadslieden")
        DEBT_HELP = "schuldhulp", _("Schuldhulpverlening")
        TAX_SHOP = "belastingwinkel", _("Belastingwinkel of belastingspreekuur")
        LEGAL_AID = "juridisch_loket", _("Juridisch Loket")
        BUSINESS_DESK = "ondernemersloket", _("Ondernemersloket")
        YOUTH_DESK = "jongerenloket", _("Jongerenloket")
        DIGITAL_GOVERNMENT = "informatiepunt", _("Informatiepunt Digitale Overheid")
        OTHER = "anders", _("Andere eerstelijnshulp")

    code = models.SlugField(
        _("code"),
        max_length=60,
        unique=True,
        help_text=_("Vaste sleutel, ook in het CSV-bestand: een nieuwe import werkt deze rij bij."),
    )
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=30, choices=Kind.choices)
    description = models.TextField(_("waarmee zij helpen"), blank=True)
    for_burgers = models.BooleanField(_("voor burgers"), default=True)
    for_ondernemers = models.BooleanField(_("voor ondernemers"), default=False)
    for_jongeren = models.BooleanField(_("voor jongeren"), default=False)
    nationwide = models.BooleanField(
        _("landelijk bereikbaar"),
        default=False,
        help_text=_(
            "Helpt iedereen in Nederland per telefoon of online. Telt niet mee als hulp in de "
            "buurt en heeft geen werkgebied nodig."
        ),
    )
    income_limit = models.PositiveIntegerField(
        _("inkomensgrens (euro netto per maand)"),
        null=True,
        blank=True,
        help_text=_("Leeg: geen inkomensgrens."),
    )
    income_limit_note = models.CharField(
        _("toelichting inkomensgrens"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: tot 120% van het sociaal minimum."),
    )
    languages = models.CharField(
        _("talen"),
        max_length=200,
        blank=True,
        help_text=_("Taalcodes gescheiden door komma's, bijvoorbeeld nl,en,tr."),
    )
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.CharField(_("adres"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    opening_hours = models.CharField(_("bereikbaar"), max_length=300, blank=True)
    active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("eerstelijnsorganisatie")
        verbose_name_plural = _("eerstelijnsorganisaties")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["active", "nationwide"], name="helporg_active_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(for_burgers=True) | Q(for_ondernemers=True) | Q(for_jongeren=True),
                name="helporg_has_an_audience",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def audiences(self) -> list[str]:
        return [audience for audience, field in AUDIENCE_FIELDS.items() if getattr(self, field)]

    @property
    def audience_labels(self) -> list[str]:
        return [str(Audience(audience).label) for audience in self.audiences]

    @property
    def language_codes(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    @property
    def language_names(self) -> list[str]:
        return language_names(self.languages)


class ServiceArea(models.Model):
    """A range of 4-digit postcode areas where an organisation helps, both ends included
    (one area is a range of one)."""

    organisation = models.ForeignKey(
        HelpOrganisation, on_delete=models.CASCADE, related_name="service_areas"
    )
    postcode_from = models.PositiveSmallIntegerField(_("van postcode"))
    postcode_to = models.PositiveSmallIntegerField(_("tot en met postcode"))

    class Meta:
        verbose_name = _("werkgebied")
        verbose_name_plural = _("werkgebied (postcodes)")
        ordering = ["postcode_from", "postcode_to", "pk"]
        indexes = [
            models.Index(fields=["postcode_from", "postcode_to"], name="servicearea_range_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(postcode_from__gte=POSTCODE_AREA_MIN)
                & Q(postcode_to__lte=POSTCODE_AREA_MAX)
                & Q(postcode_from__lte=models.F("postcode_to")),
                name="servicearea_valid_range",
            )
        ]

    def __str__(self) -> str:
        if self.postcode_from == self.postcode_to:
            return str(self.postcode_from)
        return f"{self.postcode_from}–{self.postcode_to}"


class DirectoryImport(models.Model):
    """One CSV import (or a check without saving): who ran it, what it did, what it refused."""

    filename = models.CharField(_("bestand"), max_length=255, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    dry_run = models.BooleanField(_("alleen gecontroleerd"), default=False)
    created = models.PositiveIntegerField(_("nieuw"), default=0)
    updated = models.PositiveIntegerField(_("bijgewerkt"), default=0)
    refused = models.PositiveIntegerField(_("geweigerd"), default=0)
    # [{"line": 3, "code": "...", "errors": ["..."]}] — the refused rows and why.
    report = models.JSONField(_("geweigerde rijen"), default=list, blank=True)
    created_at = models.DateTimeField(_("op"), auto_now_add=True)

    class Meta:
        verbose_name = _("CSV-import gids")
        verbose_name_plural = _("CSV-imports gids")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename or 'CSV'} ({self.created_at:%d-%m-%Y %H:%M})"
