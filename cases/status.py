"""The case status machine (DESIGN.md §3), described once.

Each status has one row that says everything about it: which statuses may follow, whether
the case is open, waits in the triage queue, may get a triage decision, stands on the
escalation ladder, whether it leaves the process (its requests are withdrawn and its clocks
stop), which clocks start, pause, resume or are done on entering it, the outcomes it may be
closed with, what the person concerned is told, and what the helper is notified of in the
app. Adding a status means adding a row.

``cases.services.case_transition`` is the only code that changes ``Case.status``; it checks
this table and applies the clock effects.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from deadlines.models import Deadline


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    SUBMITTED = "submitted", _("Ingediend")
    IN_TRIAGE = "in_triage", _("In triage")
    INFO_REQUESTED = "info_requested", _("Informatie gevraagd")
    ACCEPTED = "accepted", _("Aangenomen")
    IN_PROGRESS = "in_progress", _("In behandeling")
    RESOLVED = "resolved", _("Opgelost")
    REFERRED = "referred", _("Doorverwezen")
    DECLINED = "declined", _("Niet in behandeling genomen")
    WITHDRAWN = "withdrawn", _("Ingetrokken")
    CLOSED = "closed", _("Afgesloten")


class Outcome(models.TextChoices):
    FULLY_SOLVED = "fully_solved", _("Volledig opgelost")
    PARTLY_SOLVED = "partly_solved", _("Gedeeltelijk opgelost")
    NOT_SOLVED = "not_solved", _("Niet opgelost")
    REFERRED = "referred", _("Doorverwezen")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


K = Deadline.Kind
S = CaseStatus
O = Outcome  # noqa: E741


@dataclass(frozen=True)
class Clocks:
    """What entering a status does to the case's own clocks (deadlines.services)."""

    start: tuple[str, ...] = ()
    pause: tuple[str, ...] = ()
    resume: tuple[str, ...] = ()
    done: tuple[str, ...] = ()
    # Every clock of the case still open is cancelled: nothing is owed any more.
    cancel_all: bool = False


@dataclass(frozen=True)
class HelperNotice:
    """What the helper who submitted the case is told in the app on entering a status;
    ``%(reference)s`` is the case's reference. ``email=False`` where the step that enters
    the status already e-mails the helper (the message of a triage decision)."""

    title: Promise
    email: bool = True


@dataclass(frozen=True)
class StatusInfo:
    next: frozenset[str]
    helper_text: Promise
    open: bool = False
    queued: bool = False
    decidable: bool = False
    on_ladder: bool = False
    # Leaving the process: open requests to the Diensten are withdrawn and every clock stops
    # (casework.steps does both, in the step that enters such a status).
    leaves_process: bool = False
    outcomes: frozenset[str] = frozenset()
    clocks: Clocks = field(default_factory=Clocks)
    # The helper's in-app notification (cases.services.case_transition sends it, unless the
    # helper took the step itself or the step is hidden from the helper).
    notice: HelperNotice | None = None


