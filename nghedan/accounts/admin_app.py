from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """Django's admin, on the site that requires the second step (admin_site.py).
    Listed in INSTALLED_APPS in place of "django.contrib.admin"."""

    default_site = "nghedan.accounts.admin_site.NgheDanAdminSite"
