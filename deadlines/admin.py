from django.contrib import admin
from django.db import transaction

from . import calendar
from .models import ExtraNonWorkingDay


@admin.register(ExtraNonWorkingDay)
class ExtraNonWorkingDayAdmin(admin.ModelAdmin):
    """Bridge days set by decree. Every change clears the working-day cache once the
    transaction commits: clearing earlier would let another process cache the old rows again
    for five minutes."""

    list_display = ["date", "reason"]
    fields = ["date", "reason"]
    date_hierarchy = "date"
    search_fields = ["reason"]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        transaction.on_commit(calendar.clear_cache)

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        transaction.on_commit(calendar.clear_cache)

    def delete_queryset(self, request, queryset) -> None:
        super().delete_queryset(request, queryset)
        transaction.on_commit(calendar.clear_cache)
