"""Preview of a draft criteria set against recent cases, computed in bulk."""

import json
from dataclasses import dataclass, field

from django.db.models import JSONField, OuterRef, Subquery, TextField
from django.db.models.functions import Cast, Coalesce

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

    One query fetches the latest answers of up to ``limit`` cases (newest first, by index)
    as JSON text; each distinct text is decoded and scored once (PostgreSQL writes equal
    jsonb values as equal text, so in practice a few hundred among 10,000 cases).
    """
    limit = max(1, min(int(limit), MAX_LIMIT))
    current = selectors.specs(selectors.active_criteria_set())
    proposed = selectors.specs(draft)
    # score() is pure: (before, after) per distinct text of answers.
    scored: dict[str, tuple[scoring.Result, scoring.Result]] = {}
    # The latest answers of each case: its latest assessment's, else those of its intake.
    latest = (
        Assessment.objects.filter(case_id=OuterRef("pk"))
        .order_by("-created_at", "-pk")
        .values("answers")[:1]
    )
    recent = list(
        Case.objects.exclude(reference__isnull=True)
        .order_by("-submitted_at", "-pk")  # case_submitted_idx, read in order
        .annotate(
            answers=Cast(
                Coalesce(Subquery(latest, output_field=JSONField()), "triage_answers"),
                TextField(),
            )
        )
        .values_list("reference", "answers")[:limit]
    )
    result = PreviewResult(compared=len(recent))
    for reference, text in recent:
        if text not in scored:
            answers = json.loads(text or "null") or {}
            scored[text] = (scoring.score(answers, current), scoring.score(answers, proposed))
        before, after = scored[text]
        if before.band != after.band:
            result.band_changes += 1
            key = (before.band, after.band)
            result.moves[key] = result.moves.get(key, 0) + 1
        if after.suggestion == scoring.ACCEPT and before.suggestion != scoring.ACCEPT:
            result.newly_accepted.append(reference)
        if before.suggestion == scoring.ACCEPT and after.suggestion != scoring.ACCEPT:
            result.dropped.append(reference)
    return result
