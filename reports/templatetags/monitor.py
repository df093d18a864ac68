"""``{% load monitor %}``: how a figure of the monitor reads, ``{{ value|figure:kind }}``.

Counts get thousands separators, rates a percentage, days and scores one decimal, amounts
the euro format; the suppression marks ("<5", "x") stay as they
are; an empty value is a dash."""

from django import template
from django.utils import formats as django_formats

from deadlines.formats import euro
from reports.tables import DAYS, MONEY, RATE, SCORE

register = template.Library()


@register.filter
def figure(value, kind: str = "count") -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, str) and kind != MONEY:
        return value
    if kind == MONEY:
        return value if value in ("<5", "x") else euro(value)
    if kind == RATE:
        return f"{django_formats.number_format(float(value) * 100, 1)}%"
    if kind in (DAYS, SCORE):
        return django_formats.number_format(float(value), 1)
    return django_formats.number_format(value, force_grouping=True)


@register.filter
def is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
