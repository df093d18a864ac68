"""Web pages of the reports app: the impact monitor and its CSV, the analyst's home and the
public transparency page."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access import role_required
from accounts.models import Role

from . import selectors
from .charts import with_charts
from .exports import csv_response
from .figures import previous_period
from .forms import MonitorForm
from .tables import Labels, monitor_tables, page_tables

monitor_readers = role_required(*selectors.MONITOR_ROLES)
analyst_required = role_required(Role.ANALYST)


def _monitor(request):
    """The bound form and, when it is valid, the figures of both periods."""
    chosen = any(name in request.GET for name in ("from", "to"))
    initial = MonitorForm.default_period()
    data = (
        request.GET
        if chosen
        else {**request.GET.dict(), "from": initial["start"], "to": initial["end"]}
    )
    form = MonitorForm(data)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    result = selectors.monitor_for_user(
        user=request.user, start=data["start"], end=data["end"], filters=form.filters()
    )
    return form, result


@monitor_readers
@require_GET
def monitor(request):
    form, result = _monitor(request)
    context = {"form": form, "nav": "monitor"}
    if result is not None:
        labels = Labels()
        tables = monitor_tables(result["now"], result["before"], labels)
        context.update(
            result=result,
            tables=with_charts(page_tables(tables)),
            previous=previous_period(form.cleaned_data["start"], form.cleaned_data["end"]),
            csv_query=request.GET.urlencode(),
        )
    return render(request, "reports/monitor.html", context, status=200 if result else 400)


@monitor_readers
@require_GET
def monitor_csv(request):
    form, result = _monitor(request)
    if result is None:
        return HttpResponse(
            "\n".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    return csv_response(result)


@analyst_required
@require_GET
def analyst_home(request):
    return render(request, "reports/analyst_home.html", {"nav": "home"})


@require_GET
def transparency(request):
    data = selectors.transparency()
    tables = monitor_tables(data["now"], data["before"])
    public = [table for table in tables if table.key in PUBLIC_TABLES]
    return render(
        request,
        "reports/transparency.html",
        {**data, "tables": with_charts(public), "nav": "transparency"},
    )


# The key figures for everyone: intake, decisions, times, outcomes, the Diensten, signals,
# feedback. Coverage per area and the band breakdown stay for the monitor.
PUBLIC_TABLES = (
    "intake",
    "intake_by_dienst",
    "intake_by_province",
    "decisions",
    "times",
    "closed_by_outcome",
    "relief_rate",
    "amounts",
    "dienst_answers_on_time",
    "freeze_requests",
    "signals",
    "feedback",
)
