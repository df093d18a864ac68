from django.contrib import admin
from django.db import models

from .models import ReferralTarget


@admin.register(ReferralTarget)
class ReferralTargetAdmin(admin.ModelAdmin):
    """Referral targets are configuration. Criteria sets are edited in the triage screens,
    where drafts, preview and the lead's publication apply."""

    list_display = ["name", "code", "active"]
    list_filter = ["active"]
    # A website typed without a scheme is an https one (and the form no longer leans on
    # Django's deprecated http default, which made this page fail under warnings-as-errors).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
