"""One row of the triage queue as a tag: the queue shows 25 per page, and rendering a row
in Python is several times faster than the template loops and filters it replaces
(docs/benchmarks.md, "GET /triage/"). Every value from the database is escaped here."""

from html import escape

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from cases.selectors import names
from cases.templatetags.case_badges import status_badge

from .triage_badges import band_badge

register = template.Library()

CELL = '<td class="utrecht-table__cell">'
# The case link is reversed once per page, with this in the reference's place.
REFERENCE_SLOT = "__reference__"


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
        f' <span class="app-status app-status--negative">{escape(_("verlopen"))}</span>'
        if due_at < now
        else ""
    )
    return f'<time datetime="{local.isoformat()}">{_day_month(local)}</time>{overdue}'


def _case_url(context, reference: str) -> str:
    pattern = context.render_context.get("triage_case_url")
    if pattern is None:
        pattern = reverse("triage:case", args=[REFERENCE_SLOT])
        context.render_context["triage_case_url"] = pattern
    return pattern.replace(REFERENCE_SLOT, escape(reference))


@register.simple_tag(takes_context=True)
def queue_row(context, case, now) -> str:
    """The queue's row for ``case`` as ``triage_queue`` reads it (with its running clock,
    duplicate mark and names); ``now`` decides whether the clock has run out."""
    submitted = timezone.localtime(case.submitted_at)
    duplicate = (
        f' <span class="app-status app-status--warning">{escape(_("mogelijk dubbel"))}</span>'
        if case.possible_duplicate
        else ""
    )
    reference = escape(case.reference)
    cells = (
        f'<a class="nl-link" href="{_case_url(context, case.reference)}">{reference}</a>'
        f"{duplicate}",
        band_badge(case.triage_band),
        str(case.triage_score),
        f'<time datetime="{submitted.isoformat()}" title="{escape(_day_month_year_time(submitted))}">'
        f"{escape(timesince(case.submitted_at, now))}</time>",
        _due(case.due_at, now),
        status_badge(case),
        escape(", ".join(names(case.dienst_names))),
        escape(", ".join(names(case.theme_names))),
        escape(case.organisation.name),
    )
    body = "".join(f"{CELL}{cell}</td>" for cell in cells)
    # Every value from the database or a translation is escaped above; the badges are
    # format_html's.
    return mark_safe(f'<tr class="utrecht-table__row">{body}</tr>')
