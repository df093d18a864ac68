from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken import admin as _drf_token_admin  # noqa: F401
from rest_framework.authtoken.models import TokenProxy

from . import services
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
    actions = ["unlock"]

    @admin.action(description=_("Ontgrendelen (na te veel mislukte inlogpogingen)"))
    def unlock(self, request, queryset):
        for user in queryset:
            services.account_unlock(user=user)
        count = len(queryset)
        self.message_user(
            request,
            ngettext("%(count)d account ontgrendeld.", "%(count)d accounts ontgrendeld.", count)
            % {"count": count},
            messages.SUCCESS,
        )


# The admins replaced below are registered when their modules load; accounts comes first in
# INSTALLED_APPS, so the imports above load them before the unregister calls.

# API tokens act as their user: the admin shows who has one and lets it be revoked, never
# the key itself (a prefix to tell them apart). New tokens: `manage.py drf_create_token`,
# which prints the key once (docs/security.md).
admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class TokenAdmin(admin.ModelAdmin):
    list_display = ["key_prefix", "user", "created"]
    search_fields = ["user__username"]
    fields = ["key_prefix", "user", "created"]
    readonly_fields = fields
    ordering = ["-created"]

    @admin.display(description=_("sleutel (begin)"))
    def key_prefix(self, token) -> str:
        return f"{token.key[:6]}…"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


# Second-factor devices: the administrator sees who has which and can remove one (a lost
# phone), but never adds one with a key it knows, and never sees recovery codes.
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


@admin.register(TOTPDevice)
class AppDeviceAdmin(TOTPDeviceAdmin):
    def has_add_permission(self, request) -> bool:
        return False


@admin.register(StaticDevice)
class RecoveryCodesAdmin(StaticDeviceAdmin):
    inlines = []

    def has_add_permission(self, request) -> bool:
        return False
