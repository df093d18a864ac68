"""The report to the Tweede Kamer (DESIGN.md §5 "Kamer report").

``KamerReport.status`` changes only through ``reports.services.kamer_report_transition``
(the table is reports/status.py). The report's content is a frozen snapshot
(``snapshot``, with the PDF rendered from it) taken by the generation task; a final report
never changes: the service refuses it and a database trigger (migration 0001) rejects any
UPDATE of a row that is already final.

``ProblemStatement`` holds what the report says about a signal chosen for it (cause, the
Dienst's response, the recommendation), written by the team before a report is generated;
the report copies it into its snapshot.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class KamerReport(models.Model):
    class Status(models.TextChoices):
        GENERATING = "generating", _("Wordt gemaakt")
        DRAFT = "draft", _("Concept")
        FINAL = "final", _("Definitief")
        FAILED = "failed", _("Mislukt")

    title = models.CharField(_("titel"), max_length=200)
    period_start = models.DateField(_("periode vanaf"))
    period_end = models.DateField(_("periode tot en met"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.GENERATING
    )
    # 0 to 100 while the task runs; the page shows it and what the task is doing (``step``).
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=120, blank=True)
    # Each (re)generation gets the next number; the task only writes the generation it was
    # started for, so a stale or duplicated task cannot overwrite a newer snapshot.
    generation = models.PositiveIntegerField(default=1)
    # The lead who started the current content; another lead finalises it.
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="kamer_reports"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    generation_started_at = models.DateTimeField(null=True, blank=True)
    generated_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    finalised_at = models.DateTimeField(null=True, blank=True)
    # The frozen content: key figures (suppressed), problems, escalations, report card.
    snapshot = models.JSONField(default=dict, blank=True)
    # The PDF rendered from the snapshot at generation; empty when WeasyPrint is missing.
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    # Why the last generation failed, in words for the lead.
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("Kamerrapportage")
        verbose_name_plural = _("Kamerrapportages")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="kamerreport_period_order",
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="kamerreport_progress_max"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_pdf(self) -> bool:
        return bool(self.pdf)


class KamerReportEvent(models.Model):
    """Who started, regenerated or finalised a report, when, and what came of it."""

    report = models.ForeignKey(KamerReport, on_delete=models.CASCADE, related_name="events")
    # Empty when the task acted (the generation finished or failed).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"

    @property
    def from_label(self) -> str:
        return KamerReport.Status(self.from_status).label if self.from_status else ""

    @property
    def to_label(self) -> str:
        return KamerReport.Status(self.to_status).label


class ProblemStatement(models.Model):
    """The report's words about one signal chosen for it ("most serious problem")."""

    signal = models.OneToOneField(
        "domain_signals.Signal", on_delete=models.CASCADE, related_name="problem_statement"
    )
    cause = models.TextField(_("oorzaak"), blank=True)
    dienst_response = models.TextField(_("reactie van de Dienst"), blank=True)
    recommendation = models.TextField(_("aanbeveling"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("probleem in de Kamerrapportage")
        verbose_name_plural = _("problemen in de Kamerrapportage")

    def __str__(self) -> str:
        return str(self.signal)
