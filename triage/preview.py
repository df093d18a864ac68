"""Preview of a draft criteria set against recent cases, computed in bulk."""

from dataclasses import dataclass, field

from cases.models import Case

from . import scoring, selectors
from .models import Assessment, CriteriaSet

DEFAULT_LIMIT = 500
MAX_LIMIT = 10_000


@dataclass
class PreviewResult:
    compared: int = 0
    band_changes: int = 0
    moves: dict[tuple[str, str], int] = field(default_factory=dict)
    newly_accepted: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def criteria_set_preview(*, draft: CriteriaSet, limit: int = DEFAULT_LIMIT) -> PreviewResult:
    """Score the most recent submitted cases with the active set and with ``draft``.

    Two queries fetch the latest answers of up to ``limit`` cases; scoring is pure Python.
    """
    limit = max(1, min(int(limit), MAX_LIMIT))
    current_specs = selectors.specs(selectors.active_criteria_set())
    draft_specs = selectors.specs(draft)
    recent = list(
        Case.objects.exclude(reference__isnull=True)
        .order_by("-submitted_at", "-pk")
        .values_list("pk", "reference", "triage_answers")[:limit]
    )
    latest_answers = dict(
        Assessment.objects.filter(case_id__in=[pk for pk, _, _ in recent])
        .order_by("case_id", "created_at", "pk")
        .values_list("case_id", "answers")
    )  # later rows overwrite earlier ones: the latest assessment per case wins
    result = PreviewResult(compared=len(recent))
    for pk, reference, intake_answers in recent:
        answers = latest_answers.get(pk, intake_answers or {})
        before = scoring.score(answers, current_specs)
        after = scoring.score(answers, draft_specs)
        if before.band != after.band:
            result.band_changes += 1
            key = (before.band, after.band)
            result.moves[key] = result.moves.get(key, 0) + 1
        if after.suggestion == scoring.ACCEPT and before.suggestion != scoring.ACCEPT:
            result.newly_accepted.append(reference)
        if before.suggestion == scoring.ACCEPT and after.suggestion != scoring.ACCEPT:
            result.dropped.append(reference)
    return result
