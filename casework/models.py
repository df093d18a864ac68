"""The destruction list of the retention rules (casework/retention.py).

Closed cases past ``RETENTION_CLOSED_DAYS`` are proposed on a list; nothing happens to them
until a lead approves that list (who and when is kept here); then they are anonymised and
each item records when. A proposed list is frozen: cases that qualify later go on the next.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import Case


class DestructionList(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Wacht op akkoord")
        APPROVED = "approved", _("Goedgekeurd, wordt uitgevoerd")
        CARRIED_OUT = "carried_out", _("Uitgevoerd")

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    created_at = models.DateTimeField(_("opgesteld op"), auto_now_add=True)
    # The cases on it were closed before this moment.
    closed_before = models.DateTimeField(_("gesloten vóór"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("goedgekeurd door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)
    carried_out_at = models.DateTimeField(_("uitgevoerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("vernietigingslijst")
        verbose_name_plural = _("vernietigingslijsten")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(status="proposed"),
                name="destruction_list_one_proposed",
            ),
            models.CheckConstraint(
                condition=models.Q(status="proposed")
                | models.Q(approved_by__isnull=False, approved_at__isnull=False),
                name="destruction_list_approved_has_approver",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.created_at:%Y-%m-%d}"


class DestructionListItem(models.Model):
    destruction_list = models.ForeignKey(
        DestructionList, on_delete=models.CASCADE, related_name="items"
    )
    # Anonymised, never deleted: the case row keeps the figures (reference, dates, themes,
    # Dienst, region, outcome).
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="destruction_item")
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.case} on {self.destruction_list_id}"
