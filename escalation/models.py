from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExtraNonWorkingDay(models.Model):
    """A day that is not a working day on top of the Algemene termijnenwet's list, such as
    a bridge day set by decree (e.g. the Friday after Hemelvaartsdag). Added by admins."""

    date = models.DateField(_("datum"), unique=True)
    reason = models.CharField(_("reden"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("extra niet-werkdag")
        verbose_name_plural = _("extra niet-werkdagen")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.reason}"
