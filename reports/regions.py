"""Regions of the monitor: the 4-digit postcode area (``postcode_area`` on a case) and the
province it lies in.

Dutch postcodes were laid out along the mail routes of 1978, not along provincial borders,
so a province is a handful of ranges of 4-digit areas. The table below gives each range to
the province that holds (nearly) all of it; a few border areas that straddle a border
(a village on the Noord-Brabant side of a 53xx range, say) count for the province of the
range. That is exact enough for "where does intake come from", and it is computed in SQL
(``province_case_sql``) so the monitor groups by province without a loop over cases.
"""

from django.utils.translation import gettext_lazy as _

PROVINCES = {
    "DR": _("Drenthe"),
    "FL": _("Flevoland"),
    "FR": _("Fryslân"),
    "GE": _("Gelderland"),
    "GR": _("Groningen"),
    "LI": _("Limburg"),
    "NB": _("Noord-Brabant"),
    "NH": _("Noord-Holland"),
    "OV": _("Overijssel"),
    "UT": _("Utrecht"),
    "ZE": _("Zeeland"),
    "ZH": _("Zuid-Holland"),
}

# (first area, last area, province), both ends included, in order and without gaps.
PROVINCE_RANGES: tuple[tuple[int, int, str], ...] = (
    (1000, 1299, "NH"),
    (1300, 1379, "FL"),
    (1380, 2199, "NH"),
    (2200, 3399, "ZH"),
    (3400, 3999, "UT"),
    (4000, 4199, "GE"),
    (4200, 4299, "ZH"),
    (4300, 4599, "ZE"),
    (4600, 5299, "NB"),
    (5300, 5399, "GE"),
    (5400, 5799, "NB"),
    (5800, 6499, "LI"),
    (6500, 7399, "GE"),
    (7400, 7799, "OV"),
    (7800, 7999, "DR"),
    (8000, 8199, "OV"),
    (8200, 8399, "FL"),
    (8400, 9299, "FR"),
    (9300, 9499, "DR"),
    (9500, 9999, "GR"),
)

# What a case without a (valid) postcode area counts as.
UNKNOWN = "unknown"


def province_of(area: str) -> str:
    """The province code of a 4-digit area, or ``UNKNOWN``."""
    if len(area) != 4 or not area.isdigit():
        return UNKNOWN
    number = int(area)
    for low, high, province in PROVINCE_RANGES:
        if low <= number <= high:
            return province
    return UNKNOWN


def province_areas(province: str) -> list[tuple[str, str]]:
    """The ranges of ``province`` as (first, last) 4-digit strings, for a filter."""
    return [(f"{low}", f"{high}") for low, high, code in PROVINCE_RANGES if code == province]


def province_case_sql(column: str) -> tuple[str, list[str]]:
    """A SQL CASE expression that maps the 4-character ``column`` to its province code.

    Areas are compared as strings: every valid area has four digits, so string order is
    number order. ``column`` is a quoted column name from the ORM, never user input."""
    whens = []
    params: list[str] = []
    for low, high, province in PROVINCE_RANGES:
        whens.append(f"WHEN {column} BETWEEN %s AND %s THEN %s")
        params += [f"{low}", f"{high}", province]
    return f"(CASE {' '.join(whens)} ELSE %s END)", [*params, UNKNOWN]
