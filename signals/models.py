"""Signals (signalen): a systemic problem in law or execution, bundled from cases and from
what helpers and Dienst staff see, put on the agenda and followed until it is fixed
(DESIGN.md §5).

``Signal.status`` changes only through ``signals.services.signal_transition`` (the table is
signals/status.py, ``STATUSES``); ``Commitment.status`` only through
``signals.services.commitment_close`` (``COMMITMENT_TRANSITIONS``).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.search import SearchDocument
from deadlines.models import Deadline


class Signal(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("Nieuw")
        ANALYSING = "analysing", _("In analyse")
        ON_AGENDA = "on_agenda", _("Geagendeerd")
        IN_KAMER_REPORT = "in_kamer_report", _("In Kamerrapportage")
        RESOLVED = "resolved", _("Opgelost")
        CLOSED = "closed", _("Gesloten (niet opgepakt)")

    class Source(models.TextChoices):
        CASE = "case", _("Uit een casus")
        HELPER = "helper", _("Van een hulpverlener")
        DIENST_STAFF = "dienst_staff", _("Van een medewerker van een Dienst")
        OWN_RESEARCH = "own_research", _("Eigen onderzoek")

    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beschrijving"))
    themes = models.ManyToManyField(
        "cases.Theme", verbose_name=_("thema's"), related_name="signals", blank=True
    )
    diensten = models.ManyToManyField(
        "accounts.Dienst", verbose_name=_("Diensten"), related_name="signals"
    )
    regulation = models.CharField(
        _("regeling of werkproces"),
        max_length=300,
        blank=True,
        help_text=_("Bijvoorbeeld: Awir art. 26, of het proces van de verrekening."),
    )
    source = models.CharField(_("bron"), max_length=20, choices=Source.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eigenaar in het team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signals_owned",
    )
    people_affected_estimate = models.PositiveIntegerField(
        _("geschat aantal getroffen mensen"), null=True, blank=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signals_submitted"
    )
    # The submitter's organisation: a helper sees its own organisation's submissions.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signals",
    )
    # Filled on the way out: what changed (resolved) or why it is not pursued (closed);
    # the submitter sees both.
    resolution = models.TextField(_("wat is er veranderd"), blank=True)
    closed_reason = models.TextField(_("waarom niet opgepakt"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    status_changed_at = models.DateTimeField(auto_now_add=True)
    # The Dutch full-text document of title, description and regulation, kept by the
    # database (cases/search.py); GIN-indexed on PostgreSQL (migration 0002).
    search_document = models.GeneratedField(
        expression=SearchDocument(("title", "A"), ("description", "B"), ("regulation", "C")),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    history = HistoricalRecords(excluded_fields=["search_document"], m2m_fields=[themes, diensten])

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="signal_status_idx"),
            models.Index(fields=["organisation", "-created_at"], name="signal_org_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class SignalEvent(models.Model):
    """Who did what to a signal, when and why: status changes (``from_status`` →
    ``to_status``), cases linked and unlinked, commitments recorded and closed, edits."""

    class Kind(models.TextChoices):
        STATUS_CHANGED = "status_changed", _("Status gewijzigd")
        CASE_LINKED = "case_linked", _("Casus gekoppeld")
        CASE_UNLINKED = "case_unlinked", _("Casus ontkoppeld")
        COMMITMENT_ADDED = "commitment_added", _("Toezegging vastgelegd")
        COMMITMENT_CLOSED = "commitment_closed", _("Toezegging afgesloten")
        EDITED = "edited", _("Gegevens gewijzigd")

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.STATUS_CHANGED)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    # The case linked or unlinked: the team sees it; analysts and liaisons never do.
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        if self.kind == self.Kind.STATUS_CHANGED:
            return f"{self.from_status} → {self.to_status}"
        return self.get_kind_display()


class SignalCase(models.Model):
    """A case that shows the signal, linked by the team with a reason."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="case_links")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="signal_links")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("waarom hoort deze casus erbij"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["signal", "case"], name="signalcase_once")]
        indexes = [models.Index(fields=["case"], name="signalcase_case_idx")]

    def __str__(self) -> str:
        return f"{self.signal_id} ← {self.case_id}"


class Commitment(models.Model):
    """What a Dienst promised about a signal on the agenda, and by when. Its due moment is a
    deadline row that the reminder sweep chases; it ends kept or not kept, with a note."""

    class Status(models.TextChoices):
        OPEN = "open", _("Loopt")
        KEPT = "kept", _("Nagekomen")
        NOT_KEPT = "not_kept", _("Niet nagekomen")

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="commitments")
    dienst = models.ForeignKey(
        "accounts.Dienst", on_delete=models.PROTECT, related_name="commitments"
    )
    description = models.TextField(_("wat de Dienst toezegt"))
    due_date = models.DateField(_("uiterlijk"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    note = models.TextField(_("toelichting bij het afsluiten"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deadlines = GenericRelation(
        Deadline,
        content_type_field="subject_type",
        object_id_field="subject_id",
        related_query_name="commitment",
    )

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"], name="commitment_status_idx")]

    def __str__(self) -> str:
        return f"{self.dienst}: {self.description[:40]}"


class CommitmentEvent(models.Model):
    """Who closed a commitment, when, from which status to which, and why."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class CommitmentUpdate(models.Model):
    """Progress on a commitment, recorded by the Dienst's liaison or the team."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("voortgang"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.commitment_id}: {self.text[:40]}"
