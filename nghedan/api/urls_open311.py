"""Open311 GeoReport v2, at /open311/v2/: every resource in XML (`.xml`, which the
specification requires) and in JSON (`.json`); the extension is the view's `format`."""

from django.urls import re_path

from nghedan.api.open311 import views

_FORMAT = r"\.(?P<format>xml|json)$"

urlpatterns = [
    re_path(rf"^discovery{_FORMAT}", views.DiscoveryApi.as_view(), name="open311-discovery"),
    re_path(rf"^services{_FORMAT}", views.ServiceListApi.as_view(), name="open311-services"),
    re_path(
        rf"^services/(?P<service_code>[^/]+?){_FORMAT}",
        views.ServiceDefinitionApi.as_view(),
        name="open311-service",
    ),
    re_path(rf"^requests{_FORMAT}", views.RequestsApi.as_view(), name="open311-requests"),
    re_path(
        rf"^requests/(?P<service_request_id>[^/]+?){_FORMAT}",
        views.RequestDetailApi.as_view(),
        name="open311-request",
    ),
    re_path(rf"^tokens/(?P<token>[^/]+?){_FORMAT}", views.TokenApi.as_view(), name="open311-token"),
    # Anything else is a 404 in the format its extension asks for (JSON without one).
    re_path(
        r"^(?P<path>.*?)(?:\.(?P<format>xml|json))?$",
        views.UnknownPathApi.as_view(),
        name="open311-unknown",
    ),
]
