"""The signal status machine, described once (DESIGN.md §5): a new status is a new row."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Signal

S = Signal.Status


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
    ),
    S.ON_AGENDA: SignalStatusInfo(
        next=frozenset({S.IN_KAMER_REPORT, S.RESOLVED} | _OPEN_EXITS),
        submitter_text=_("Het signaal staat op de agenda van de Dienst."),
        open=True,
        on_agenda=True,
    ),
    S.IN_KAMER_REPORT: SignalStatusInfo(
        next=frozenset({S.RESOLVED} | _OPEN_EXITS),
        submitter_text=_("Het signaal staat in de rapportage aan de Tweede Kamer."),
        open=True,
        on_agenda=True,
    ),
    S.RESOLVED: SignalStatusInfo(
        next=frozenset(),
        submitter_text=_("Opgelost: de wet of de uitvoering is aangepast."),
        needs_reason=True,
    ),
    S.CLOSED: SignalStatusInfo(
        next=frozenset(),
        submitter_text=_("Gesloten: het team pakt dit signaal niet verder op."),
        needs_reason=True,
    ),
}

OPEN_SIGNAL_STATUSES = tuple(str(s) for s, row in STATUSES.items() if row.open)
ON_AGENDA_STATUSES = tuple(str(s) for s, row in STATUSES.items() if row.on_agenda)


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in STATUSES[from_status].next
