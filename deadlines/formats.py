"""How dates, amounts and ages read on screen and in messages, in one place: Dutch formats by
default ("1 december 2026", "€ 2.400,00", "3 werkdagen over"), English ones when the user
chose English ("1 December 2026", "€2,400.00", "3 working days left").

Templates use them as filters (``{% load formats %}``: ``long_date``, ``date_time``, ``euro``,
``days_left``); services call the functions for the text of their messages. They live with
the Atw calendar because an age in working days needs it.
"""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .calendar import working_days_between

_CENT = Decimal("0.01")


def _local(value: date | datetime) -> date | datetime:
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def long_date(value: date | datetime | None) -> str:
    """``1 december 2026`` (English: ``1 December 2026``); a moment in Amsterdam time."""
    if not value:
        return ""
    return date_format(_local(value), "j F Y")


def date_time(value: datetime | None) -> str:
    """``1 december 2026, 14:03`` (English: ``1 December 2026, 14:03``)."""
    if not value:
        return ""
    return date_format(_local(value), "j F Y, H:i")


def euro(value: Decimal | int | float | str | None) -> str:
    """``€ 2.400,00`` (English: ``€2,400.00``); empty for no amount."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(_CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return str(value)
    sign = "-" if amount < 0 else ""
    whole, cents = f"{abs(amount):.2f}".split(".")
    grouped = f"{int(whole):,}"
    if translation.get_language() == "en":
        return f"{sign}€{grouped}.{cents}"
    # A non-breaking space keeps the sign with the number at the end of a line.
    return f"€\u00a0{sign}{grouped.replace(',', '.')},{cents}"


def days_left(due: date | datetime | None, today: date | None = None) -> str:
    """How far away a due moment is, in working days (Algemene termijnenwet):
    ``vandaag``, ``3 werkdagen over``, ``2 werkdagen te laat``."""
    if not due:
        return ""
    due_day = _local(due)
    if isinstance(due_day, datetime):
        due_day = due_day.date()
    today = today or timezone.localdate()
    if due_day == today:
        return _("vandaag")
    if due_day > today:
        n = working_days_between(today, due_day)
        if n == 0:
            return _("vandaag")
        return ngettext("%(n)d werkdag over", "%(n)d werkdagen over", n) % {"n": n}
    n = working_days_between(due_day, today)
    if n == 0:
        return _("verlopen")
    return ngettext("%(n)d werkdag te laat", "%(n)d werkdagen te laat", n) % {"n": n}
