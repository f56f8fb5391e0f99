"""Open311 GeoReport v2, at /open311/v2/ (JSON only: the .json format suffix)."""

from django.urls import path, re_path

from nghedan.api.open311 import views

urlpatterns = [
    path("discovery.json", views.DiscoveryApi.as_view(), name="open311-discovery"),
    path("services.json", views.ServiceListApi.as_view(), name="open311-services"),
    path(
        "services/<str:service_code>.json",
        views.ServiceDefinitionApi.as_view(),
        name="open311-service",
    ),
    path("requests.json", views.RequestsApi.as_view(), name="open311-requests"),
    path(
        "requests/<str:service_request_id>.json",
        views.RequestDetailApi.as_view(),
        name="open311-request",
    ),
    path("tokens/<str:token>.json", views.TokenApi.as_view(), name="open311-token"),
    re_path(r"^.*$", views.UnknownPathApi.as_view(), name="open311-unknown"),
]
