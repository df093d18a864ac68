import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Dienst, Organisation
from belangenbehartiger.crypto import EncryptedCharField
from deadlines.models import Deadline

from .search import SearchDocument
from .status import OPEN_STATUSES, QUEUE_STATUSES, CaseStatus, Outcome

__all__ = ["CaseStatus", "Outcome"]


class Theme(models.Model):
    """A subject area such as huurtoeslag or box 3; configurable by admins."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=120)
    name_en = models.CharField(_("naam (Engels)"), max_length=120, blank=True)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["name_nl"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_nl


class SubjectType(models.TextChoices):
    BURGER = "burger", _("Burger")
    ONDERNEMER = "ondernemer", _("Ondernemer")


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("Schriftelijk (ondertekend formulier)")
    DIGITAL = "digital", _("Digitaal (e-mail of portaal)")
    VERBAL = "verbal", _("Mondeling, vastgelegd in het dossier")


class Case(models.Model):
    """One stuck situation of one burger or ondernemer, submitted by a helper.

    ``status`` changes only through ``cases.services.case_transition``.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Assigned at submission: BB-<year>-<six digits>.
    reference = models.CharField(_("kenmerk"), max_length=20, unique=True, null=True, blank=True)
    # Set by the intake form (hidden field, a uuid4 hex) or, for the API, the SHA-256 of the
    # Idempotency-Key header, so a double-clicked submit or a retried request finds the case
    # it already made instead of creating another.
    intake_token = models.CharField(max_length=64, null=True, blank=True, editable=False)
    # The API's: SHA-256 of the canonical request body that came with the Idempotency-Key,
    # so a reused key with another body is refused instead of answered with this case.
    intake_body_hash = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.DRAFT
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="cases"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingediend door"),
        on_delete=models.PROTECT,
        related_name="cases_created",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("casemanager"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_assigned",
    )

    # The person concerned.
    subject_type = models.CharField(
        _("soort betrokkene"), max_length=20, choices=SubjectType.choices, blank=True
    )
    subject_name = models.CharField(_("naam betrokkene"), max_length=200, blank=True)
    # Encrypted at rest (belangenbehartiger/crypto.py): the column holds a Fernet token.
    bsn = EncryptedCharField(_("BSN"), max_length=9, blank=True)
    kvk_number = EncryptedCharField(_("KvK-nummer"), max_length=8, blank=True)
    rsin = EncryptedCharField(_("RSIN"), max_length=9, blank=True)
    # Keyed hashes (HMAC) of BSN and KvK for duplicate matching; never the plain number.
    bsn_hash = models.CharField(max_length=64, blank=True, editable=False)
    kvk_hash = models.CharField(max_length=64, blank=True, editable=False)
    # Another open case shares its BSN or KvK hash: kept exact for every submitted case by
    # case_transition (cases/services/duplicates.py), so a list filters on it without
    # asking every row. False for a draft.
    possible_duplicate = models.BooleanField(default=False, editable=False)
    postcode_area = models.CharField(_("postcodegebied (4 cijfers)"), max_length=4, blank=True)
    contact_details = models.TextField(_("hoe is de betrokkene bereikbaar"), blank=True)

    consent = models.BooleanField(_("toestemming gegeven"), default=False)
    consent_method = models.CharField(
        _("hoe is toestemming gegeven"), max_length=20, choices=ConsentMethod.choices, blank=True
    )
    consent_date = models.DateField(_("datum toestemming"), null=True, blank=True)

    diensten = models.ManyToManyField(Dienst, verbose_name=_("Diensten"), related_name="cases")
    themes = models.ManyToManyField(
        Theme, verbose_name=_("thema's"), related_name="cases", blank=True
    )
    summary = models.CharField(_("korte samenvatting"), max_length=200, blank=True)
    description = models.TextField(_("beschrijving van het probleem"), blank=True)
    tried_before = models.TextField(_("wat is al geprobeerd"), blank=True)
    desired_outcome = models.TextField(_("gewenste uitkomst"), blank=True)
    enforcement_date = models.DateField(
        _("datum van de dreigende invordering of maatregel"), null=True, blank=True
    )
    amount_involved = models.DecimalField(
        _("bedrag in euro's"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    urgency_notes = models.TextField(_("toelichting op de urgentie"), blank=True)
    # The Dutch full-text document of summary and description, kept by the database itself
    # (cases/search.py); GIN-indexed on PostgreSQL (migration 0011). The signal
    # suggestions search it.
    search_document = models.GeneratedField(
        expression=SearchDocument(("summary", "A"), ("description", "B")),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # The helper's answers to the triage questions of the active criteria set at intake.
    triage_answers = models.JSONField(_("antwoorden triagevragen"), default=dict, blank=True)
    # Copied from the latest assessment (triage.services.case_assess) so the queue can
    # order and filter on indexed columns.
    triage_band = models.CharField(max_length=10, blank=True)
    triage_rank = models.PositiveSmallIntegerField(default=9)
    triage_score = models.PositiveSmallIntegerField(default=0)
    # The case's own clocks (triage decision, helper's answer); its requests have theirs.
    deadlines = GenericRelation(
        Deadline,
        content_type_field="subject_type",
        object_id_field="subject_id",
        related_query_name="case",
    )

    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status gewijzigd op"), auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Recorded when the case is closed: how it ended and, where known, what it achieved.
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_notes = models.TextField(_("wat is bereikt"), blank=True)
    amount_relieved = models.DecimalField(
        _("bedrag invordering/terugvordering gestopt (euro)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)

    # Field history; the plain BSN, KvK and RSIN stay out of the history table.
    # The search document is derived from fields the history already holds.
    history = HistoricalRecords(
        excluded_fields=["bsn", "kvk_number", "rsin", "search_document", "possible_duplicate"]
    )

    class Meta:
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        ordering = ["-submitted_at", "-created_at"]
        indexes = [
            models.Index(fields=["status", "-submitted_at"], name="case_status_submitted_idx"),
            models.Index(
                fields=["organisation", "-status_changed_at"], name="case_org_changed_idx"
            ),
            models.Index(fields=["bsn_hash"], name="case_bsn_hash_idx"),
            # The triage queue: only cases awaiting triage, in queue order, so that a page
            # is an index range scan and the counts are index-only scans.
            models.Index(
                "triage_rank",
                models.F("triage_score").desc(),
                "submitted_at",
                "id",
                name="case_triage_queue_idx",
                condition=models.Q(status__in=list(QUEUE_STATUSES)),
            ),
            # Partial: most cases are a burger's and have no KvK number; the duplicate
            # checks ask for a non-empty hash (cases.selectors.possible_duplicate).
            models.Index(
                fields=["kvk_hash"], name="case_kvk_hash_idx", condition=~models.Q(kvk_hash="")
            ),
            # The queue's duplicate filter: its page and its bounded count read only the
            # flagged cases of the queue, in queue order.
            models.Index(
                "triage_rank",
                models.F("triage_score").desc(),
                "submitted_at",
                "id",
                name="case_queue_duplicate_idx",
                condition=models.Q(status__in=list(QUEUE_STATUSES), possible_duplicate=True),
            ),
            # Newest submissions first: the team list, the case API's list and the
            # criteria preview's "latest 10,000" read this index in order and stop.
            models.Index(fields=["-submitted_at", "-id"], name="case_submitted_idx"),
            # The helper's overview: its organisation's cases, most recently changed first.
            models.Index(
                fields=["organisation", "-updated_at", "-id"], name="case_org_updated_idx"
            ),
            # The monitor: a period's intake and its closed cases as index-only scans, the
            # columns they group by in the index (reports/figures.py; docs/benchmarks.md).
            models.Index(
                "submitted_at",
                "postcode_area",
                "organisation",
                "id",
                name="case_monitor_intake_idx",
                condition=~models.Q(status="draft"),
            ),
            models.Index(
                "closed_at",
                "submitted_at",
                "triage_band",
                "outcome",
                "amount_relieved",
                "id",
                name="case_monitor_closed_idx",
                condition=models.Q(status="closed"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "intake_token"],
                condition=models.Q(intake_token__isnull=False),
                name="case_unique_intake_token_per_organisation",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(reference__isnull=False),
                name="case_submitted_has_reference",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or str(_("Concept"))

    @property
    def is_draft(self) -> bool:
        return self.status == CaseStatus.DRAFT

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def masked_bsn(self) -> str:
        """Only the last three digits, as the Belastingdienst does on letters."""
        return f"******{self.bsn[-3:]}" if self.bsn else ""

    @property
    def masked_kvk(self) -> str:
        return f"*****{self.kvk_number[-3:]}" if self.kvk_number else ""


class ReferenceCounter(models.Model):
    """The last reference number handed out per year; rows are locked while incremented."""

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class CaseEvent(models.Model):
    """Who did what to a case, when and why. Status changes always write one."""

    class Kind(models.TextChoices):
        STATUS_CHANGED = "status_changed", _("Status gewijzigd")
        ATTACHMENT_ADDED = "attachment_added", _("Bijlage toegevoegd")
        ATTACHMENT_REMOVED = "attachment_removed", _("Bijlage verwijderd")
        ASSIGNED = "assigned", _("Toegewezen")
        RUNG_CHANGED = "rung_changed", _("Trede gewijzigd")
        KAMER_APPROVED = "kamer_approved", _("Voordracht Kamerrapportage goedgekeurd")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    # Why, in the team's words; the helper never sees it for a step on the ladder.
    reason = models.TextField(blank=True)
    # What the helper's timeline says instead of the status (e.g. the name of the new step).
    helper_text = models.CharField(max_length=200, blank=True)
    # Whether the submitting helper's organisation sees this event in its timeline.
    visible_to_helper = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            # The monitor: the triage decisions of a period, and "was this case accepted".
            models.Index(
                "to_status",
                "created_at",
                "case",
                name="caseevent_status_change_idx",
                condition=models.Q(kind="status_changed"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"


class Message(models.Model):
    """The conversation about a case between the team and the helper's organisation.

    Internal notes are for the team only; helpers never see them.
    """

    class Kind(models.TextChoices):
        MESSAGE = "message", _("Bericht")
        QUESTION = "question", _("Vraag om informatie")
        ANSWER = "answer", _("Antwoord op vraag")
        DECISION = "decision", _("Besluit")
        NOTE = "note", _("Interne notitie")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.MESSAGE)
    body = models.TextField(_("bericht"))
    internal = models.BooleanField(_("interne notitie"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "created_at"], name="message_case_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"


class StatusLink(models.Model):
    """A read-only status page for the person concerned ("eigen dossier"), given by the
    helper with the person's consent. Only a hash of the token is stored."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.case} until {self.expires_at:%Y-%m-%d}"


def _attachment_path(instance: "Attachment", filename: str) -> str:
    # Random names: the stored path never carries the uploaded (possibly personal) file name.
    return f"attachments/{instance.case.uuid}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path)
    original_name = models.CharField(_("bestandsnaam"), max_length=255)
    # What the document is, in the uploader's words ("beschikking van 3 maart").
    description = models.CharField(_("omschrijving"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")

    def __str__(self) -> str:
        return self.original_name


class Feedback(models.Model):
    """How the helper, or the person concerned through the status link, rates a closed case:
    the outcome and the process, 1 to 5, with an optional comment. Once per case per kind of
    respondent (cases.services.feedback_give); the monitor reports the scores, suppressed."""

    class Respondent(models.TextChoices):
        HELPER = "helper", _("Hulpverlener")
        PERSON = "person", _("Betrokkene")

    RATINGS = range(1, 6)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="feedback")
    respondent = models.CharField(_("wie"), max_length=10, choices=Respondent.choices)
    outcome_rating = models.PositiveSmallIntegerField(_("oordeel over de uitkomst"))
    process_rating = models.PositiveSmallIntegerField(_("oordeel over de aanpak"))
    comment = models.TextField(_("toelichting"), blank=True)
    # The helper who gave it; empty for the person (who has no account).
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("terugkoppeling")
        verbose_name_plural = _("terugkoppelingen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "respondent"], name="feedback_once_per_case_and_respondent"
            ),
            models.CheckConstraint(
                condition=models.Q(outcome_rating__gte=1, outcome_rating__lte=5)
                & models.Q(process_rating__gte=1, process_rating__lte=5),
                name="feedback_ratings_one_to_five",
            ),
        ]
        # The monitor reads the feedback of a period.
        indexes = [models.Index(fields=["created_at"], name="feedback_created_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.respondent}: {self.outcome_rating}/{self.process_rating}"


class CaseCount(models.Model):
    """How many submitted cases stand in each status and triage rank, in all and per Dienst,
    per theme and per Dienst and theme.

    Kept exact by the writers of ``status`` and ``triage_rank`` (``case_transition``,
    ``triage.services.case_assess``) in their own transaction, so the queue and the team
    list can show totals without counting cases: reading them costs the same at a hundred
    cases as at a million. A case counts in every cell (Dienst or 0, theme or 0) of its
    Diensten and themes, 0 meaning "any". Each transaction adds its ±1 to one of
    ``STRIPES`` rows per cell, picked by the case's id, so concurrent submissions do not
    queue up behind one hot row; readers sum the stripes. Drafts are not counted.
    ``cases.services.case_counts_rebuild`` recounts from the cases (after bulk loads).
    """

    status = models.CharField(max_length=20, choices=CaseStatus.choices)
    triage_rank = models.PositiveSmallIntegerField()
    # The id of a Dienst or a theme, or 0 for "any" (no foreign key: a cell outlives nothing).
    dienst = models.PositiveIntegerField(default=0)
    theme = models.PositiveIntegerField(default=0)
    stripe = models.PositiveSmallIntegerField()
    n = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["status", "triage_rank", "dienst", "theme", "stripe"],
                name="casecount_unique_cell",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.status}/{self.triage_rank}/{self.dienst}/{self.theme}/{self.stripe}: {self.n}"
        )
