"""The solution library (leren met en van elkaar): anonymised summaries of resolved cases,
what the Dienst accepted, approved by a lead before helpers can find them.

``Solution.status`` changes only through ``frontdoor.services.solution_transition``; the
table is frontdoor/status.py.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Solution(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Ter beoordeling")
        APPROVED = "approved", _("Gepubliceerd")
        REFUSED = "refused", _("Niet goedgekeurd")
        WITHDRAWN = "withdrawn", _("Ingetrokken")

    # The case it was written from; kept for the anonymity check and the team's view. The
    # summary itself is anonymous and outlives the case.
    case = models.OneToOneField(
        "cases.Case",
        verbose_name=_("casus"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="solution",
    )
    title = models.CharField(_("titel"), max_length=150)
    problem = models.TextField(_("het probleem"))
    tried = models.TextField(_("wat al was geprobeerd"))
    accepted_solution = models.TextField(_("de oplossing die de Dienst accepteerde"))
    theme = models.ForeignKey(
        "cases.Theme", verbose_name=_("thema"), on_delete=models.PROTECT, related_name="solutions"
    )
    dienst = models.ForeignKey(
        "accounts.Dienst",
        verbose_name=_("Dienst"),
        on_delete=models.PROTECT,
        related_name="solutions",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geschreven door"),
        on_delete=models.PROTECT,
        related_name="solutions_written",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beoordeeld door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    refusal_reason = models.TextField(_("waarom niet goedgekeurd"), blank=True)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    status_changed_at = models.DateTimeField(auto_now_add=True)
    # Dutch full-text document of title, problem, tried and accepted solution, written by the
    # services on PostgreSQL; its GIN index is made by migration 0002 on PostgreSQL only.
    search_document = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_document"])

    class Meta:
        verbose_name = _("oplossing")
        verbose_name_plural = _("oplossingen")
        ordering = ["-published_at", "-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="solution_status_idx"),
            models.Index(fields=["theme", "status"], name="solution_theme_idx"),
            models.Index(fields=["dienst", "status"], name="solution_dienst_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class SolutionEvent(models.Model):
    """Who moved a summary, when and why (a refusal's reason is the author's to read)."""

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
