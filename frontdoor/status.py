"""The status machine of a solution summary, described once: a new status is a new row.

``submitted`` → a lead other than the author approves (``approved``: helpers find it) or
refuses it with a reason (``refused``: the author reads why, revises, and it is
``submitted`` again). A lead withdraws a published summary that no longer holds, with a
reason.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.models import Outcome

from .models import Solution

S = Solution.Status

LEAD = "lead"
TEAM = "team"


@dataclass(frozen=True)
class SolutionStatusInfo:
    next: frozenset[str]
    # What the author and the team read about the summary in this status.
    team_text: Promise
    # Helpers find it in the library.
    published: bool = False
    # The text may still be revised by the team.
    editable: bool = False
    # It waits for a lead.
    awaiting_review: bool = False
    # Who may move a summary INTO this status, whether that must be someone other than the
    # author (the second pair of eyes), and whether it needs a reason.
    entered_by: str = TEAM
    not_by_author: bool = False
    needs_reason: bool = False


STATUSES: dict[str, SolutionStatusInfo] = {
    S.SUBMITTED: SolutionStatusInfo(
        next=frozenset({S.APPROVED, S.REFUSED}),
        team_text=_("Wacht op een leidinggevende die de samenvatting goedkeurt."),
        editable=True,
        awaiting_review=True,
    ),
    S.APPROVED: SolutionStatusInfo(
        next=frozenset({S.WITHDRAWN}),
        team_text=_("Gepubliceerd: hulpverleners vinden deze oplossing in de bibliotheek."),
        published=True,
        entered_by=LEAD,
        not_by_author=True,
    ),
    S.REFUSED: SolutionStatusInfo(
        next=frozenset({S.SUBMITTED}),
        team_text=_("Niet goedgekeurd. Pas de samenvatting aan en dien haar opnieuw in."),
        editable=True,
        entered_by=LEAD,
        not_by_author=True,
        needs_reason=True,
    ),
    S.WITHDRAWN: SolutionStatusInfo(
        next=frozenset(),
        team_text=_("Ingetrokken: de oplossing staat niet meer in de bibliotheek."),
        entered_by=LEAD,
        needs_reason=True,
    ),
}

PUBLISHED_STATUSES = tuple(str(s) for s, row in STATUSES.items() if row.published)
EDITABLE_STATUSES = tuple(str(s) for s, row in STATUSES.items() if row.editable)
REVIEW_STATUSES = tuple(str(s) for s, row in STATUSES.items() if row.awaiting_review)

# A summary tells what the Dienst accepted: it is written from a case that is resolved, or
# closed with one of these outcomes.
SOLVED_OUTCOMES = (str(Outcome.FULLY_SOLVED), str(Outcome.PARTLY_SOLVED))
