from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class CriteriaSet(models.Model):
    """A versioned set of triage criteria. Drafts change; a published set never does.

    Exactly one set is published (active) at a time; publishing retires the previous one.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Concept")
        PUBLISHED = "published", _("Gepubliceerd")
        RETIRED = "retired", _("Vervallen")

    version = models.PositiveIntegerField(_("versie"), unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    note = models.TextField(_("toelichting op de wijziging"), blank=True)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("set triagecriteria")
        verbose_name_plural = _("sets triagecriteria")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="published"),
                name="criteriaset_one_published",
            )
        ]

    def __str__(self) -> str:
        return f"v{self.version} ({self.get_status_display()})"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Criterion(models.Model):
    class Role(models.TextChoices):
        GATE = "gate", _("Poort (bij nee: doorverwijzen)")
        FLAG = "flag", _("Signalering")
        SCORED = "scored", _("Telt mee in de score")
        URGENT = "urgent", _("Urgent")

    class AnsweredBy(models.TextChoices):
        HELPER = "helper", _("Hulpverlener bij aanmelding")
        TEAM = "team", _("Team bij triage")

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    key = models.SlugField(_("sleutel"), max_length=60)
    question = models.CharField(_("vraag"), max_length=300)
    question_en = models.CharField(_("vraag (Engels)"), max_length=300, blank=True)
    help_text = models.CharField(_("toelichting"), max_length=500, blank=True)
    weight = models.PositiveSmallIntegerField(_("gewicht"), default=0)
    role = models.CharField(_("rol"), max_length=10, choices=Role.choices)
    answered_by = models.CharField(_("beantwoord door"), max_length=10, choices=AnsweredBy.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "key"], name="criterion_unique_key")
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def label(self) -> str:
        if get_language() == "en" and self.question_en:
            return self.question_en
        return self.question


class Band(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    HIGH = "high", _("Hoog")
    NORMAL = "normal", _("Normaal")
    LOW = "low", _("Laag")


# Queue order: lower rank first.
BAND_RANK = {Band.URGENT: 0, Band.HIGH: 1, Band.NORMAL: 2, Band.LOW: 3}


class Suggestion(models.TextChoices):
    ACCEPT = "accept", _("Aannemen")
    REFER = "refer", _("Doorverwijzen")
    DECIDE = "decide", _("Afwegen door casemanager")


class Assessment(models.Model):
    """One scoring of a case against one criteria set; corrections add a new row."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="assessments")
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(default=dict)
    score = models.PositiveSmallIntegerField()
    band = models.CharField(max_length=10, choices=Band.choices)
    suggestion = models.CharField(max_length=10, choices=Suggestion.choices)
    contributions = models.JSONField(default=list)
    flags = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["case", "-created_at"], name="assessment_case_idx")]

    def __str__(self) -> str:
        return f"{self.band} {self.score} (v{self.criteria_set_id})"


class ReferralTarget(models.Model):
    """Where a case that does not belong here can go (configurable)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("wanneer en hoe"), blank=True)
    url = models.URLField(_("website"), blank=True)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("doorverwijzing naar")
        verbose_name_plural = _("doorverwijsadressen")

    def __str__(self) -> str:
        return self.name


class Referral(models.Model):
    """Where a referred case was sent, by whom and why (the triage decision 'refer')."""

    case = models.OneToOneField(
        "cases.Case", primary_key=True, on_delete=models.CASCADE, related_name="referral"
    )
    target = models.ForeignKey(ReferralTarget, on_delete=models.PROTECT, related_name="referrals")
    motivation = models.TextField(_("motivering"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("doorverwijzing")
        verbose_name_plural = _("doorverwijzingen")

    def __str__(self) -> str:
        return f"{self.case_id} → {self.target}"
