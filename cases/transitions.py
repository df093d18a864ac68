"""The case status machine: which status may follow which (DESIGN.md §3).

``cases.services.case_transition`` is the only code that changes ``Case.status`` and it
checks this table first.
"""

from .models import CaseStatus as S

_OPEN_EXITS = {S.WITHDRAWN}

TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED}),
    S.SUBMITTED: frozenset({S.IN_TRIAGE} | _OPEN_EXITS),
    S.IN_TRIAGE: frozenset({S.ACCEPTED, S.INFO_REQUESTED, S.REFERRED, S.DECLINED} | _OPEN_EXITS),
    S.INFO_REQUESTED: frozenset({S.IN_TRIAGE} | _OPEN_EXITS),
    S.ACCEPTED: frozenset({S.IN_PROGRESS, S.RESOLVED} | _OPEN_EXITS),
    S.IN_PROGRESS: frozenset({S.RESOLVED} | _OPEN_EXITS),
    S.RESOLVED: frozenset({S.CLOSED}),
    S.REFERRED: frozenset({S.CLOSED}),
    S.DECLINED: frozenset({S.CLOSED}),
    S.WITHDRAWN: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),
}


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())
