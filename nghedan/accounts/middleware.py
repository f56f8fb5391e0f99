"""No page for an administrator until the second step is done in the session.

Installed after django-otp's OTPMiddleware (which tells whether this session checked a
code). An administrator signed in with the password only may open the code page, the
set-up page, sign out and switch language; any other page sends them to the code page
(or to set-up when they have no authenticator yet), and the REST API answers 403 in its
usual error shape. Officers and leaders with an authenticator are asked for the code
before they are signed in at all (`views.SignInView`).
"""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from nghedan.accounts import twofactor

OPEN_VIEWS = {"sign_in_code", "two_factor_setup", "logout", "set_language"}
MESSAGE = _(
    "Tài khoản quản trị cần xác thực hai bước: hãy nhập mã từ ứng dụng xác thực trên trang web."
)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not twofactor.second_factor_required(user) or twofactor.is_verified(user):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in OPEN_VIEWS:
            return None
        if request.path.startswith(("/api/", "/open311/")):
            with override("vi"):
                vi = str(MESSAGE)
            with override("en"):
                en = str(MESSAGE)
            body = {
                "code": "second_factor_required",
                "message": vi,
                "message_en": en,
                "fields": {},
                "fields_en": {},
            }
            return JsonResponse({"error": body}, status=403)
        step = "sign_in_code" if twofactor.authenticator_of(user) else "two_factor_setup"
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
