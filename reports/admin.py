from django.contrib import admin

from .models import KamerReport, ProblemStatement


@admin.register(KamerReport)
class KamerReportAdmin(admin.ModelAdmin):
    """Read-only: reports are made, regenerated and finalised on their own pages."""

    list_display = ["title", "period_start", "period_end", "status", "progress"]
    list_filter = ["status"]
    exclude = ["snapshot", "pdf"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProblemStatement)
class ProblemStatementAdmin(admin.ModelAdmin):
    list_display = ["signal", "updated_at"]
    readonly_fields = ["signal", "cause", "dienst_response", "recommendation", "updated_by"]

    def has_add_permission(self, request):
        return False
