"""Dates, amounts and ages read the Dutch way, or the English way when English is chosen."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template import Context, Template
from django.utils import translation

from deadlines import formats
from deadlines.models import ExtraNonWorkingDay

AMS = ZoneInfo("Europe/Amsterdam")
UTC = ZoneInfo("UTC")


@pytest.mark.parametrize(
    ("language", "expected"), [("nl", "1 december 2026"), ("en", "1 December 2026")]
)
def test_long_date_names_the_month(language, expected):
    with translation.override(language):
        assert formats.long_date(date(2026, 12, 1)) == expected


def test_long_date_of_a_moment_is_the_day_in_amsterdam():
    # 23:30 UTC on 30 November is already 1 December in Amsterdam.
    moment = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    with translation.override("nl"):
        assert formats.long_date(moment) == "1 december 2026"
        assert formats.date_time(moment) == "1 december 2026, 00:30"


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("nl", Decimal("2400"), "€\u00a02.400,00"),
        ("nl", Decimal("1234567.5"), "€\u00a01.234.567,50"),
        ("nl", Decimal("0.005"), "€\u00a00,01"),
        ("nl", Decimal("-12.3"), "€\u00a0-12,30"),
        ("en", Decimal("2400"), "€2,400.00"),
        ("en", Decimal("-1234.5"), "-€1,234.50"),
    ],
)
def test_euro_groups_thousands_and_shows_cents(language, value, expected):
    with translation.override(language):
        assert formats.euro(value) == expected


def test_euro_of_no_amount_is_empty():
    assert formats.euro(None) == ""


@pytest.mark.django_db
@time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=AMS), tick=False)  # a Tuesday
def test_days_left_counts_working_days_and_skips_the_weekend():
    with translation.override("nl"):
        assert formats.days_left(date(2026, 12, 1)) == "vandaag"
        assert formats.days_left(date(2026, 12, 2)) == "1 werkdag over"
        # Friday 4th, then Monday 7th: the weekend does not count.
        assert formats.days_left(date(2026, 12, 7)) == "4 werkdagen over"
        assert formats.days_left(date(2026, 11, 27)) == "2 werkdagen te laat"
    with translation.override("en"):
        assert formats.days_left(date(2026, 12, 7)) == "4 working days left"
        assert formats.days_left(date(2026, 11, 30)) == "1 working day late"


@pytest.mark.django_db
@time_machine.travel(datetime(2026, 12, 21, 9, 0, tzinfo=AMS), tick=False)  # a Monday
def test_days_left_skips_christmas_and_admin_added_days():
    ExtraNonWorkingDay.objects.create(date=date(2026, 12, 24), reason="Brugdag")
    with translation.override("nl"):
        # 22, 23 count; 24 (brugdag), 25 and 26 (Kerstdagen), 27 (Sunday) do not.
        assert formats.days_left(date(2026, 12, 28)) == "3 werkdagen over"


def test_filters_render_in_templates():
    template = Template("{% load formats %}{{ day|long_date }} · {{ amount|euro }}")
    with translation.override("nl"):
        text = template.render(Context({"day": date(2026, 12, 1), "amount": Decimal("2400")}))
    assert text == "1 december 2026 · €\u00a02.400,00"
