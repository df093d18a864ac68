"""Template filters for dates, amounts and ages: ``{% load formats %}``. The rules are in
deadlines/formats.py, shared with the services' messages."""

from django import template

from deadlines import formats

register = template.Library()

register.filter("long_date", formats.long_date)
register.filter("date_time", formats.date_time)
register.filter("euro", formats.euro)
register.filter("days_left", formats.days_left)
