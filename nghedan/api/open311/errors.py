"""Open311 GeoReport v2 errors: a list of {"code": <HTTP status>, "description": "..."}.

Each description gives the Vietnamese message, then " / ", then the English one.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from nghedan.api.errors import (
    ApiError,
    InputInvalid,
    api_exception_messages,
    flatten_errors,
    in_both,
)
from nghedan.lib.errors import ActionError


def _entry(status: int, vi: str, en: str) -> dict:
    return {"code": status, "description": vi if vi == en else f"{vi} / {en}"}


def open311_error(status: int, message) -> Response:
    vi, en = in_both(message)
    return Response([_entry(status, vi, en)], status=status)


def open311_exception_handler(exc, context):
    view, request = context.get("view"), context.get("request")
    if isinstance(exc, ActionError | ApiError):
        set_rollback()
        vi, en = in_both(exc.message)
        if exc.field:
            field = getattr(view, "error_field_names", {}).get(exc.field, exc.field)
            vi, en = f"{field}: {vi}", f"{field}: {en}"
        return Response([_entry(exc.status, vi, en)], status=exc.status)
    if isinstance(exc, InputInvalid):
        fields_vi, fields_en = flatten_errors(exc.errors_vi), flatten_errors(exc.errors_en)
        entries = [
            _entry(
                400,
                f"{field}: {' '.join(messages)}",
                f"{field}: {' '.join(fields_en.get(field, messages))}",
            )
            for field, messages in fields_vi.items()
        ]
        return Response(entries, status=400)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    vi, en = api_exception_messages(exc, request)
    response.data = [_entry(response.status_code, vi, en)]
    return response
