"""The triage band badge as a tag (see cases/templatetags/case_badges.py for why)."""

from django import template
from django.utils.html import format_html

from triage.models import Band

register = template.Library()

BAND_TONES = {Band.URGENT: "negative", Band.HIGH: "warning", Band.NORMAL: "info"}


@register.simple_tag
def band_badge(band: str) -> str:
    if not band:
        return "—"
    label = Band(band).label if band in Band.values else Band.LOW.label
    return format_html(
        '<span class="app-status app-status--{}">{}</span>',
        BAND_TONES.get(band, "positive"),
        label,
    )
