"""What each kind of deadline is and who hears of it, and the deadline status machine.

Both are tables: a new kind of clock or a new status is one row here.
"""

from dataclasses import dataclass
from enum import Enum

from .models import Deadline

K = Deadline.Kind
S = Deadline.Status


class Audience(Enum):
    """Who the reminder sweep tells about a deadline."""

    # The owner (the assigned casemanager); without one, every active lead.
    TEAM = "team"
    # The owner only (the helper who must answer).
    OWNER = "owner"
    # The liaisons of the Dienst that owes it; when overdue, also the team (as TEAM), with
    # the suggestion to climb a rung.
    DIENST = "dienst"


@dataclass(frozen=True)
class KindInfo:
    audience: Audience


KINDS: dict[str, KindInfo] = {
    K.TRIAGE_DECISION: KindInfo(audience=Audience.TEAM),
    K.HELPER_ANSWER: KindInfo(audience=Audience.OWNER),
    K.DIENST_ACKNOWLEDGE: KindInfo(audience=Audience.DIENST),
    K.DIENST_ANSWER: KindInfo(audience=Audience.DIENST),
    K.FREEZE_END: KindInfo(audience=Audience.TEAM),
    # A Dienst's promise on a signal on the agenda; the owner is the signal's owner.
    K.COMMITMENT: KindInfo(audience=Audience.DIENST),
}


# The deadline status machine: an open deadline ends met, missed or cancelled, once.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.OPEN: frozenset({S.MET, S.MISSED, S.CANCELLED}),
    S.MET: frozenset(),
    S.MISSED: frozenset(),
    S.CANCELLED: frozenset(),
}
