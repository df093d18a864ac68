"""Reads of the directory: who helps in a postcode area, and where local help exists at all.

The directory is public information: every selector here answers anyone, logged in or not.
Only active organisations count. "Local" help has a service area; nationwide organisations
(by phone or online) are listed apart and never make an area count as covered.
"""

from bisect import bisect_right

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from belangenbehartiger.http import get_or_404

from .models import AUDIENCE_FIELDS, HelpOrganisation, ServiceArea


def _active(audience: str = "", kind: str = "") -> QuerySet[HelpOrganisation]:
    qs = HelpOrganisation.objects.filter(active=True)
    if audience:
        qs = qs.filter(**{AUDIENCE_FIELDS[audience]: True})
    if kind:
        qs = qs.filter(kind=kind)
    return qs.prefetch_related(Prefetch("service_areas", queryset=ServiceArea.objects.all()))


def _covering(area: int) -> QuerySet[ServiceArea]:
    return ServiceArea.objects.filter(
        organisation_id=OuterRef("pk"), postcode_from__lte=area, postcode_to__gte=area
    )


def organisations_for_area(
    *, postcode_area: str, audience: str = "", kind: str = ""
) -> QuerySet[HelpOrganisation]:
    """Active local organisations whose service area includes ``postcode_area`` (4 digits)."""
    area = int(postcode_area)
    return (
        _active(audience, kind)
        .filter(nationwide=False)
        .filter(Exists(_covering(area)))
        .order_by("name", "pk")
    )


def nationwide_organisations(*, audience: str = "", kind: str = "") -> QuerySet[HelpOrganisation]:
    """Active organisations anyone in the country can reach by phone or online."""
    return _active(audience, kind).filter(nationwide=True).order_by("name", "pk")


def directory_list(
    *, postcode_area: str = "", audience: str = "", kind: str = ""
) -> QuerySet[HelpOrganisation]:
    """The API's list: everyone who helps in ``postcode_area`` (local first, then
    nationwide), or every active organisation when no area is given."""
    qs = _active(audience, kind)
    if postcode_area:
        qs = qs.filter(Q(nationwide=True) | Exists(_covering(int(postcode_area))))
    return qs.order_by("nationwide", "name", "pk")


def organisation_or_404(code: str) -> HelpOrganisation:
    return get_or_404(_active(), code=code)


class LocalCoverage:
    """The postcode areas with at least one active local organisation, as merged ranges,
    for answering "is this area covered?" for many areas with one query."""

    def __init__(self) -> None:
        rows = (
            ServiceArea.objects.filter(organisation__active=True, organisation__nationwide=False)
            .order_by("postcode_from", "postcode_to")
            .values_list("postcode_from", "postcode_to", "organisation_id")
        )
        self.ranges = [(low, high, org) for low, high, org in rows]
        merged: list[list[int]] = []
        for low, high, _org in self.ranges:
            if merged and low <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], high)
            else:
                merged.append([low, high])
        self._starts = [low for low, _high in merged]
        self._merged = merged

    def covers(self, area: int) -> bool:
        index = bisect_right(self._starts, area) - 1
        return index >= 0 and self._merged[index][1] >= area

    def organisations_overlapping(self, low: int, high: int) -> int:
        """How many organisations help somewhere in ``low`` to ``high``."""
        return len({org for start, end, org in self.ranges if start <= high and end >= low})
