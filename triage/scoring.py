"""The triage score: a pure function from answers and criteria to score, band, suggestion
and the contribution of each criterion (DESIGN.md §4). No database access here."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

URGENT, HIGH, NORMAL, LOW = "urgent", "high", "normal", "low"
ACCEPT, REFER, DECIDE = "accept", "refer", "decide"
HIGH_THRESHOLD = 9
NORMAL_THRESHOLD = 5
ACCEPT_THRESHOLD = 6
MANDATE_KEY = "in_mandate"


@dataclass(frozen=True)
class CriterionSpec:
    key: str
    weight: int
    role: str  # gate | flag | scored | urgent


@dataclass(frozen=True)
class Result:
    score: int
    band: str
    suggestion: str
    contributions: list[dict] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


def score(answers: Mapping[str, bool], criteria: Iterable[CriterionSpec]) -> Result:
    """Score = sum of the weights of criteria answered yes; a missing answer counts as no.

    Band: urgent when an urgent criterion is yes and the case is in mandate; else high
    (score >= 9), normal (>= 5) or low. Suggestion: refer when a gate is not met and the
    band is not urgent; otherwise accept when urgent or score >= 6; otherwise decide.
    """
    criteria = list(criteria)
    contributions = []
    total = 0
    for c in criteria:
        answer = answers.get(c.key)
        points = c.weight if answer is True else 0
        total += points
        contributions.append({"key": c.key, "answer": answer, "weight": c.weight, "points": points})

    keys = {c.key for c in criteria}
    in_mandate = answers.get(MANDATE_KEY) is True or MANDATE_KEY not in keys
    any_urgent = any(c.role == "urgent" and answers.get(c.key) is True for c in criteria)
    if any_urgent and in_mandate:
        band = URGENT
    elif total >= HIGH_THRESHOLD:
        band = HIGH
    elif total >= NORMAL_THRESHOLD:
        band = NORMAL
    else:
        band = LOW

    gate_failed = any(c.role == "gate" and answers.get(c.key) is not True for c in criteria)
    if gate_failed and band != URGENT:
        suggestion = REFER
    elif band == URGENT or total >= ACCEPT_THRESHOLD:
        suggestion = ACCEPT
    else:
        suggestion = DECIDE

    flags = [c.key for c in criteria if c.role == "flag" and answers.get(c.key) is True]
    return Result(total, band, suggestion, contributions, flags)
