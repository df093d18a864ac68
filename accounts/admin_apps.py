from django.contrib.admin.apps import AdminConfig


class SecondFactorAdminConfig(AdminConfig):
    """django.contrib.admin with the site of accounts/admin_site.py."""

    default_site = "accounts.admin_site.SecondFactorAdminSite"
