"""Field rules for case data, shared by the intake form, the API serializers and services."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.nl import bsn as stdnum_bsn

_KVK = re.compile(r"^\d{8}$")
_POSTCODE_AREA = re.compile(r"^[1-9]\d{3}$")


def compact_number(value: str) -> str:
    """A BSN, RSIN or KvK number without the spaces and dots people type in them."""
    return re.sub(r"[\s.\-]", "", value or "")


def clean_bsn(value: str) -> str:
    """A valid BSN (nine digits, 11-proof), spaces and dots removed."""
    compact = stdnum_bsn.compact(value or "")
    if not compact.isdigit() or len(compact) != 9:
        raise ValidationError(_("Een BSN bestaat uit 9 cijfers."), code="bsn_format")
    try:
        return stdnum_bsn.validate(compact)
    except StdnumError:
        raise ValidationError(
            _("Dit is geen geldig BSN: het voldoet niet aan de elfproef. Controleer de cijfers."),
            code="bsn_checksum",
        ) from None


def clean_rsin(value: str) -> str:
    """An RSIN follows the same 11-proof as a BSN."""
    try:
        return clean_bsn(value)
    except ValidationError:
        raise ValidationError(
            _("Dit is geen geldig RSIN (9 cijfers, elfproef)."), code="rsin"
        ) from None


def clean_kvk(value: str) -> str:
    compact = compact_number(value)
    if not _KVK.match(compact):
        raise ValidationError(_("Een KvK-nummer bestaat uit 8 cijfers."), code="kvk")
    return compact


def clean_postcode_area(value: str) -> str:
    compact = (value or "").strip()
    if not _POSTCODE_AREA.match(compact):
        raise ValidationError(
            _("Vul de 4 cijfers van de postcode in, bijvoorbeeld 3511."), code="postcode_area"
        )
    return compact
