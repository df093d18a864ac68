from django.contrib import admin

from .models import Solution, SolutionEvent


class SolutionEventInline(admin.TabularInline):
    model = SolutionEvent
    extra = 0
    can_delete = False
    readonly_fields = ["created_at", "actor", "from_status", "to_status", "reason"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Solution)
class SolutionAdmin(admin.ModelAdmin):
    """Read-only: summaries are written, reviewed and withdrawn in the library's own pages,
    where the anonymity check and the lead's second pair of eyes apply."""

    list_display = ["title", "theme", "dienst", "status", "published_at"]
    list_filter = ["status", "theme", "dienst"]
    search_fields = ["title"]
    inlines = [SolutionEventInline]
    exclude = ["search_document"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Solution._meta.fields if f.name != "search_document"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
