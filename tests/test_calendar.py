"""Working days under the Algemene termijnenwet. Every expected date below was computed
independently (weekday via `date.weekday()`, Easter via `dateutil.easter`), not guessed."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deadlines import calendar
from deadlines.calendar import (
    add_working_days,
    is_working_day,
    national_holidays,
    working_days_between,
)
from deadlines.models import ExtraNonWorkingDay

from . import factories

ADMIN_URL = "/beheer/deadlines/extranonworkingday/"


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    """The locmem cache outlives a test's database rollback; start and end with no extras."""
    calendar.clear_cache()
    yield
    calendar.clear_cache()


@pytest.fixture
def superuser(db):
    return factories.team_member(role="admin", is_staff=True, is_superuser=True)


@pytest.mark.parametrize(
    ("year", "good_friday", "easter_monday", "ascension", "whit_monday"),
    [
        (2024, date(2024, 3, 29), date(2024, 4, 1), date(2024, 5, 9), date(2024, 5, 20)),
        (2025, date(2025, 4, 18), date(2025, 4, 21), date(2025, 5, 29), date(2025, 6, 9)),
        (2026, date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 14), date(2026, 5, 25)),
        (2027, date(2027, 3, 26), date(2027, 3, 29), date(2027, 5, 6), date(2027, 5, 17)),
    ],
)
def test_easter_based_holidays_fall_on_known_dates(
    year, good_friday, easter_monday, ascension, whit_monday
):
    with translation.override("nl"):
        names = {str(name): day for day, name in national_holidays(year).items()}
    assert names["Goede Vrijdag"] == good_friday
    assert names["Tweede Paasdag"] == easter_monday
    assert names["Hemelvaartsdag"] == ascension
    assert names["Tweede Pinksterdag"] == whit_monday


def test_national_holidays_2025_are_the_nine_days_of_the_law():
    with translation.override("nl"):
        holidays = {day: str(name) for day, name in national_holidays(2025).items()}
    assert holidays == {
        date(2025, 1, 1): "Nieuwjaarsdag",
        date(2025, 4, 18): "Goede Vrijdag",
        date(2025, 4, 21): "Tweede Paasdag",
        date(2025, 4, 26): "Koningsdag",
        date(2025, 5, 5): "Bevrijdingsdag",
        date(2025, 5, 29): "Hemelvaartsdag",
        date(2025, 6, 9): "Tweede Pinksterdag",
        date(2025, 12, 25): "Eerste Kerstdag",
        date(2025, 12, 26): "Tweede Kerstdag",
    }


def test_ascension_on_5_may_carries_both_names():
    with translation.override("nl"):
        holidays = {day: str(name) for day, name in national_holidays(2016).items()}
    assert holidays[date(2016, 5, 5)] == "Bevrijdingsdag / Hemelvaartsdag"
    assert len(holidays) == 8


def test_national_holidays_returns_a_copy_callers_may_change():
    national_holidays(2026).clear()
    assert date(2026, 12, 25) in national_holidays(2026)


def test_kings_day_moves_to_26_april_when_27_april_is_a_sunday(db):
    # 27 April 2025 is a Sunday.
    assert not is_working_day(date(2025, 4, 26))
    assert date(2025, 4, 27) not in national_holidays(2025)


def test_kings_day_is_27_april_on_a_weekday(db):
    # 27 April 2026 is a Monday.
    assert not is_working_day(date(2026, 4, 27))
    assert is_working_day(date(2026, 4, 28))
    assert date(2026, 4, 26) not in national_holidays(2026)


@pytest.mark.parametrize("day", [date(2026, 5, 5), date(2027, 5, 5)])  # Tuesday, Wednesday
def test_5_may_is_a_non_working_day_every_year(db, day):
    assert day.weekday() < 5
    assert not is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        date(2024, 1, 1),
        date(2025, 12, 25),
        date(2025, 12, 26),
        date(2026, 12, 25),
        date(2027, 1, 1),
        date(2027, 3, 26),
        date(2027, 5, 6),
    ],
)
def test_national_holiday_on_a_weekday_is_not_a_working_day(db, day):
    assert day.weekday() < 5
    assert not is_working_day(day)


def test_ordinary_weekday_is_a_working_day(db):
    assert is_working_day(date(2026, 3, 2))


def test_weekend_is_not_a_working_day(db):
    assert not is_working_day(date(2026, 4, 4))
    assert not is_working_day(date(2026, 4, 5))


def test_add_working_days_skips_the_weekend(db):
    assert add_working_days(date(2025, 1, 10), 1) == date(2025, 1, 13)


def test_add_working_days_skips_easter_2026(db):
    # Thursday 2 April; Good Friday 3 April, the weekend and Easter Monday 6 April are off.
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)


def test_add_working_days_skips_christmas_and_new_year(db):
    # 25 and 26 December 2025 (Thu, Fri), the weekend, and 1 January 2026 (Thu) are off.
    assert add_working_days(date(2025, 12, 24), 1) == date(2025, 12, 29)
    assert add_working_days(date(2025, 12, 24), 4) == date(2026, 1, 2)


def test_add_working_days_skips_new_year_2027(db):
    assert add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_add_zero_working_days_keeps_a_working_day(db):
    assert add_working_days(date(2026, 4, 7), 0) == date(2026, 4, 7)


def test_add_zero_working_days_moves_a_day_off_to_the_next_working_day(db):
    assert add_working_days(date(2026, 4, 4), 0) == date(2026, 4, 7)


