"""The status machines of the ladder, each described once: requests to a Dienst and
proposals for the Kamer report. A new status is a new row."""

from dataclasses import dataclass

from deadlines.models import Deadline

from .models import DienstRequest, KamerReportItem

R = DienstRequest.Status
K = Deadline.Kind

# The rungs the services move a case to by themselves (the rows are configurable data).
MEDIATION_RUNG = "mediation"
FREEZE_RUNG = "freeze_request"
KAMER_RUNG = "kamer_report"


@dataclass(frozen=True)
class RequestStatusInfo:
    next: frozenset[str]
    # Still owed: the Dienst must answer, or a lead must approve.
    open: bool = False
    # The liaison of the Dienst sees it (never before approval, nor when refused).
    visible_to_dienst: bool = False
    # The Dienst's clocks that are done on entering it (met, or missed when late).
    done: tuple[str, ...] = ()
    # Every open clock of the request is cancelled on entering it.
    cancel_all: bool = False


REQUEST_STATUSES: dict[str, RequestStatusInfo] = {
    R.AWAITING_APPROVAL: RequestStatusInfo(
        next=frozenset({R.SENT, R.NOT_APPROVED, R.WITHDRAWN}), open=True
    ),
    # Entering 'sent' starts the acknowledge and answer clocks (services._on_sent).
    R.SENT: RequestStatusInfo(
        next=frozenset({R.ACKNOWLEDGED, R.ANSWERED, R.WITHDRAWN}),
        open=True,
        visible_to_dienst=True,
    ),
    R.ACKNOWLEDGED: RequestStatusInfo(
        next=frozenset({R.ANSWERED, R.WITHDRAWN}),
        open=True,
        visible_to_dienst=True,
        done=(K.DIENST_ACKNOWLEDGE,),
    ),
    R.ANSWERED: RequestStatusInfo(
        next=frozenset(),
        visible_to_dienst=True,
        done=(K.DIENST_ACKNOWLEDGE, K.DIENST_ANSWER),
    ),
    R.NOT_APPROVED: RequestStatusInfo(next=frozenset(), cancel_all=True),
    R.WITHDRAWN: RequestStatusInfo(next=frozenset(), cancel_all=True),
}

OPEN_REQUEST_STATUSES = tuple(str(s) for s, row in REQUEST_STATUSES.items() if row.open)
VISIBLE_TO_DIENST = tuple(str(s) for s, row in REQUEST_STATUSES.items() if row.visible_to_dienst)
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
