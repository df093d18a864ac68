"""What is logged: the operations (``name``) and the processing activities they belong to.

The processing activity is the entry of the register of processing activities (AVG art. 30)
that the operation serves; the standard wants it as a URI in
``dpl.core.processing_activity_id``. ``PROCESSING_REGISTER_URI`` (settings) is the base.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

CASE_HANDLING = "casusbehandeling"
DIENST_REQUESTS = "verzoeken-aan-diensten"

ACTIVITIES = {
    CASE_HANDLING: _("Behandeling van casussen van betrokkenen"),
    DIENST_REQUESTS: _("Verzoeken aan de Diensten over een casus"),
}

# name -> (label on the screen, processing activity)
OPERATIONS = {
    "case.view": (_("Casus ingezien"), CASE_HANDLING),
    "attachment.download": (_("Bijlage gedownload"), CASE_HANDLING),
    "request.view": (_("Verzoek ingezien door Dienst"), DIENST_REQUESTS),
    "bsn.reveal": (_("Volledig BSN getoond"), DIENST_REQUESTS),
    "document.download": (_("Gedeeld stuk gedownload door Dienst"), DIENST_REQUESTS),
}


def activity_uri(activity: str) -> str:
    return f"{settings.PROCESSING_REGISTER_URI}{activity}"


def operation_label(name: str) -> str:
    entry = OPERATIONS.get(name)
    return str(entry[0]) if entry else name
