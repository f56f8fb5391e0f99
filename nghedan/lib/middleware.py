"""Refusing a request body too large to be worth reading, before any of it is read."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from nghedan.lib.http import error_response

REQUEST_TOO_LARGE = _("Yêu cầu quá lớn: tối đa %(mb)d MB. Hãy gửi ít tệp hơn hoặc tệp nhỏ hơn.")


class RequestSizeLimitMiddleware:
    """A request whose declared length (Content-Length) is over NGHEDAN_MAX_REQUEST_BYTES
    is answered 413 at once: its body is never read. Django's own limits do not bound
    the files of a multipart body; each file's own limit is kept by
    `lib.files.SizeLimitedUploadHandler`, which also holds for a body without a length."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.NGHEDAN_MAX_REQUEST_BYTES
        declared = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(declared)
        except ValueError:
            length = 0  # Django reads such a body as empty
        if length > limit:
            response = error_response(
                request,
                status=413,
                code="request_too_large",
                message=REQUEST_TOO_LARGE,
                params={"mb": limit // (1024 * 1024)},
            )
            return response
        return self.get_response(request)
