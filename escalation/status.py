"""The status machines of the ladder, each described once: requests to a Dienst and
proposals for the Kamer report. A new status is a new row."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from deadlines.models import Deadline

from .models import DienstRequest, KamerReportItem

R = DienstRequest.Status
K = Deadline.Kind

# The rungs the services move a case to by themselves (the rows are configurable data).
MEDIATION_RUNG = "mediation"
FREEZE_RUNG = "freeze_request"
KAMER_RUNG = "kamer_report"


# Who must act next on a request.
LEAD = "lead"  # a lead other than the author approves or refuses
DIENST = "dienst"  # the Dienst acknowledges or answers
TEAM = "team"  # the casemanager replies to the Dienst's question or counter-proposal


@dataclass(frozen=True)
class RequestStatusInfo:
    next: frozenset[str]
    # Still owed: the Dienst must answer, a lead must approve, or the team must react.
    open: bool = False
    # The liaison of the Dienst sees it (never before approval, nor when refused).
    visible_to_dienst: bool = False
    # Who acts next (LEAD, DIENST, TEAM); empty once nothing is owed.
    awaits: str = ""
    # The Dienst's clocks started on entering it, with the days of the request's rung.
    start: tuple[str, ...] = ()
    # The Dienst's clocks that are done on entering it (met, or missed when late).
    done: tuple[str, ...] = ()
    # Every open clock of the request is cancelled on entering it.
    cancel_all: bool = False
    # The Dienst's liaison moves it here (acknowledgement, answer, question, counter-proposal).
    by_dienst: bool = False
    # What entering it says in the request's thread and the case timeline.
    event_title: Promise | str = ""


# A request is a thread with the Dienst: a question or a counter-proposal from the Dienst
# waits for the team's reaction, and a reply sends it back to the Dienst with a new answer
# clock (the Dienst's earlier clocks were done, met or missed, when it responded).
_AWAITING_DIENST_ANSWER = frozenset(
    {R.ANSWERED, R.DIENST_QUESTION, R.COUNTER_PROPOSED, R.WITHDRAWN}
)

REQUEST_STATUSES: dict[str, RequestStatusInfo] = {
    R.AWAITING_APPROVAL: RequestStatusInfo(
        next=frozenset({R.SENT, R.NOT_APPROVED, R.WITHDRAWN}),
        open=True,
        awaits=LEAD,
        event_title=_("Verzoek opgesteld, wacht op akkoord van een leidinggevende"),
    ),
    # Entering 'sent' also records sent_at and tells the liaisons (services._on_sent).
    R.SENT: RequestStatusInfo(
        next=_AWAITING_DIENST_ANSWER | {R.ACKNOWLEDGED},
        open=True,
        visible_to_dienst=True,
        awaits=DIENST,
        start=(K.DIENST_ACKNOWLEDGE, K.DIENST_ANSWER),
        event_title=_("Verzoek verstuurd"),
    ),
    R.ACKNOWLEDGED: RequestStatusInfo(
        next=_AWAITING_DIENST_ANSWER,
        open=True,
        visible_to_dienst=True,
        awaits=DIENST,
        done=(K.DIENST_ACKNOWLEDGE,),
        by_dienst=True,
        event_title=_("Ontvangst bevestigd door de Dienst"),
    ),
    R.DIENST_QUESTION: RequestStatusInfo(
        next=frozenset({R.REPLIED, R.WITHDRAWN}),
        open=True,
        visible_to_dienst=True,
        awaits=TEAM,
        done=(K.DIENST_ACKNOWLEDGE, K.DIENST_ANSWER),
        by_dienst=True,
        event_title=_("Vraag van de Dienst"),
    ),
    R.COUNTER_PROPOSED: RequestStatusInfo(
        next=frozenset({R.AGREED, R.COUNTER_REJECTED, R.WITHDRAWN}),
        open=True,
        visible_to_dienst=True,
        awaits=TEAM,
        done=(K.DIENST_ACKNOWLEDGE, K.DIENST_ANSWER),
        by_dienst=True,
        event_title=_("Tegenvoorstel van de Dienst"),
    ),
    R.REPLIED: RequestStatusInfo(
        next=_AWAITING_DIENST_ANSWER,
        open=True,
        visible_to_dienst=True,
        awaits=DIENST,
        start=(K.DIENST_ANSWER,),
        event_title=_("Antwoord op de vraag van de Dienst"),
    ),
    R.COUNTER_REJECTED: RequestStatusInfo(
        next=_AWAITING_DIENST_ANSWER,
        open=True,
        visible_to_dienst=True,
        awaits=DIENST,
        start=(K.DIENST_ANSWER,),
        event_title=_("Tegenvoorstel afgewezen"),
    ),
    R.ANSWERED: RequestStatusInfo(
        next=frozenset(),
        visible_to_dienst=True,
        done=(K.DIENST_ACKNOWLEDGE, K.DIENST_ANSWER),
        by_dienst=True,
        event_title=_("Antwoord van de Dienst"),
    ),
    # The team accepted the Dienst's counter-proposal: agreement, nothing is owed.
    R.AGREED: RequestStatusInfo(
        next=frozenset(), visible_to_dienst=True, event_title=_("Tegenvoorstel aanvaard")
    ),
    R.NOT_APPROVED: RequestStatusInfo(
        next=frozenset(), cancel_all=True, event_title=_("Niet goedgekeurd")
    ),
    R.WITHDRAWN: RequestStatusInfo(
        next=frozenset(), cancel_all=True, event_title=_("Verzoek ingetrokken")
    ),
}


@dataclass(frozen=True)
class OutcomeInfo:
    # The status the request enters with this response.
    status: str
    # What the Dienst is told when the motivation is missing; empty: none is needed.
    missing_motivation: Promise | str = ""


_EXPLAIN = _("Motiveer uw antwoord: alleen bij volledig accepteren mag dat ontbreken.")

# What the Dienst's response makes of the request (comply or explain): a question or a
# counter-proposal keeps the thread going, every other outcome is the final answer.
Out = DienstRequest.Outcome
OUTCOMES: dict[str, OutcomeInfo] = {
    Out.ACCEPTED: OutcomeInfo(R.ANSWERED),
    Out.PARTLY_ACCEPTED: OutcomeInfo(R.ANSWERED, _EXPLAIN),
    Out.REJECTED: OutcomeInfo(R.ANSWERED, _EXPLAIN),
    Out.COUNTER_PROPOSAL: OutcomeInfo(R.COUNTER_PROPOSED, _("Beschrijf uw tegenvoorstel.")),
    Out.QUESTION: OutcomeInfo(R.DIENST_QUESTION, _("Schrijf uw vraag aan de Belangenbehartiger.")),
}


def _where(test) -> tuple[str, ...]:
    return tuple(str(s) for s, row in REQUEST_STATUSES.items() if test(row))


OPEN_REQUEST_STATUSES = _where(lambda row: row.open)
VISIBLE_TO_DIENST = _where(lambda row: row.visible_to_dienst)
AWAITING_DIENST = _where(lambda row: row.awaits == DIENST)
AWAITING_TEAM = _where(lambda row: row.awaits == TEAM)
# What the Dienst sees as done with: visible and nothing owed any more.
CONCLUDED = _where(lambda row: row.visible_to_dienst and not row.open)
# A document can be shared with a request the Dienst has, or will get once approved.
SHAREABLE_STATUSES = (*OPEN_REQUEST_STATUSES, *VISIBLE_TO_DIENST)


P = KamerReportItem.Status

# Proposals for the Kamer report: a lead other than the proposer approves or refuses; a
# refused proposal may be put forward again with a new vignette.
KAMER_ITEM_TRANSITIONS: dict[str, frozenset[str]] = {
    P.PROPOSED: frozenset({P.APPROVED, P.REFUSED}),
    P.REFUSED: frozenset({P.PROPOSED}),
    P.APPROVED: frozenset(),
}
