"""Web pages of the Kamer report: the list with the start form, a report's page with its
progress, the report itself (HTML), its PDF and CSV, finalising, regenerating, and the
team's words for the signals chosen for it.

Thin: a role decorator says who may open a page, a ``*_for_user_or_404`` selector fetches
what the user may see, ``run_form`` runs one service, and domain errors map to HTTP in
belangenbehartiger/web_errors.py.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import lead_required, role_required, team_required
from accounts.models import Role
from belangenbehartiger.web_errors import run_form

from . import kamer_content, kamer_pdf, services
from . import kamer_selectors as selectors
from .kamer_forms import KamerReportForm, ProblemStatementForm
from .status import STATUSES

PAGE_SIZE = 25
readers = role_required(*selectors.READER_ROLES)


def _start_form(data=None) -> KamerReportForm:
    start, end = kamer_content.default_period(timezone.localdate())
    return KamerReportForm(data, initial={"period_start": start, "period_end": end})


def _list_page(request, form, status=200):
    page = Paginator(selectors.kamer_report_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    return render(
        request,
        "reports/kamer_list.html",
        {
            "page": page,
            "form": form if request.user.role == Role.LEAD else None,
            "chosen": list(selectors.chosen_signals(user=request.user)),
            "statuses": STATUSES,
            "nav": "reports",
        },
        status=status,
    )


@readers
def report_list(request):
    return _list_page(request, _start_form())


@lead_required
@require_POST
def report_start(request):
    form = _start_form(request.POST)
    done, report = run_form(
        form, lambda **data: services.kamer_report_start(actor=request.user, **data)
    )
    if not done:
        return _list_page(request, form, status=400)
    messages.success(request, _("De rapportage wordt gemaakt. U ziet hier de voortgang."))
    return redirect("reports:detail", pk=report.pk)


def _status_context(request, report) -> dict:
    user = request.user
    row = STATUSES[report.status]
    return {
        "report": report,
        "row": row,
        "is_lead": user.role == Role.LEAD,
        "may_finalise": user.role == Role.LEAD
        and report.status == report.Status.DRAFT
        and user.pk != report.generated_by_id,
        "pdf_available": kamer_pdf.available(),
    }


@readers
def report_detail(request, pk):
    report = selectors.kamer_report_progress_for_user_or_404(request.user, pk)
    events = list(report.events.select_related("actor")) if request.user.is_team else []
    return render(
        request,
        "reports/kamer_detail.html",
        {**_status_context(request, report), "events": events, "nav": "reports"},
    )


@readers
def report_progress(request, pk):
    """The status panel alone: static/js/report-progress.js fetches it every few seconds
    while the report is being made and puts it in place."""
    report = selectors.kamer_report_progress_for_user_or_404(request.user, pk)
    return render(request, "reports/_kamer_status.html", _status_context(request, report))


def _readable(request, pk, **kwargs):
    report = selectors.kamer_report_for_user_or_404(request.user, pk, **kwargs)
    if not STATUSES[report.status].readable:
        raise Http404
    return report


@readers
def report_document(request, pk):
    report = _readable(request, pk)
    return render(
        request,
        "reports/kamer_view.html",
        {
            "report": report,
            **kamer_pdf.document_context(report.snapshot),
            "pdf_available": kamer_pdf.available(),
            "nav": "reports",
        },
    )


def _filename(report, extension: str) -> str:
    return f"kamerrapportage-{report.pk}-{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}.{extension}"


@readers
def report_pdf(request, pk):
    report = _readable(request, pk, with_pdf=True)
    if not report.pdf:
        raise Http404
    response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "pdf")}"'
    return response


@readers
def report_csv(request, pk):
    report = _readable(request, pk)
    response = HttpResponse(
        kamer_pdf.csv_text(report.snapshot), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "csv")}"'
    return response


@lead_required
@require_http_methods(["GET", "POST"])
def report_finalise(request, pk):
    """Making a report final cannot be undone: a page of its own says so first."""
    report = selectors.kamer_report_for_user_or_404(request.user, pk)
    if request.method == "POST":
        services.kamer_report_finalise(report=report, actor=request.user)
        messages.success(request, _("De rapportage is definitief. Zij verandert niet meer."))
        return redirect("reports:detail", pk=report.pk)
    return render(
        request,
        "reports/kamer_finalise.html",
        {**_status_context(request, report), "nav": "reports"},
    )


@lead_required
@require_POST
def report_regenerate(request, pk):
    report = selectors.kamer_report_for_user_or_404(request.user, pk)
    services.kamer_report_regenerate(report=report, actor=request.user)
    messages.success(request, _("De rapportage wordt opnieuw gemaakt met de gegevens van nu."))
    return redirect("reports:detail", pk=report.pk)


@team_required
@require_http_methods(["GET", "POST"])
def problem_statement(request, pk):
    """The report's words about a signal chosen for it: cause, the Dienst's response and the
    recommendation."""
    signal = selectors.chosen_signal_for_user_or_404(request.user, pk)
    statement = getattr(signal, "problem_statement", None)
    initial = (
        {
            "cause": statement.cause,
            "dienst_response": statement.dienst_response,
            "recommendation": statement.recommendation,
        }
        if statement
        else {}
    )
    form = ProblemStatementForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        done, _statement = run_form(
            form,
            lambda **data: services.problem_statement_save(
                signal=signal, actor=request.user, **data
            ),
        )
        if done:
            messages.success(
                request,
                _("Opgeslagen. De volgende rapportage die u maakt neemt deze tekst over."),
            )
            return redirect("reports:list")
    return render(
        request,
        "reports/kamer_problem.html",
        {"signal": signal, "form": form, "nav": "reports"},
        status=400 if form.errors else 200,
    )
