"""Upload checks: size limit and the real file type, read from the content, not the name."""

import re
import unicodedata

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from belangenbehartiger.errors import InvalidInput

# MIME type detected from the content -> what we call it in messages.
ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/heic": "HEIC",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (.docx)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel (.xlsx)",
    "application/vnd.oasis.opendocument.text": "OpenDocument-tekst (.odt)",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument-rekenblad (.ods)",
    "application/msword": "Word (.doc)",
    "application/vnd.ms-excel": "Excel (.xls)",
}
_HEADER_BYTES = 8192


def allowed_types_text() -> str:
    return ", ".join(sorted(set(ALLOWED_TYPES.values())))


def check_upload(uploaded: UploadedFile) -> str:
    """Return the detected MIME type, or raise InvalidInput (field ``file``)."""
    if uploaded.size == 0:
        raise InvalidInput(_("Het bestand is leeg."), field="file")
    if uploaded.size > settings.ATTACHMENT_MAX_BYTES:
        raise InvalidInput(
            _("Het bestand is te groot (%(size)s). Het maximum is %(max)s.")
            % {
                "size": filesizeformat(uploaded.size),
                "max": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
            },
            field="file",
        )
    uploaded.seek(0)
    head = uploaded.read(_HEADER_BYTES)
    uploaded.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise InvalidInput(
            _("Dit bestandstype is niet toegestaan. Toegestaan zijn: %(types)s.")
            % {"types": allowed_types_text()},
            field="file",
        )
    return kind.mime


def safe_display_name(name: str) -> str:
    """The uploaded name without path parts or control characters, for display only."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if ch.isprintable())
    return base.strip()[:200] or "bijlage"
