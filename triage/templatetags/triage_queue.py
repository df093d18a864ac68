"""One row of the triage queue as a tag: the queue shows 25 per page, and rendering a row
in Python is several times faster than the template loops and filters it replaces
(docs/benchmarks.md, "GET /triage/")."""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from cases.selectors import names
from cases.templatetags.case_badges import status_badge

from .triage_badges import band_badge

register = template.Library()

CELL = '<td class="utrecht-table__cell">'


# The template's date formats "j M" and "j F Y, H:i", in the active language.
def _day_month(moment) -> str:
    return f"{moment.day} {str(MONTHS_3[moment.month]).title()}"


def _day_month_year_time(moment) -> str:
    return f"{moment.day} {MONTHS[moment.month]} {moment.year}, {moment:%H:%M}"


def _due(due_at, now) -> str:
    if not due_at:
        return "—"
    local = timezone.localtime(due_at)
    overdue = (
        format_html(' <span class="app-status app-status--negative">{}</span>', _("verlopen"))
        if due_at < now
        else ""
    )
    return format_html(
        '<time datetime="{}">{}</time>{}', local.isoformat(), _day_month(local), overdue
    )


@register.simple_tag
def queue_row(case, now) -> str:
    """The queue's row for ``case`` as ``triage_queue`` reads it (with its running clock,
    duplicate mark and names); ``now`` decides whether the clock has run out."""
    submitted = timezone.localtime(case.submitted_at)
    duplicate = (
        format_html(' <span class="app-status app-status--warning">{}</span>', _("mogelijk dubbel"))
        if case.has_possible_duplicate
        else ""
    )
    cells = (
        format_html(
            '<a class="nl-link" href="{}">{}</a>{}',
            reverse("triage:case", args=[case.reference]),
            case.reference,
            duplicate,
        ),
        band_badge(case.triage_band),
        case.triage_score,
        format_html(
            '<time datetime="{}" title="{}">{}</time>',
            submitted.isoformat(),
            _day_month_year_time(submitted),
            timesince(case.submitted_at, now),
        ),
        _due(case.due_at, now),
        status_badge(case),
        ", ".join(names(case.dienst_names)),
        ", ".join(names(case.theme_names)),
        case.organisation.name,
    )
    body = "".join(f"{CELL}{conditional_escape(cell)}</td>" for cell in cells)
    # Every cell is escaped above (or is already safe HTML from format_html).
    return mark_safe(f'<tr class="utrecht-table__row">{body}</tr>')
