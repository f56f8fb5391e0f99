"""The server-error page, in the shape each interface's clients expect."""

from django.http import HttpResponseServerError, JsonResponse
from django.template.loader import render_to_string

from nghedan.lib.http import open311_error

MESSAGE_VI = "Lỗi hệ thống. Dữ liệu đã gửi thành công vẫn được lưu giữ; vui lòng thử lại sau."
MESSAGE_EN = "Server error. What was submitted successfully is kept; please try again later."


def server_error(request):
    if request.path.startswith("/api/"):
        return JsonResponse(
            {
                "error": {
                    "code": "server_error",
                    "message": MESSAGE_VI,
                    "message_en": MESSAGE_EN,
                    "fields": {},
                    "fields_en": {},
                }
            },
            status=500,
        )
    if request.path.startswith("/open311/"):
        return open311_error(request.path, status=500, description=f"{MESSAGE_VI} / {MESSAGE_EN}")
    # No context processors: the failure may lie in them.
    return HttpResponseServerError(render_to_string("500.html"))
