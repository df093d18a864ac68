from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.admin import WebAuthnCredentialAdmin
from django_otp_webauthn.models import WebAuthnCredential
from rest_framework.authtoken import admin as _drf_token_admin  # noqa: F401
from rest_framework.authtoken.models import Token, TokenProxy

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
    readonly_fields = ["last_login", "date_joined", "api_token"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Rol en organisatie"), {"fields": ("role", "organisation")}),
        (_("API"), {"fields": ("api_token",)}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Rol en organisatie"), {"fields": ("email", "role", "organisation")}),
    )
    actions = ["unlock", "revoke_api_token"]

    @admin.display(description=_("API-token"))
    def api_token(self, user) -> str:
        token = Token.objects.filter(user=user).first()
        if token is None:
            return _("geen")
        return _("begint met %(prefix)s…, gemaakt op %(created)s") % {
            "prefix": token.key[:6],
            "created": date_format(timezone.localtime(token.created), "j F Y H:i"),
        }

    @admin.action(description=_("API-token intrekken"))
    def revoke_api_token(self, request, queryset):
        count = services.api_tokens_revoke(users=queryset)
        self.message_user(
            request,
            ngettext("%(count)d API-token ingetrokken.", "%(count)d API-tokens ingetrokken.", count)
            % {"count": count},
            messages.SUCCESS,
        )

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

# API tokens act as their user, and DRF's token admin shows every key (it is the token's
# primary key, so even its links and checkboxes carry it). No token page at all: a user's
# page shows the beginning of the key and revokes it; new tokens come from
# `manage.py drf_create_token`, which prints the key once (docs/security.md).
admin.site.unregister(TokenProxy)


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


# django-otp-webauthn leaves registering its admin to the project.
@admin.register(WebAuthnCredential)
class PasskeyAdmin(WebAuthnCredentialAdmin):
    def has_add_permission(self, request) -> bool:
        return False
