"""Deadline rows, their events, admin-added non-working days and in-app notifications.

This app sits below every app that has a clock (DESIGN.md §6 "Layers"): it knows nothing of
cases, requests or signals. A deadline points at what it belongs to through a generic
``subject`` (a case, a request to a Dienst, a commitment), and carries on its own row what
the reminder sweep needs: who answers for it (``owner``), which Dienst owes it, a label for
the reminder (a reference, never personal data) and where a reminder links to.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
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


class Deadline(models.Model):
    """A due moment, stored as a row so one indexed query finds what is due.

    ``status`` changes only through ``deadlines.services.deadline_transition``; pauses,
    resumptions and extensions go through their own services. Each writes a DeadlineEvent.
    """

    class Kind(models.TextChoices):
        TRIAGE_DECISION = "triage_decision", _("Triagebesluit")
        HELPER_ANSWER = "helper_answer", _("Antwoord van de hulpverlener")
        DIENST_ACKNOWLEDGE = "dienst_acknowledge", _("Ontvangstbevestiging Dienst")
        DIENST_ANSWER = "dienst_answer", _("Antwoord Dienst")
        FREEZE_END = "freeze_end", _("Einde bevriezing")
        COMMITMENT = "commitment", _("Toezegging van een Dienst")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MET = "met", _("Gehaald")
        MISSED = "missed", _("Niet gehaald")
        CANCELLED = "cancelled", pgettext_lazy("deadline", "Vervallen")

    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    due_at = models.DateTimeField(_("uiterste moment"))
    # While the case waits for the helper the triage clock stands still.
    paused_at = models.DateTimeField(null=True, blank=True)
    # Raised whenever the due moment moves (extension, resumed clock), so the reminders of
    # the new due moment are sent again; see Notification's unique constraint.
    revision = models.PositiveSmallIntegerField(default=0)
    # Who answers for it on our side (the assignee, the helper); empty: the leads.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The Dienst that owes it, for the Diensten' deadlines: its liaisons are reminded.
    dienst = models.ForeignKey(
        "accounts.Dienst", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What a reminder calls it (a case reference): never a name or a number of a person.
    label = models.CharField(max_length=60)
    url = models.CharField(max_length=300, blank=True)
    dienst_url = models.CharField(max_length=300, blank=True)
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
            models.Index(
                fields=["subject_type", "subject_id", "status"], name="deadline_subject_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_dienst_deadline(self) -> bool:
        return self.dienst_id is not None


class DeadlineEvent(models.Model):
    """Who did what to a deadline, when and why: opened, paused, resumed, extended, closed."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Geopend")
        PAUSED = "paused", _("Gepauzeerd")
        RESUMED = "resumed", _("Hervat")
        EXTENDED = "extended", _("Verlengd")
        REASSIGNED = "reassigned", _("Overgedragen")
        CLOSED = "closed", _("Afgesloten")

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    old_due_at = models.DateTimeField(null=True, blank=True)
    new_due_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"


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
        EVENT = "event", _("Bericht over een casus")

    class EmailState(models.TextChoices):
        PENDING = "pending", _("Te versturen")
        SENDING = "sending", _("Bezig")
        SENT = "sent", _("Verstuurd")
        NONE = "none", _("Geen e-mail")
        FAILED = "failed", _("Mislukt")

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
    # How often sending was tried; a stale claim is tried again up to a bound (reminders.py).
    email_attempts = models.PositiveSmallIntegerField(default=0)

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
