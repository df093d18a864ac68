"""Working days under the Algemene termijnenwet, for deadlines and reminders.

A working day is not a Saturday or Sunday, not one of the national holidays the law lists,
and not an extra day an admin recorded as an `ExtraNonWorkingDay` (bridge days set by
decree). Koningsdag follows the rule in force since 2014; dates before that are not used for
case deadlines. The `holidays` package is not used: it has 5 May only every fifth year.

This module's functions are a fixed interface used by other apps and outside scripts.
"""

import functools
import uuid
from collections.abc import Mapping
from datetime import date, timedelta
from types import MappingProxyType

from dateutil.easter import easter
from django.core.cache import cache
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .models import ExtraNonWorkingDay

# Web, worker and beat run on different machines, so extra days live in the shared cache,
# and for at most this long: a missed invalidation heals itself within five minutes.
EXTRA_DAYS_CACHE_SECONDS = 5 * 60
_GENERATION_KEY = "deadlines:calendar:generation"
_ONE_DAY = timedelta(days=1)


def national_holidays(year: int) -> dict[date, str]:
    """The Algemene termijnenwet's holidays in `year` with their Dutch names, for display.

    Names are lazy so they render in the active language. Hemelvaartsdag can fall on 5 May
    (2016, 2157), which then carries both names."""
    return dict(_national_holidays(year))


@functools.lru_cache(maxsize=64)
def _national_holidays(year: int) -> Mapping[date, str]:
    """Pure computation, cached per year; read-only because every caller shares it."""
    easter_sunday = easter(year)
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == 6:
        kings_day = date(year, 4, 26)
    named = [
        (date(year, 1, 1), _("Nieuwjaarsdag")),
        (easter_sunday - timedelta(days=2), _("Goede Vrijdag")),
        (easter_sunday + timedelta(days=1), _("Tweede Paasdag")),
        (kings_day, _("Koningsdag")),
        (date(year, 5, 5), _("Bevrijdingsdag")),
        (easter_sunday + timedelta(days=39), _("Hemelvaartsdag")),
        (easter_sunday + timedelta(days=50), _("Tweede Pinksterdag")),
        (date(year, 12, 25), _("Eerste Kerstdag")),
        (date(year, 12, 26), _("Tweede Kerstdag")),
    ]
    holidays: dict[date, str] = {}
    for day, name in sorted(named, key=lambda item: item[0]):
        holidays[day] = format_lazy("{} / {}", holidays[day], name) if day in holidays else name
    return MappingProxyType(holidays)


def clear_cache() -> None:
    """Forget the cached extra days in every process, after an admin adds or removes one.

    Rather than deleting one key per year (we cannot know which years are cached), every key
    carries a generation token; a new token orphans all old keys, which then expire."""
    cache.set(_GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def _generation() -> str:
    token = cache.get(_GENERATION_KEY)
    if token is None:
        token = uuid.uuid4().hex
        # Two processes may start a generation at once; both must end up using the same one.
        if not cache.add(_GENERATION_KEY, token, timeout=None):
            token = cache.get(_GENERATION_KEY, token)
    return token


class _Calendar:
    """Non-working days as seen by one call: each year's extra days are fetched once, so a
    walk over many days costs one cache (or database) read per year, not one per day."""

    def __init__(self) -> None:
        self._generation: str | None = None
        self._extra_days: dict[int, frozenset[date]] = {}

    def is_working_day(self, day: date) -> bool:
        if day.weekday() >= 5 or day in _national_holidays(day.year):
            return False
        return day not in self._extra_days_in(day.year)

    def _extra_days_in(self, year: int) -> frozenset[date]:
        if year not in self._extra_days:
            if self._generation is None:
                self._generation = _generation()
            key = f"deadlines:calendar:extra-days:{self._generation}:{year}"
            days = cache.get(key)
            if days is None:
                days = frozenset(
                    ExtraNonWorkingDay.objects.filter(date__year=year).values_list(
                        "date", flat=True
                    )
                )
                cache.set(key, days, EXTRA_DAYS_CACHE_SECONDS)
            self._extra_days[year] = days
        return self._extra_days[year]


def is_working_day(d: date) -> bool:
    """Whether `d` counts as a working day for a deadline."""
    return _Calendar().is_working_day(d)


def add_working_days(start: date, n: int) -> date:
    """The day `n` working days after `start` (not counting `start`); negative `n` counts back,
    as for a reminder 2 working days before a due date. With `n == 0`, `start` itself when it
    is a working day, else the next working day: a deadline never falls on a day off."""
    calendar = _Calendar()
    step = -_ONE_DAY if n < 0 else _ONE_DAY
    day = start
    if n == 0:
        while not calendar.is_working_day(day):
            day += step
        return day
    remaining = abs(n)
    while remaining:
        day += step
        if calendar.is_working_day(day):
            remaining -= 1
    return day


def working_days_between(a: date, b: date) -> int:
    """The number of working days `d` with `a < d <= b` (0 when `b <= a`): how far to push a
    due date after the clock was paused from `a` to `b`."""
    calendar = _Calendar()
    count = 0
    day = a + _ONE_DAY
    while day <= b:
        if calendar.is_working_day(day):
            count += 1
        day += _ONE_DAY
    return count
