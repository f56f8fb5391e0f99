from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from nghedan.ops import views as ops

urlpatterns: list[URLPattern | URLResolver] = [
    path("health/", ops.health, name="health"),
    path("metrics", ops.metrics, name="metrics"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("nghedan.api.urls_v1")),
    path("open311/v2/", include("nghedan.api.urls_open311")),
    path("accounts/", include("nghedan.accounts.urls")),
    path("", include("nghedan.web.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler500 = "nghedan.web.views.errors.server_error"
