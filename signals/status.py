"""The signal status machine, described once (DESIGN.md §5): a new status is a new row."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Commitment, Signal

S = Signal.Status
C = Commitment.Status


@dataclass(frozen=True)
class SignalStatusInfo:
    next: frozenset[str]
    # What the submitter reads about its signal.
    submitter_text: Promise
    open: bool = False
    # On the agenda with the Diensten: commitments may be recorded, liaisons see it.
    on_agenda: bool = False
    # Leaving it needs words: why it is not pursued (closed), what changed (resolved).
    needs_reason: bool = False
    # Only a lead moves a signal here (choosing it for the Kamer report is the lead's call).
    lead_only: bool = False
    # Whoever takes it up becomes its owner in the team, unless it has one.
    claims_owner: bool = False
    # How the team's page and the dashboard colour it (app-status--<tone>).
    tone: str = "info"


_OPEN_EXITS = frozenset({S.CLOSED})

STATUSES: dict[str, SignalStatusInfo] = {
    S.NEW: SignalStatusInfo(
        next=frozenset({S.ANALYSING} | _OPEN_EXITS),
        submitter_text=_("Ontvangen. Het team bekijkt het signaal."),
        open=True,
    ),
    S.ANALYSING: SignalStatusInfo(
        next=frozenset({S.ON_AGENDA} | _OPEN_EXITS),
        submitter_text=_("Het team onderzoekt het signaal en zoekt casussen die erbij horen."),
        open=True,
        claims_owner=True,
    ),
    S.ON_AGENDA: SignalStatusInfo(
        next=frozenset({S.IN_KAMER_REPORT, S.RESOLVED} | _OPEN_EXITS),
        submitter_text=_("Het signaal staat op de agenda van de Dienst."),
        open=True,
        on_agenda=True,
        tone="warning",
    ),
    S.IN_KAMER_REPORT: SignalStatusInfo(
        next=frozenset({S.RESOLVED} | _OPEN_EXITS),
        submitter_text=_("Het signaal staat in de rapportage aan de Tweede Kamer."),
        open=True,
        on_agenda=True,
        lead_only=True,
        tone="warning",
    ),
    S.RESOLVED: SignalStatusInfo(
        next=frozenset(),
        submitter_text=_("Opgelost: de wet of de uitvoering is aangepast."),
        needs_reason=True,
        tone="positive",
    ),
    S.CLOSED: SignalStatusInfo(
        next=frozenset(),
        submitter_text=_("Gesloten: het team pakt dit signaal niet verder op."),
        needs_reason=True,
        tone="negative",
    ),
}

OPEN_SIGNAL_STATUSES = tuple(str(s) for s, row in STATUSES.items() if row.open)
ON_AGENDA_STATUSES = tuple(str(s) for s, row in STATUSES.items() if row.on_agenda)


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in STATUSES[from_status].next


# A commitment of a Dienst ends once: kept or not kept (signals.services.commitment_close).
COMMITMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    C.OPEN: frozenset({C.KEPT, C.NOT_KEPT}),
    C.KEPT: frozenset(),
    C.NOT_KEPT: frozenset(),
}