def test_negative_working_days_count_backwards(db):
    # A reminder 2 working days before Tuesday 7 April 2026 skips Easter back to Wednesday.
    assert add_working_days(date(2026, 4, 7), -1) == date(2026, 4, 2)
    assert add_working_days(date(2026, 4, 7), -2) == date(2026, 4, 1)


def test_negative_working_days_from_a_day_off(db):
    # Not counting Saturday 4 April itself: one working day back is Thursday 2 April.
    assert add_working_days(date(2026, 4, 4), -1) == date(2026, 4, 2)


def test_working_days_between_counts_the_end_but_not_the_start(db):
    assert working_days_between(date(2026, 4, 2), date(2026, 4, 7)) == 1
    assert working_days_between(date(2025, 12, 24), date(2026, 1, 2)) == 4
    assert working_days_between(date(2026, 3, 2), date(2026, 3, 16)) == 10


def test_working_days_between_is_zero_when_the_end_is_not_after_the_start(db):
    assert working_days_between(date(2026, 4, 7), date(2026, 4, 7)) == 0
    assert working_days_between(date(2026, 4, 7), date(2026, 4, 2)) == 0


def test_extra_non_working_day_shifts_a_deadline(db):
    # Friday 15 May 2026 is the bridge day after Hemelvaartsdag (Thursday 14 May).
    assert add_working_days(date(2026, 5, 13), 1) == date(2026, 5, 15)
    ExtraNonWorkingDay.objects.create(date=date(2026, 5, 15), reason="Brugdag")
    calendar.clear_cache()
    assert not is_working_day(date(2026, 5, 15))
    assert add_working_days(date(2026, 5, 13), 1) == date(2026, 5, 18)
    assert working_days_between(date(2026, 5, 13), date(2026, 5, 18)) == 1


def test_deleting_an_extra_day_and_clearing_the_cache_restores_it(db):
    day = ExtraNonWorkingDay.objects.create(date=date(2026, 5, 15), reason="Brugdag")
    calendar.clear_cache()
    assert add_working_days(date(2026, 5, 13), 1) == date(2026, 5, 18)
    day.delete()
    calendar.clear_cache()
    assert add_working_days(date(2026, 5, 13), 1) == date(2026, 5, 15)


def test_missed_cache_clear_heals_within_five_minutes(db):
    assert is_working_day(date(2026, 5, 15))
    ExtraNonWorkingDay.objects.create(date=date(2026, 5, 15), reason="Brugdag")
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=5, seconds=1), tick=False):
        assert not is_working_day(date(2026, 5, 15))


def test_admin_adding_an_extra_day_records_who_and_takes_effect(
    client, superuser, django_capture_on_commit_callbacks
):
    assert add_working_days(date(2026, 5, 13), 1) == date(2026, 5, 15)
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{ADMIN_URL}add/", {"date": "2026-05-15", "reason": "Brugdag"})
    assert response.status_code == 302
    assert ExtraNonWorkingDay.objects.get(date=date(2026, 5, 15)).created_by == superuser
    assert add_working_days(date(2026, 5, 13), 1) == date(2026, 5, 18)


def test_admin_deleting_an_extra_day_restores_the_working_day(
    client, superuser, django_capture_on_commit_callbacks
):
    day = ExtraNonWorkingDay.objects.create(date=date(2026, 5, 15), reason="Brugdag")
    assert add_working_days(date(2026, 5, 13), 1) == date(2026, 5, 18)
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{ADMIN_URL}{day.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert add_working_days(date(2026, 5, 13), 1) == date(2026, 5, 15)


def test_admin_bulk_deleting_extra_days_restores_the_working_days(
    client, superuser, django_capture_on_commit_callbacks
):
    days = [
        ExtraNonWorkingDay.objects.create(date=date(2026, 5, 15), reason="Brugdag"),
        ExtraNonWorkingDay.objects.create(date=date(2026, 3, 2), reason="Storing"),
    ]
    assert not is_working_day(date(2026, 5, 15))
    assert not is_working_day(date(2026, 3, 2))
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            ADMIN_URL,
            {
                "action": "delete_selected",
                "_selected_action": [day.pk for day in days],
                "post": "yes",
            },
        )
    assert response.status_code == 302
    assert not ExtraNonWorkingDay.objects.exists()
    assert is_working_day(date(2026, 5, 15))
    assert is_working_day(date(2026, 3, 2))


def test_add_working_days_reads_the_database_once_per_year(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert add_working_days(date(2027, 3, 1), 10) == date(2027, 3, 15)
    with django_assert_num_queries(2):
        assert add_working_days(date(2025, 12, 24), 4) == date(2026, 1, 2)


def test_add_working_days_is_served_from_the_cache_once_read(db, django_assert_num_queries):
    add_working_days(date(2025, 12, 24), 10)
    with django_assert_num_queries(0):
        assert add_working_days(date(2025, 12, 24), 4) == date(2026, 1, 2)
        assert is_working_day(date(2026, 3, 2))


# The database stays empty and unchanged across examples, so sharing `db` is safe.
PROPERTY_SETTINGS = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


@PROPERTY_SETTINGS
@given(start=DATES, n=st.integers(min_value=0, max_value=40))
def test_add_working_days_lands_on_a_working_day_n_working_days_later(db, start, n):
    result = add_working_days(start, n)
    assert is_working_day(result)
    assert result >= start
    if is_working_day(start):
        assert working_days_between(start, result) == n


@PROPERTY_SETTINGS
@given(start=DATES, n=st.integers(min_value=1, max_value=40))
def test_negative_working_days_land_n_working_days_earlier(db, start, n):
    result = add_working_days(start, -n)
    assert is_working_day(result)
    if is_working_day(start):
        assert working_days_between(result, start) == n
