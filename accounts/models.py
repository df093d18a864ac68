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


# The kinds of organisation that belong to a Dienst: the Dienst itself (its liaisons) and
# its medewerkers who help burgers (helpers).
TIED_TO_DIENST = ["dienst", "dienst_staff"]


class Organisation(models.Model):
    class Kind(models.TextChoices):
        SOCIAL = "social", _("Maatschappelijke organisatie")
        COMMERCIAL = "commercial", _("Commerciële dienstverlener")
        DIENST = "dienst", _("Dienst")
        # Medewerkers of a Dienst who help burgers (DESIGN.md §1 counts them as helpers):
        # their users are helpers, tied to the Dienst they work for.
        DIENST_STAFF = "dienst_staff", _("Medewerkers van een Dienst die burgers helpen")
        BELANGENBEHARTIGER = "belangenbehartiger", _("Belangenbehartiger")

    name = models.CharField(_("naam"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    dienst = models.ForeignKey(
        Dienst,
        verbose_name=_("Dienst"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Alleen voor organisaties van het soort Dienst of medewerkers van een Dienst."),
    )
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=TIED_TO_DIENST, dienst__isnull=False)
                | (~models.Q(kind__in=TIED_TO_DIENST) & models.Q(dienst__isnull=True)),
                name="organisation_dienst_iff_kind_of_dienst",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_dienst_staff(self) -> bool:
        return self.kind == self.Kind.DIENST_STAFF


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
    def is_dienst_staff(self) -> bool:
        """A helper who works at a Dienst (Belastingdienst, Dienst Toeslagen)."""
        return (
            self.role == Role.HELPER
            and self.organisation is not None
            and self.organisation.is_dienst_staff
        )

    @property
    def is_liaison(self) -> bool:
        return self.role == Role.LIAISON

    @property
    def dienst_id(self) -> int | None:
        """The Dienst a liaison works for, via its organisation."""
        if self.role != Role.LIAISON or self.organisation is None:
            return None
        return self.organisation.dienst_id
