"""The case status badge as a tag: a list page shows one per row, and a Python function
renders it many times faster than an included template."""

from django import template
from django.utils.html import format_html

from cases.status import CaseStatus

register = template.Library()

# The badge's colour per status; any status not named here is "info".
STATUS_TONES = {
    "resolved": "positive",
    "accepted": "positive",
    "in_progress": "positive",
    "declined": "negative",
    "withdrawn": "negative",
    "info_requested": "warning",
    "draft": "warning",
}


STATUS_VALUES = frozenset(CaseStatus.values)


@register.simple_tag
def status_badge(case) -> str:
    tone = STATUS_TONES.get(case.status, "info")
    # The label of this one status (get_status_display would translate every choice to
    # look it up).
    label = CaseStatus(case.status).label if case.status in STATUS_VALUES else case.status
    return format_html('<span class="app-status app-status--{}">{}</span>', tone, label)
