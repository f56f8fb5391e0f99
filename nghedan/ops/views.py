"""/health/ for load balancers and monitors, /metrics for Prometheus."""

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from prometheus_client import CONTENT_TYPE_LATEST

from nghedan.lib.ratelimit import client_address
from nghedan.ops import health as health_checks
from nghedan.ops import metrics as metrics_export

METRICS_REFUSED = (
    "Chỉ máy giám sát được đọc số đo: từ địa chỉ trong NGHEDAN_METRICS_ALLOW hoặc với "
    "Authorization: Bearer NGHEDAN_METRICS_TOKEN.\n"
    "Metrics are for the monitoring hosts only: from an address in NGHEDAN_METRICS_ALLOW or "
    "with Authorization: Bearer NGHEDAN_METRICS_TOKEN.\n"
)


@csrf_exempt
@never_cache
@require_safe
def health(request: HttpRequest) -> HttpResponse:
    """The database, the job queue and the cache, as JSON: 200, or 503 when the database
    cannot be reached. Open to anyone; no session, no limit."""
    status, body = health_checks.health_report()
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


@csrf_exempt
@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus' text format, for the monitoring hosts only."""
    if not may_read_metrics(request):
        return HttpResponseForbidden(METRICS_REFUSED, content_type="text/plain; charset=utf-8")
    return HttpResponse(metrics_export.exposition(), content_type=CONTENT_TYPE_LATEST)


def may_read_metrics(request: HttpRequest) -> bool:
    """From an address of NGHEDAN_METRICS_ALLOW (as the trusted proxies saw it), or with
    `Authorization: Bearer NGHEDAN_METRICS_TOKEN`."""
    token = settings.NGHEDAN_METRICS_TOKEN
    scheme, _space, given = request.headers.get("Authorization", "").partition(" ")
    if (
        token
        and scheme.lower() == "bearer"
        and hmac.compare_digest(given.strip().encode(), token.encode())
    ):
        return True
    try:
        address = ipaddress.ip_address(client_address(request))
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return any(address in network for network in settings.NGHEDAN_METRICS_ALLOW)
