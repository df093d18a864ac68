from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Dienst(models.Model):
    """An executing agency the Belangenbehartiger addresses: Belastingdienst, Dienst Toeslagen."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=120)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("Dienst")
        verbose_name_plural = _("Diensten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        SOCIAL = "social", _("Maatschappelijke organisatie")
        COMMERCIAL = "commercial", _("Commerciële dienstverlener")
        DIENST = "dienst", _("Dienst")
        BELANGENBEHARTIGER = "belangenbehartiger", _("Belangenbehartiger")

    name = models.CharField(_("naam"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    dienst = models.ForeignKey(
        Dienst,
        verbose_name=_("Dienst"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Alleen voor organisaties van het soort Dienst."),
    )
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="dienst", dienst__isnull=False)
                | (~models.Q(kind="dienst") & models.Q(dienst__isnull=True)),
                name="organisation_dienst_iff_kind_dienst",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    HELPER = "helper", _("Hulpverlener")
    CASEMANAGER = "casemanager", _("Casemanager")
    LEAD = "lead", _("Leidinggevende")
    LIAISON = "liaison", _("Contactpersoon Dienst")
    ANALYST = "analyst", _("Analist")
    ADMIN = "admin", _("Functioneel beheerder")


STAFF_ROLES = frozenset({Role.CASEMANAGER, Role.LEAD})


class User(AbstractUser):
    """A person who logs in. Their role decides what they may see; see */selectors.py."""

    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=["helper", "liaison"])
                | models.Q(organisation__isnull=False),
                name="user_helper_liaison_need_organisation",
            )
        ]

    @property
    def is_team(self) -> bool:
        """A member of the Belangenbehartiger team who handles cases."""
        return self.role in STAFF_ROLES

    @property
    def is_helper(self) -> bool:
        return self.role == Role.HELPER

    @property
    def is_liaison(self) -> bool:
        return self.role == Role.LIAISON

    @property
    def dienst_id(self) -> int | None:
        """The Dienst a liaison works for, via its organisation."""
        if self.role != Role.LIAISON or self.organisation is None:
            return None
        return self.organisation.dienst_id
