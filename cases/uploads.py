"""Upload checks: size limit and the real file type, read from the content, not the name."""

import re
import unicodedata

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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

_OLE = ("application/msword", "application/vnd.ms-excel")  # one container, told apart loosely
# A file's name promises a type; when its content is not that type, say so in these words.
_PROMISED = {
    "pdf": (("application/pdf",), gettext_lazy("Dit bestand is geen echte PDF.")),
    "jpg": (("image/jpeg",), gettext_lazy("Dit bestand is geen echte JPEG-afbeelding.")),
    "jpeg": (("image/jpeg",), gettext_lazy("Dit bestand is geen echte JPEG-afbeelding.")),
    "png": (("image/png",), gettext_lazy("Dit bestand is geen echte PNG-afbeelding.")),
    "heic": (("image/heic",), gettext_lazy("Dit bestand is geen echte HEIC-foto.")),
    "docx": (
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",),
        gettext_lazy("Dit bestand is geen echt Word-document."),
    ),
    "doc": (_OLE, gettext_lazy("Dit bestand is geen echt Word-document.")),
    "xlsx": (
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",),
        gettext_lazy("Dit bestand is geen echt Excel-bestand."),
    ),
    "xls": (_OLE, gettext_lazy("Dit bestand is geen echt Excel-bestand.")),
    "odt": (
        ("application/vnd.oasis.opendocument.text",),
        gettext_lazy("Dit bestand is geen echt OpenDocument-tekstbestand."),
    ),
    "ods": (
        ("application/vnd.oasis.opendocument.spreadsheet",),
        gettext_lazy("Dit bestand is geen echt OpenDocument-rekenblad."),
    ),
}


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
    extension = (
        (uploaded.name or "").rsplit(".", 1)[-1].lower() if "." in (uploaded.name or "") else ""
    )
    promised = _PROMISED.get(extension)
    if promised and (kind is None or kind.mime not in promised[0]):
        # "PDF is toegestaan" would puzzle someone who did choose a .pdf: the name is the lie.
        raise InvalidInput(
            f"{promised[1]} "
            + _(
                "De inhoud past niet bij de naam. Kies het oorspronkelijke bestand, of sla "
                "het opnieuw op in dit formaat."
            ),
            field="file",
        )
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
