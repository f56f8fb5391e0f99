"""What a person sees when too many wrong passwords locked the sign-in (django-axes).

Failures are counted per user name and address in the database (shared by every
process); after NGHEDAN_LOGIN_FAILURE_LIMIT of them, that pair is refused for
NGHEDAN_LOGIN_LOCKOUT_MINUTES, even with the right password.
"""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

LOCKED = _(
    "Đăng nhập tạm bị khoá vì nhập sai mật khẩu quá nhiều lần. Vui lòng thử lại sau %(minutes)d phút, hoặc đặt lại mật khẩu qua thư điện tử."
)


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def _render_message() -> str:
    return str(LOCKED) % {"minutes": lockout_minutes()}


locked_message = lazy(_render_message, str)


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the sign-in page's look, or the API's error shape."""
    if request.path.startswith("/api/"):
        with override("vi"):
            vi = _render_message()
        with override("en"):
            en = _render_message()
        body = {"code": "locked_out", "message": vi, "message_en": en}
        return JsonResponse(
            {"error": {**body, "fields": {}, "fields_en": {}}},
            status=429,
            headers={"Retry-After": str(lockout_minutes() * 60)},
        )
    response = render(
        request,
        "registration/locked_out.html",
        {"message": _render_message(), "minutes": lockout_minutes()},
        status=429,
    )
    response["Retry-After"] = str(lockout_minutes() * 60)
    return response
