from django.contrib import admin

from .models import Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    """Themes are configuration. Cases themselves are handled in the case screens, where
    access rules and the audit of personal-data views apply, not in the admin."""

    list_display = ["code", "name_nl", "name_en", "active"]
    list_filter = ["active"]
