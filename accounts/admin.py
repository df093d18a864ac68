from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Dienst, Organisation, User


@admin.register(Dienst)
class DienstAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "active"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "dienst", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "role", "organisation", "is_active"]
    list_filter = ["role", "is_active", "organisation"]
    # Kept by the system, not typed by the administrator (and Django's split date/time
    # widget for them has inputs without a label).
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Rol en organisatie"), {"fields": ("role", "organisation")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Rol en organisatie"), {"fields": ("email", "role", "organisation")}),
    )
