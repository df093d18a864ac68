"""The access log: who saw or took whose personal data, when, through which processing.

Shaped after the Logius standard "Logboek Dataverwerkingen": each record is one action
(``operation_id``) within a trace (``trace_id``, one request), with its ``name``,
``start_time``, ``end_time``, ``status_code`` and ``attributes`` (the processing activity,
the user, the case). The app sits just above accounts so that every app can write to it;
it therefore knows a case only by id and reference, never by foreign key, and the record
outlives the case (a deleted draft, an anonymised case). It holds no BSN or name.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StatusCode(models.IntegerChoices):
    UNKNOWN = 0, _("onbekend")
    OK = 1, _("gelukt")
    ERROR = 2, _("fout")


class AccessRecord(models.Model):
    trace_id = models.CharField(max_length=32, db_index=True)  # 16 bytes, hex
    operation_id = models.CharField(max_length=16, unique=True)  # 8 bytes, hex
    parent_operation_id = models.CharField(max_length=16, blank=True)
    name = models.CharField(_("handeling"), max_length=60)
    start_time = models.DateTimeField(_("begin"))
    end_time = models.DateTimeField(_("einde"))
    status_code = models.PositiveSmallIntegerField(choices=StatusCode.choices)
    attributes = models.JSONField(default=dict)
    # Copies of the attributes the screens and the API filter on, indexed.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    case_id = models.BigIntegerField(null=True, blank=True)
    case_reference = models.CharField(_("kenmerk"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("vastlegging in het logboek")
        verbose_name_plural = _("logboek dataverwerkingen")
        ordering = ["-start_time", "-pk"]
        indexes = [
            models.Index(fields=["case_reference", "-start_time"], name="access_case_time_idx"),
            models.Index(fields=["user", "-start_time"], name="access_user_time_idx"),
            models.Index(fields=["-start_time"], name="access_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.case_reference or self.case_id} {self.start_time:%Y-%m-%d %H:%M}"
