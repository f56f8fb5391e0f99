"""Errors in one shape for the REST API:

    {"error": {"code": "...", "message": "<Vietnamese>", "message_en": "<English>",
               "fields": {"field": ["<Vietnamese>", ...]}, "fields_en": {...}}}

Both languages are always given, whatever language the request asked for: a client shows
the one its user reads. Domain errors (`ActionError`) keep their own code and status;
input that does not parse is a 400 with the fields at fault.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from nghedan.lib.errors import ActionError

INVALID_INPUT = _("Dữ liệu gửi lên không hợp lệ. Vui lòng kiểm tra các trường được nêu.")
# Messages of the API layer that say more than DRF's own, keyed by DRF's error code.
_MESSAGES = {
    "not_authenticated": _(
        "Vui lòng đăng nhập: gửi mã truy cập trong tiêu đề “Authorization: Token …”."
    ),
    "authentication_failed": _("Mã truy cập không hợp lệ hoặc tài khoản đã bị khoá."),
    "permission_denied": _("Bạn không có quyền thực hiện thao tác này."),
    "not_found": _("Không tìm thấy."),
    "parse_error": _(
        "Không đọc được nội dung yêu cầu: dữ liệu không đúng định dạng JSON hoặc biểu mẫu."
    ),
}


class ApiError(exceptions.APIException):
    """A refusal by the API layer itself, in the same form as the domain's ActionError."""

    def __init__(self, code: str, message, *, status: int = 400, field: str | None = None):
        super().__init__(detail=str(message), code=code)
        self.status_code = status
        self.status = status
        self.code = code
        self.message = message
        self.field = field


class InputInvalid(exceptions.ValidationError):
    """A serializer refused the input; carries its errors in both languages."""

    def __init__(self, errors_vi, errors_en):
        super().__init__(detail=errors_vi)
        self.errors_vi = errors_vi
        self.errors_en = errors_en


def in_both(message) -> tuple[str, str]:
    """A lazily translated message rendered in Vietnamese and in English."""
    with override("vi"):
        vi = str(message)
    with override("en"):
        en = str(message)
    return vi, en


def parse(serializer_class, data, **kwargs) -> dict:
    """Validate `data` with a serializer; on failure raise InputInvalid with both languages.

    Validation only reads, so running it a second time for the English messages is safe.
    """
    with override("vi"):
        serializer = serializer_class(data=data, **kwargs)
        if serializer.is_valid():
            return serializer.validated_data
        errors_vi = serializer.errors
    with override("en"):
        again = serializer_class(data=data, **kwargs)
        again.is_valid()
        errors_en = again.errors
    raise InputInvalid(errors_vi, errors_en)


def flatten_errors(errors, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested errors as {"petitioner.name": [...], "attachments.0": [...]}."""
    flat: dict[str, list[str]] = {}
    if isinstance(errors, dict):
        for key, value in errors.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for field, messages in flatten_errors(value, name).items():
                flat.setdefault(field, []).extend(messages)
    elif isinstance(errors, list | tuple):
        if all(isinstance(item, str) for item in errors):
            if errors:
                flat.setdefault(prefix or "non_field_errors", []).extend(str(i) for i in errors)
        else:
            for index, item in enumerate(errors):
                for field, messages in flatten_errors(item, f"{prefix}.{index}").items():
                    flat.setdefault(field, []).extend(messages)
    elif errors not in (None, ""):
        flat.setdefault(prefix or "non_field_errors", []).append(str(errors))
    return flat


def _body(code: str, vi: str, en: str, fields=None, fields_en=None) -> dict:
    return {
        "error": {
            "code": code,
            "message": vi,
            "message_en": en,
            "fields": fields or {},
            "fields_en": fields_en if fields_en is not None else (fields or {}),
        }
    }


def _field_name(view, field: str | None) -> str | None:
    """The name the client used for a field the domain names its own way."""
    if field is None:
        return None
    return getattr(view, "error_field_names", {}).get(field, field)


def _known_error(exc, view) -> tuple[int, dict]:
    """(status, body) of a refusal by the domain or by this API's own checks."""
    if isinstance(exc, InputInvalid):
        vi, en = in_both(INVALID_INPUT)
        fields_vi, fields_en = flatten_errors(exc.errors_vi), flatten_errors(exc.errors_en)
        return 400, _body("invalid", vi, en, fields_vi, fields_en)
    vi, en = in_both(exc.message)
    field = _field_name(view, exc.field)
    fields = {field: [vi]} if field else {}
    fields_en = {field: [en]} if field else {}
    return exc.status, _body(exc.code, vi, en, fields, fields_en)


def api_exception_messages(exc: exceptions.APIException, request) -> tuple[str, str]:
    """A DRF exception's message in Vietnamese and in English."""
    code = exc.default_code
    if code in _MESSAGES:
        return in_both(_MESSAGES[code])

    def render() -> str:
        if isinstance(exc, exceptions.MethodNotAllowed) and request is not None:
            return str(exceptions.MethodNotAllowed(request.method).detail)
        if isinstance(exc, exceptions.Throttled):
            # Throttled sets `wait` in __init__; the stubs do not declare it.
            return str(exceptions.Throttled(exc.wait).detail)  # type: ignore[attr-defined]
        if isinstance(exc, exceptions.UnsupportedMediaType) and request is not None:
            return str(exceptions.UnsupportedMediaType(request.content_type).detail)
        return str(exc.default_detail)

    # A detail other than the class's default was written by hand: keep it as it is.
    with override(get_language() or "vi"):
        customised = (
            isinstance(exc.detail, str)
            and not isinstance(
                exc,
                exceptions.MethodNotAllowed
                | exceptions.Throttled
                | exceptions.UnsupportedMediaType,
            )
            and str(exc.detail) != str(exc.default_detail)
        )
    if customised:
        return str(exc.detail), str(exc.detail)
    with override("vi"):
        vi = render()
    with override("en"):
        en = render()
    return vi, en


def exception_handler(exc, context):
    view, request = context.get("view"), context.get("request")
    if isinstance(exc, ActionError | ApiError | InputInvalid):
        set_rollback()
        status, body = _known_error(exc, view)
        return Response(body, status=status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    # DRF's handler sets the headers (WWW-Authenticate, Retry-After) and the status.
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a bug: Django's 500 handling logs it
    if isinstance(exc, exceptions.ValidationError):
        vi, en = in_both(INVALID_INPUT)
        fields = flatten_errors(exc.detail)
        response.data = _body("invalid", vi, en, fields, fields)
        return response
    vi, en = api_exception_messages(exc, request)
    response.data = _body(exc.default_code, vi, en)
    return response
