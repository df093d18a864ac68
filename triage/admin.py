from django.contrib import admin

from .models import ReferralTarget


@admin.register(ReferralTarget)
class ReferralTargetAdmin(admin.ModelAdmin):
    """Referral targets are configuration. Criteria sets are edited in the triage screens,
    where drafts, preview and the lead's publication apply."""

    list_display = ["name", "code", "active"]
    list_filter = ["active"]
