"""The admin site behind the second step: only staff whose session checked a code from
their authenticator see it (django-otp's OTPAdminSite), and its sign-in is the site's
own, with the lockout and the code step."""

from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _lazy
from django_otp.admin import OTPAdminSite

from nghedan.accounts import twofactor


class NgheDanAdminSite(OTPAdminSite):
    # The product's name in the browser tab and header, in the person's language (the
    # admin's own words come translated with Django).
    site_header = _lazy("Nghe Dân — Quản trị hệ thống")
    site_title = _lazy("Quản trị Nghe Dân")
    index_title = _lazy("Dữ liệu và danh mục")

    def __init__(self, name="admin"):
        super().__init__(name)

    def login(self, request, extra_context=None):
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(next_url)
        if twofactor.second_factor_required(user) and not twofactor.is_verified(user):
            return redirect(f"{reverse('sign_in_code')}?{urlencode({'next': next_url})}")
        raise PermissionDenied
