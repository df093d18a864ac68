"""Everything that writes Kamer reports: starting, (re)generating, finalising, and the
team's words about a chosen signal.

A report is built by a Celery task (reports.tasks.build_kamer_report) that calls
``kamer_report_build``: it computes the content in steps, writing its progress as it goes,
freezes it as the report's snapshot, renders the PDF from that snapshot, and moves the report
to ``draft``. The task is idempotent: it only builds the generation it was started for, and
only while the report is ``generating``; a finished or superseded generation returns at once.
A final report never changes (``kamer_report_transition`` refuses it; the database rejects
any UPDATE of a final row, see migration 0001).
"""

import contextlib
import logging
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Role, User
from belangenbehartiger.errors import (
    ConcurrentChange,
    InvalidInput,
    NotPermitted,
    TransitionNotAllowed,
)
from belangenbehartiger.queue import enqueue, enqueue_on_commit
from signals.models import Signal

from . import kamer_content, kamer_pdf
from .models import KamerReport, KamerReportEvent, ProblemStatement
from .status import STATUSES, can_transition

logger = logging.getLogger(__name__)
K = KamerReport.Status
BUILD_TASK = "reports.tasks.build_kamer_report"
# A generation that has not finished after this long lost its task (a broker that was down,
# a worker that died): the beat sweep sends it again (``kamer_reports_resume_stalled``).
STALLED_AFTER = timedelta(minutes=15)
LONGEST_PERIOD_DAYS = 3 * 366


def _require_lead(actor: User, message: str) -> None:
    if actor.role != Role.LEAD:
        raise NotPermitted(message)


def _check_period(period_start: date, period_end: date) -> None:
    if period_end < period_start:
        raise InvalidInput(_("Het einde van de periode ligt vóór het begin."), field="period_end")
    if (period_end - period_start).days > LONGEST_PERIOD_DAYS:
        raise InvalidInput(_("Kies een periode van hoogstens drie jaar."), field="period_end")
    if period_start > timezone.localdate():
        raise InvalidInput(_("De periode begint in de toekomst."), field="period_start")


def kamer_report_transition(
    *, report: KamerReport, to_status: str, actor: User | None, note: str = "", changes=None
) -> KamerReport:
    """The one place where a report changes status: table check, a conditional update on
    the old status (and generation), and an event row, in one transaction."""
    from_status = report.status
    if not can_transition(from_status, to_status):
        if from_status == K.FINAL:
            raise TransitionNotAllowed(_("Deze rapportage is definitief en verandert niet meer."))
        raise TransitionNotAllowed(
            _("Een rapportage met status ‘%(from)s’ kan niet naar ‘%(to)s’.")
            % {"from": K(from_status).label, "to": K(to_status).label}
        )
    changes = dict(changes or {})
    with transaction.atomic():
        moved = KamerReport.objects.filter(
            pk=report.pk, status=from_status, generation=report.generation
        ).update(status=to_status, **changes)
        if moved != 1:
            raise ConcurrentChange(_("Deze rapportage is net door iemand anders gewijzigd."))
        KamerReportEvent.objects.create(
            report=report, actor=actor, from_status=from_status, to_status=to_status, note=note
        )
    report.refresh_from_db()
    return report


@transaction.atomic
def kamer_report_start(
    *, actor: User, title: str, period_start: date, period_end: date
) -> KamerReport:
    """A lead starts a report for a period; the task builds it once this commits."""
    _require_lead(actor, _("Alleen een leidinggevende start een Kamerrapportage."))
    title = title.strip()
    if not title:
        raise InvalidInput(_("Geef de rapportage een titel."), field="title")
    _check_period(period_start, period_end)
    report = KamerReport.objects.create(
        title=title,
        period_start=period_start,
        period_end=period_end,
        generated_by=actor,
        generation_started_at=timezone.now(),
        step=_("In de wachtrij"),
    )
    KamerReportEvent.objects.create(report=report, actor=actor, to_status=report.status)
    enqueue_on_commit(BUILD_TASK, report.pk, report.generation)
    return report


def kamer_report_regenerate(*, report: KamerReport, actor: User) -> KamerReport:
    """Build a draft (or a failed report) again from today's data. The lead who does it is
    the one who generated the new content. Regenerating twice with the same data gives the
    same snapshot; a final report is refused."""
    _require_lead(actor, _("Alleen een leidinggevende maakt een Kamerrapportage opnieuw."))
    with transaction.atomic():
        report = kamer_report_transition(
            report=report,
            to_status=K.GENERATING,
            actor=actor,
            changes={
                "generation": F("generation") + 1,
                "generated_by": actor,
                "generation_started_at": timezone.now(),
                "progress": 0,
                "step": _("In de wachtrij"),
                "error": "",
            },
        )
        enqueue_on_commit(BUILD_TASK, report.pk, report.generation)
    return report


