"""The case status badge as a tag: a list page shows one per row, and a Python function
renders it many times faster than an included template."""

from django import template
from django.utils.html import format_html

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


@register.simple_tag
def status_badge(case) -> str:
    tone = STATUS_TONES.get(case.status, "info")
    return format_html(
        '<span class="app-status app-status--{}">{}</span>', tone, case.get_status_display()
    )
