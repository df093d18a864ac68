from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _

from deadlines.models import Deadline


class Rung(models.Model):
    """A step of the escalation ladder (configurable rows; defaults from a data migration)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=120)
    description = models.CharField(_("wat er gebeurt"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), unique=True)
    # Working days the Dienst has; empty means no deadline of that kind on this rung.
    acknowledge_days = models.PositiveSmallIntegerField(
        _("bevestigen binnen (werkdagen)"), null=True, blank=True
    )
    answer_days = models.PositiveSmallIntegerField(
        _("antwoorden binnen (werkdagen)"), null=True, blank=True
    )
    answer_days_urgent = models.PositiveSmallIntegerField(
        _("antwoorden binnen bij urgentie (werkdagen)"), null=True, blank=True
    )
    needs_approval = models.BooleanField(_("tweede paar ogen (leidinggevende)"), default=False)
    optional = models.BooleanField(_("optioneel"), default=False)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["position"]
        verbose_name = _("trede")
        verbose_name_plural = _("treden van de escalatieladder")

    def __str__(self) -> str:
        return self.name

    def answer_days_for(self, *, urgent: bool) -> int | None:
        if urgent and self.answer_days_urgent is not None:
            return self.answer_days_urgent
        return self.answer_days


class DienstRequest(models.Model):
    """A proposal, freeze request or question from the team to one Dienst.

    ``status`` changes only through ``escalation.services.request_transition``.
    """

    class Kind(models.TextChoices):
        PROPOSAL = "proposal", _("Voorstel alternatieve oplossing")
        FREEZE = "freeze", _("Verzoek tot bevriezen")
        QUESTION = "question", _("Vraag")

    class Status(models.TextChoices):
        AWAITING_APPROVAL = "awaiting_approval", _("Wacht op akkoord leidinggevende")
        NOT_APPROVED = "not_approved", _("Niet goedgekeurd")
        SENT = "sent", _("Verstuurd")
        ACKNOWLEDGED = "acknowledged", _("Ontvangst bevestigd")
        DIENST_QUESTION = "dienst_question", _("Vraag van de Dienst")
        COUNTER_PROPOSED = "counter_proposed", _("Tegenvoorstel van de Dienst")
        REPLIED = "replied", _("Vraag beantwoord, wacht op de Dienst")
        COUNTER_REJECTED = "counter_rejected", _("Tegenvoorstel afgewezen, wacht op de Dienst")
        ANSWERED = "answered", _("Beantwoord")
        AGREED = "agreed", _("Tegenvoorstel aanvaard")
        WITHDRAWN = "withdrawn", _("Ingetrokken")

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("Geaccepteerd")
        PARTLY_ACCEPTED = "partly_accepted", _("Gedeeltelijk geaccepteerd")
        REJECTED = "rejected", _("Afgewezen")
        COUNTER_PROPOSAL = "counter_proposal", _("Tegenvoorstel")
        QUESTION = "question", _("Wedervraag")

    class FreezeScope(models.TextChoices):
        INVORDERING = "invordering", _("Invordering")
        VERREKENING = "verrekening", _("Verrekening")
        TERUGVORDERING = "terugvordering", _("Terugvordering")
        PROCEDURE = "procedure", _("Procedure")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="dienst_requests")
    dienst = models.ForeignKey("accounts.Dienst", on_delete=models.PROTECT, related_name="requests")
    rung = models.ForeignKey(Rung, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    text = models.TextField(_("tekst"))
    urgent = models.BooleanField(default=False)
    freeze_scope = models.CharField(
        _("wat bevriezen"), max_length=20, choices=FreezeScope.choices, blank=True
    )
    freeze_until = models.DateField(_("bevriezen tot"), null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("antwoord"), max_length=20, choices=Outcome.choices, blank=True)
    motivation = models.TextField(_("motivering"), blank=True)
    granted_until = models.DateField(_("bevroren tot"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    # When the case's casemanager first saw the Dienst's latest response (an answer, a
    # question or a counter-proposal); empty while it is unread (the werkvoorraad lists it).
    response_seen_at = models.DateTimeField(null=True, blank=True)
    # The Dienst's clocks for this request: acknowledgement, answer, end of a granted freeze.
    deadlines = GenericRelation(
        Deadline,
        content_type_field="subject_type",
        object_id_field="subject_id",
        related_query_name="dienst_request",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["dienst", "status"], name="request_dienst_status_idx"),
            models.Index(fields=["case", "-created_at"], name="request_case_idx"),
            # A Dienst's requests, newest first (the Dienst-request API's list).
            models.Index(
                fields=["dienst", "-created_at", "-id"], name="request_dienst_created_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.dienst}"


class RequestEvent(models.Model):
    """Who moved a request, when and why (approval, sending, acknowledgement, answer).

    The events of a request are also its thread with the Dienst: the request's text, the
    Dienst's questions, counter-proposals and answers, and the team's replies are each the
    ``note`` of the event that entered their status.
    """

    request = models.ForeignKey(DienstRequest, on_delete=models.CASCADE, related_name="events")
    # Empty when the system acted (a request withdrawn because its case was closed by a task).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class LadderPosition(models.Model):
    """Where an accepted case stands on the ladder. Changes only through
    ``escalation.services.case_rung_move``, which also writes the event."""

    case = models.OneToOneField(
        "cases.Case", primary_key=True, on_delete=models.CASCADE, related_name="ladder"
    )
    rung = models.ForeignKey(Rung, on_delete=models.PROTECT, related_name="positions")
    moved_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["rung"], name="ladder_rung_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.rung}"


class KamerReportItem(models.Model):
    """A case put forward, anonymised, for the next report to the Tweede Kamer.

    ``status`` changes only through ``escalation.services.kamer_item_transition``.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Voorgesteld")
        APPROVED = "approved", _("Goedgekeurd")
        REFUSED = "refused", _("Niet goedgekeurd")

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="kamer_item")
    vignette = models.TextField(_("geanonimiseerde casusbeschrijving"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("casus voor de Kamerrapportage")
        verbose_name_plural = _("casussen voor de Kamerrapportage")

    def __str__(self) -> str:
        return f"{self.case} ({self.get_status_display()})"


class KamerItemEvent(models.Model):
    """Who moved a Kamer-report proposal, when and why (approval, refusal, a new vignette)."""

    item = models.ForeignKey(KamerReportItem, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class AttachmentShare(models.Model):
    """A document of the case that the team shared with the Dienst of one request. The
    Dienst's liaisons then see and download it from the request's page; nothing else of the
    case's documents reaches the Dienst. Sharing is not undone: once a Dienst may have the
    file, the record of that stays."""

    request = models.ForeignKey(
        DienstRequest, on_delete=models.CASCADE, related_name="attachment_shares"
    )
    attachment = models.ForeignKey(
        "cases.Attachment", on_delete=models.CASCADE, related_name="shares"
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    shared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["shared_at", "pk"]
        verbose_name = _("gedeelde bijlage")
        verbose_name_plural = _("gedeelde bijlagen")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "attachment"], name="attachment_shared_once_per_request"
            )
        ]

    def __str__(self) -> str:
        return f"{self.attachment_id} → {self.request_id}"


class AttachmentDownload(models.Model):
    """Who at the Dienst downloaded a shared document, and when."""

    share = models.ForeignKey(AttachmentShare, on_delete=models.CASCADE, related_name="downloads")
    downloaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    downloaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["downloaded_at", "pk"]
        indexes = [models.Index(fields=["share", "downloaded_at"], name="share_download_idx")]

    def __str__(self) -> str:
        return f"{self.share_id} by {self.downloaded_by_id}"


class InformalContact(models.Model):
    """Contact with a Dienst outside the system (a phone call, a meeting, an e-mail), logged
    by the team on the case: who, when, and what was agreed. The minnelijke route is mostly
    such contact; the timeline shows it and the monitor counts it (kind, at, dienst)."""

    class Kind(models.TextChoices):
        PHONE = "phone", _("Telefoongesprek")
        MEETING = "meeting", _("Overleg of bezoek")
        EMAIL = "email", _("E-mail buiten het systeem")
        OTHER = "other", _("Ander contact")

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="informal_contacts"
    )
    dienst = models.ForeignKey(
        "accounts.Dienst", on_delete=models.PROTECT, related_name="informal_contacts"
    )
    kind = models.CharField(_("soort contact"), max_length=10, choices=Kind.choices)
    at = models.DateTimeField(_("wanneer"))
    contact_name = models.CharField(_("met wie bij de Dienst"), max_length=200)
    agreed = models.TextField(_("wat is afgesproken"))
    notes = models.TextField(_("verder besproken"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("informeel contact met een Dienst")
        verbose_name_plural = _("informele contacten met de Diensten")
        indexes = [
            models.Index(fields=["case", "at"], name="contact_case_at_idx"),
            # The monitor counts contacts per Dienst over a period.
            models.Index(fields=["dienst", "at"], name="contact_dienst_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.dienst} {self.at:%Y-%m-%d %H:%M}"
