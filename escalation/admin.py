from django.contrib import admin

from .models import Rung


@admin.register(Rung)
class RungAdmin(admin.ModelAdmin):
    """The ladder is configuration: answer times in working days and the second pair of eyes."""

    list_display = [
        "position",
        "name",
        "code",
        "acknowledge_days",
        "answer_days",
        "answer_days_urgent",
        "needs_approval",
        "active",
    ]
    list_display_links = ["name"]
    ordering = ["position"]
