from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ExtraNonWorkingDay(models.Model):
    """A day that is not a working day on top of the Algemene termijnenwet's list, such as
    a bridge day set by decree (e.g. the Friday after Hemelvaartsdag). Added by admins."""

    date = models.DateField(_("datum"), unique=True)
    reason = models.CharField(_("reden"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("extra niet-werkdag")
        verbose_name_plural = _("extra niet-werkdagen")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.reason}"


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
        ANSWERED = "answered", _("Beantwoord")
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

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["dienst", "status"], name="request_dienst_status_idx"),
            models.Index(fields=["case", "-created_at"], name="request_case_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.dienst}"


class RequestEvent(models.Model):
    """Who moved a request, when and why (approval, sending, acknowledgement, answer)."""

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


class Deadline(models.Model):
    """A due moment, stored as a row so one indexed query finds what is due."""

    class Kind(models.TextChoices):
        TRIAGE_DECISION = "triage_decision", _("Triagebesluit")
        HELPER_ANSWER = "helper_answer", _("Antwoord van de hulpverlener")
        DIENST_ACKNOWLEDGE = "dienst_acknowledge", _("Ontvangstbevestiging Dienst")
        DIENST_ANSWER = "dienst_answer", _("Antwoord Dienst")
        FREEZE_END = "freeze_end", _("Einde bevriezing")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MET = "met", _("Gehaald")
        CANCELLED = "cancelled", pgettext_lazy("deadline", "Vervallen")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="deadlines")
    request = models.ForeignKey(
        DienstRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="deadlines"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    due_at = models.DateTimeField(_("uiterste moment"))
    # While the case waits for the helper the triage clock stands still.
    paused_at = models.DateTimeField(null=True, blank=True)
    # Raised whenever the due moment moves (extension, resumed clock), so the reminders of
    # the new due moment are sent again; see Notification's unique constraint.
    revision = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [
            # The reminder sweep: open, running deadlines by due moment.
            models.Index(
                fields=["due_at"],
                name="deadline_open_due_idx",
                condition=models.Q(status="open", paused_at__isnull=True),
            ),
            models.Index(fields=["case", "status"], name="deadline_case_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_at:%Y-%m-%d}"

    @property
    def is_dienst_deadline(self) -> bool:
        return self.kind in (self.Kind.DIENST_ACKNOWLEDGE, self.Kind.DIENST_ANSWER)


class DeadlineExtension(models.Model):
    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="extensions")
    old_due_at = models.DateTimeField()
    new_due_at = models.DateTimeField()
    reason = models.TextField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.old_due_at:%Y-%m-%d} → {self.new_due_at:%Y-%m-%d}"


class Notification(models.Model):
    """An in-app notification, and the e-mail that goes with it.

    The unique constraint on (deadline, revision of its due moment, stage, recipient) makes a
    reminder exist once, however many sweeps run at the same time or again after a crash.
    """

    class Stage(models.TextChoices):
        UPCOMING = "upcoming", _("Binnenkort")
        DUE_TODAY = "due_today", _("Vandaag")
        OVERDUE = "overdue", _("Verlopen")
        OVERDUE_ESCALATE = "overdue_escalate", _("Verlopen: volgende trede?")
        NEW_REQUEST = "new_request", _("Nieuw verzoek")
        ANSWERED = "answered", _("Antwoord ontvangen")

    class EmailState(models.TextChoices):
        PENDING = "pending", _("Te versturen")
        SENDING = "sending", _("Bezig")
        SENT = "sent", _("Verstuurd")
        NONE = "none", _("Geen e-mail")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    deadline = models.ForeignKey(
        Deadline, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    deadline_revision = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=20, choices=Stage.choices)
    title = models.CharField(max_length=200)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_state = models.CharField(
        max_length=10, choices=EmailState.choices, default=EmailState.PENDING
    )
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "deadline_revision", "stage", "recipient"],
                name="notification_once_per_stage",
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(
                fields=["created_at"],
                name="notification_email_todo_idx",
                condition=models.Q(email_state="pending"),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class KamerReportItem(models.Model):
    """A case put forward, anonymised, for the next report to the Tweede Kamer."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Voorgesteld")
        APPROVED = "approved", _("Goedgekeurd")

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