def kamer_report_finalise(*, report: KamerReport, actor: User) -> KamerReport:
    """A lead other than the one who generated the draft makes it final."""
    _require_lead(actor, _("Alleen een leidinggevende maakt een Kamerrapportage definitief."))
    if report.status == K.FINAL:
        raise TransitionNotAllowed(_("Deze rapportage is al definitief."))
    if actor.pk == report.generated_by_id:
        raise NotPermitted(
            _(
                "U hebt deze rapportage gemaakt: een andere leidinggevende moet haar "
                "definitief maken."
            )
        )
    return kamer_report_transition(
        report=report,
        to_status=K.FINAL,
        actor=actor,
        changes={"finalised_by": actor, "finalised_at": timezone.now()},
    )


def _progress(report: KamerReport, percent: int, step: str) -> bool:
    """Write how far the task is, outside any transaction so the page sees it at once.
    False when the generation was superseded meanwhile (then the task stops)."""
    return bool(
        KamerReport.objects.filter(
            pk=report.pk, status=K.GENERATING, generation=report.generation
        ).update(progress=percent, step=step)
    )


def kamer_report_build(*, report_id: int, generation: int) -> bool:
    """Build one generation of a report (the task's work). True when this call froze the
    snapshot; False when there was nothing (more) to do."""
    report = KamerReport.objects.filter(pk=report_id).first()
    if report is None or report.status != K.GENERATING or report.generation != generation:
        return False
    # The report is published in Dutch, whatever language the worker was left in.
    with translation.override("nl"):
        try:
            snapshot = kamer_content.snapshot_build(
                report, progress=lambda p, s: _progress(report, p, s)
            )
            if snapshot is None:
                return False
            _progress(report, 90, _("PDF opmaken"))
            pdf = kamer_pdf.render_pdf(snapshot) if kamer_pdf.available() else None
        except kamer_content.NotPublishable as exc:
            return _fail(report, exc.message)
        except Exception:
            logger.exception("Kamer report %s generation %s failed", report_id, generation)
            return _fail(
                report,
                _(
                    "Er ging iets mis bij het berekenen of opmaken van de rapportage. "
                    "Probeer het opnieuw; blijft het misgaan, meld het dan aan de beheerder."
                ),
            )
        try:
            kamer_report_transition(
                report=report,
                to_status=K.DRAFT,
                actor=None,
                changes={
                    "snapshot": snapshot,
                    "pdf": pdf,
                    "progress": 100,
                    "step": "",
                    "generated_at": timezone.now(),
                },
            )
        except ConcurrentChange:
            return False  # a newer generation (or another worker) got there first
    return True


def _fail(report: KamerReport, message: str) -> bool:
    with contextlib.suppress(ConcurrentChange):
        kamer_report_transition(
            report=report,
            to_status=K.FAILED,
            actor=None,
            note=message,
            changes={"error": message, "step": ""},
        )
    return False


def kamer_reports_resume_stalled() -> int:
    """Send the build task again for generations that never finished (the broker was down
    when they were started, or the worker died). The task's generation check makes a
    duplicate harmless. Returns how many were sent."""
    cutoff = timezone.now() - STALLED_AFTER
    stalled = KamerReport.objects.filter(
        status=K.GENERATING, generation_started_at__lt=cutoff
    ).values_list("pk", "generation")
    sent = 0
    for pk, generation in stalled:
        KamerReport.objects.filter(pk=pk, generation=generation).update(
            generation_started_at=timezone.now()
        )
        sent += enqueue(BUILD_TASK, pk, generation)
    return sent


@transaction.atomic
def problem_statement_save(
    *, signal: Signal, actor: User, cause: str, dienst_response: str, recommendation: str
) -> ProblemStatement:
    """The team's words for a signal chosen for the Kamer report."""
    if not actor.is_team:
        raise NotPermitted(_("Alleen het team schrijft de tekst voor de Kamerrapportage."))
    if signal.status != Signal.Status.IN_KAMER_REPORT:
        raise TransitionNotAllowed(
            _("Alleen voor een signaal dat voor de Kamerrapportage is gekozen.")
        )
    texts = {
        "cause": cause.strip(),
        "dienst_response": dienst_response.strip(),
        "recommendation": recommendation.strip(),
    }
    people = kamer_content.signal_people(signal)
    for field, text in texts.items():
        found = people.problems(text)
        if found:
            raise InvalidInput(
                _("De tekst is niet anoniem: haal %(what)s weg.") % {"what": ", ".join(found)},
                field=field,
            )
    statement, _created = ProblemStatement.objects.update_or_create(
        signal=signal, defaults={**texts, "updated_by": actor}
    )
    return statement


def is_busy(report: KamerReport) -> bool:
    return STATUSES[report.status].busy
