from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from belangenbehartiger.errors import DomainError

from . import services
from .forms import HelpOrganisationAdminForm, ImportForm
from .models import DirectoryImport, HelpOrganisation, ServiceArea


class ServiceAreaInline(admin.TabularInline):
    model = ServiceArea
    extra = 1
    verbose_name = gettext_lazy("postcodereeks")
    verbose_name_plural = gettext_lazy("werkgebied (postcodereeksen, beide grenzen inbegrepen)")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """A table row's fields have their column header as a caption but no label of
        their own: name each field for screen readers (axe: label)."""
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            field.widget.attrs.setdefault("aria-label", str(field.label))
        return field


@admin.register(HelpOrganisation)
class HelpOrganisationAdmin(admin.ModelAdmin):
    """The directory is configuration kept by the functional administrator; many
    organisations at once come in through "CSV importeren" (directory.services)."""

    form = HelpOrganisationAdminForm
    inlines = [ServiceAreaInline]
    list_display = ["name", "kind", "city", "nationwide", "active", "updated_at"]
    list_filter = ["kind", "active", "nationwide", "for_burgers", "for_ondernemers", "for_jongeren"]
    search_fields = ["name", "code", "city", "postcode"]
    change_list_template = "admin/directory/helporganisation/change_list.html"
    fieldsets = [
        (None, {"fields": ["code", "name", "kind", "description", "active"]}),
        (
            gettext_lazy("Voor wie en waar"),
            {
                "fields": [
                    "for_burgers",
                    "for_ondernemers",
                    "for_jongeren",
                    "nationwide",
                    "income_limit",
                    "income_limit_note",
                    "languages",
                ]
            },
        ),
        (
            gettext_lazy("Contact"),
            {
                "fields": [
                    "phone",
                    "email",
                    "website",
                    "address",
                    "postcode",
                    "city",
                    "opening_hours",
                ]
            },
        ),
    ]

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="directory_helporganisation_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        report = None
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = services.directory_import_csv(
                    file=upload,
                    actor=request.user,
                    dry_run=form.cleaned_data["dry_run"],
                    filename=upload.name,
                )
            except DomainError as exc:
                form.add_error("file", exc.message)
            else:
                level = messages.WARNING if report.refused else messages.SUCCESS
                self.message_user(request, _summary(report), level)
        return TemplateResponse(
            request,
            "admin/directory/helporganisation/import.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Eerstelijnsorganisaties importeren uit CSV"),
                "opts": self.model._meta,
                "form": form,
                "report": report,
                "columns": services.COLUMNS,
                "changelist_url": reverse("admin:directory_helporganisation_changelist"),
            },
        )


def _summary(report: services.ImportReport) -> str:
    values = {"created": report.created, "updated": report.updated, "refused": len(report.refused)}
    if report.dry_run:
        return (
            _(
                "Gecontroleerd, niets opgeslagen: %(created)d nieuw, %(updated)d bij te werken, "
                "%(refused)d geweigerd."
            )
            % values
        )
    return _("Geïmporteerd: %(created)d nieuw, %(updated)d bijgewerkt, %(refused)d geweigerd.") % (
        values
    )


@admin.register(DirectoryImport)
class DirectoryImportAdmin(admin.ModelAdmin):
    """What each import did, and which rows it refused and why (read-only)."""

    list_display = [
        "created_at",
        "filename",
        "imported_by",
        "dry_run",
        "created",
        "updated",
        "refused",
    ]
    readonly_fields = [f.name for f in DirectoryImport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