STATUSES: dict[str, StatusInfo] = {
    S.DRAFT: StatusInfo(
        next=frozenset({S.SUBMITTED}),
        helper_text=_("Uw hulpverlener bereidt de aanvraag voor."),
    ),
    S.SUBMITTED: StatusInfo(
        next=frozenset({S.IN_TRIAGE, S.WITHDRAWN}),
        helper_text=_(
            "Uw hulpverlener heeft uw situatie aan ons voorgelegd. Wij bekijken of wij kunnen helpen."
        ),
        open=True,
        queued=True,
        decidable=True,
        clocks=Clocks(start=(K.TRIAGE_DECISION,)),
    ),
    S.IN_TRIAGE: StatusInfo(
        next=frozenset({S.ACCEPTED, S.INFO_REQUESTED, S.REFERRED, S.DECLINED, S.WITHDRAWN}),
        helper_text=_("Wij bekijken of wij kunnen helpen."),
        open=True,
        queued=True,
        decidable=True,
        clocks=Clocks(done=(K.HELPER_ANSWER,), resume=(K.TRIAGE_DECISION,)),
    ),
    S.INFO_REQUESTED: StatusInfo(
        next=frozenset({S.IN_TRIAGE, S.WITHDRAWN}),
        helper_text=_("Wij hebben uw hulpverlener om meer informatie gevraagd."),
        open=True,
        queued=True,
        clocks=Clocks(pause=(K.TRIAGE_DECISION,), start=(K.HELPER_ANSWER,)),
        notice=HelperNotice(_("Het team heeft een vraag over casus %(reference)s"), email=False),
    ),
    S.ACCEPTED: StatusInfo(
        next=frozenset({S.IN_PROGRESS, S.RESOLVED, S.WITHDRAWN}),
        helper_text=_("Wij helpen u. Een casemanager neemt contact op met de Dienst."),
        open=True,
        on_ladder=True,
        clocks=Clocks(done=(K.TRIAGE_DECISION,)),
        notice=HelperNotice(_("Casus %(reference)s is in behandeling genomen"), email=False),
    ),
    S.IN_PROGRESS: StatusInfo(
        next=frozenset({S.RESOLVED, S.WITHDRAWN}),
        helper_text=_("Wij zijn in gesprek met de Dienst over een oplossing."),
        open=True,
        on_ladder=True,
    ),
    S.RESOLVED: StatusInfo(
        next=frozenset({S.CLOSED}),
        helper_text=_("Er is een oplossing gevonden."),
        leaves_process=True,
        outcomes=frozenset({O.FULLY_SOLVED, O.PARTLY_SOLVED, O.NOT_SOLVED}),
        clocks=Clocks(cancel_all=True),
        notice=HelperNotice(_("Voor casus %(reference)s is een oplossing gevonden")),
    ),
    S.REFERRED: StatusInfo(
        next=frozenset({S.CLOSED}),
        helper_text=_("Wij hebben uw hulpverlener een betere plek voor uw vraag gewezen."),
        leaves_process=True,
        outcomes=frozenset({O.REFERRED}),
        clocks=Clocks(done=(K.TRIAGE_DECISION,), cancel_all=True),
        notice=HelperNotice(_("Casus %(reference)s is doorverwezen"), email=False),
    ),
    S.DECLINED: StatusInfo(
        next=frozenset({S.CLOSED}),
        helper_text=_("Wij kunnen u hier niet mee helpen. Uw hulpverlener weet waarom."),
        leaves_process=True,
        outcomes=frozenset({O.NOT_SOLVED}),
        clocks=Clocks(done=(K.TRIAGE_DECISION,), cancel_all=True),
        notice=HelperNotice(_("Casus %(reference)s is niet in behandeling genomen"), email=False),
    ),
    S.WITHDRAWN: StatusInfo(
        next=frozenset({S.CLOSED}),
        helper_text=_("De aanvraag is ingetrokken."),
        leaves_process=True,
        outcomes=frozenset({O.WITHDRAWN}),
        clocks=Clocks(cancel_all=True),
        notice=HelperNotice(_("Casus %(reference)s is ingetrokken")),
    ),
    S.CLOSED: StatusInfo(
        next=frozenset(),
        helper_text=_("Het dossier is afgesloten."),
        leaves_process=True,
        clocks=Clocks(cancel_all=True),
        notice=HelperNotice(_("Casus %(reference)s is afgesloten")),
    ),
}


def info(status: str) -> StatusInfo:
    return STATUSES[status]


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in STATUSES[from_status].next


def statuses_where(flag: str) -> tuple[str, ...]:
    """The statuses whose row has ``flag`` set, e.g. ``statuses_where("queued")``."""
    return tuple(str(s) for s, row in STATUSES.items() if getattr(row, flag))


OPEN_STATUSES = statuses_where("open")
QUEUE_STATUSES = statuses_where("queued")
DECIDABLE_STATUSES = statuses_where("decidable")
LADDER_STATUSES = statuses_where("on_ladder")
CLOSABLE_STATUSES = statuses_where("outcomes")
