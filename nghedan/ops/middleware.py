"""What every request passes first: an id that ties its log lines together, and the
counters and latencies of /metrics."""

import re
import time
import uuid

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from nghedan.ops import metrics
from nghedan.ops.logs import REQUEST_ID_KEY, VIEW_KEY, RequestContext, current_request

# An id a trusted proxy passes on (nginx's $request_id is 32 hex digits).
_PASSED_ON_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


def request_id_of(request: HttpRequest) -> str:
    """The id of the request: the one the proxies in front passed on (X-Request-ID), when
    the site sits behind them (NGHEDAN_NUM_PROXIES), else a new one."""
    passed_on = request.headers.get("X-Request-ID", "")
    if settings.REST_FRAMEWORK.get("NUM_PROXIES") and _PASSED_ON_ID.fullmatch(passed_on):
        return passed_on
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Gives the request its id, answers it in X-Request-ID, and lets every log line
    written meanwhile carry it (ops.logs.RequestContextFilter)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request_id = request_id_of(request)
        request.META[REQUEST_ID_KEY] = request_id
        token = current_request.set(RequestContext(request_id, request.method or "", request.path))
        try:
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        response["X-Request-ID"] = request_id
        return response


def view_label(request: HttpRequest) -> str:
    """The view that answered, by its URL name: a bounded set of labels, whatever the
    addresses asked for. Static files and addresses that match no route have their own."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name or match._func_path
    if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return "static"
    return "unresolved"


class MetricsMiddleware:
    """Counts each request by method, view and status, and times it by method and view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        started = time.monotonic()
        response = self.get_response(request)
        view = view_label(request)
        request.META[VIEW_KEY] = view
        metrics.observe_request(
            method=request.method or "",
            view=view,
            status=response.status_code,
            seconds=time.monotonic() - started,
        )
        return response
