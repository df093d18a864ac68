"""The Kamer report's status machine, described once: a new status is a new row."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import KamerReport

K = KamerReport.Status


@dataclass(frozen=True)
class ReportStatusInfo:
    next: frozenset[str]
    # What the report page says about it.
    text: Promise
    # The task is (or should be) building it: the page polls and shows progress.
    busy: bool = False
    # Its snapshot may be read, downloaded and exported.
    readable: bool = False
    # A lead may start a new generation from here.
    regenerable: bool = False
    # How the list and the page colour it (app-status--<tone>).
    tone: str = "info"


STATUSES: dict[str, ReportStatusInfo] = {
    K.GENERATING: ReportStatusInfo(
        next=frozenset({K.DRAFT, K.FAILED}),
        text=_("De rapportage wordt gemaakt. Deze pagina laat de voortgang zien."),
        busy=True,
    ),
    K.DRAFT: ReportStatusInfo(
        next=frozenset({K.GENERATING, K.FINAL}),
        text=_(
            "Concept. Een andere leidinggevende dan wie het maakte kan het definitief maken; "
            "tot dan kunt u het opnieuw genereren."
        ),
        readable=True,
        regenerable=True,
        tone="warning",
    ),
    K.FINAL: ReportStatusInfo(
        next=frozenset(),
        text=_("Definitief. Deze rapportage verandert niet meer."),
        readable=True,
        tone="positive",
    ),
    K.FAILED: ReportStatusInfo(
        next=frozenset({K.GENERATING}),
        text=_("Het maken is mislukt. U kunt het opnieuw proberen."),
        regenerable=True,
        tone="negative",
    ),
}


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in STATUSES[from_status].next
