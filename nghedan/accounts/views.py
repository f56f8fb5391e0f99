"""Signing in (password, then the authenticator's code where the person has one), the
account's security page, the second step's set-up, and changing or resetting a password.

The pages are Django's own authentication views with the product's templates; what
they store goes through `accounts/actions.py`.
"""

from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from nghedan.accounts import twofactor
from nghedan.accounts.actions import second_factor_disable, second_factor_enable
from nghedan.accounts.forms import (
    CodeForm,
    PasswordChangeForm,
    PasswordConfirmForm,
    SetPasswordForm,
)
from nghedan.accounts.models import Role, User
from nghedan.lib import clock
from nghedan.lib.errors import ActionError
from nghedan.lib.ratelimit import address_ident, client_address, rate_allows, rate_wait

# Between the password and the code: who is signing in, in this browser's session only.
PENDING = "nghedan_sign_in_pending"
PENDING_SECONDS = 5 * 60
# The secret of an authenticator being set up, until a first code confirms it.
SETUP_KEY = "nghedan_totp_setup_key"
# Reset links asked for, per address and per e-mail address.
RESET_RATE = "5/hour"


def _safe_next(request: HttpRequest, url: str | None) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def _next_of(request: HttpRequest) -> str:
    return _safe_next(request, request.POST.get("next") or request.GET.get("next"))


SIGN_IN_LIMIT_MESSAGE = _lazy(
    "Quá nhiều lần đăng nhập từ địa chỉ này. Vui lòng thử lại sau ít phút."
)

def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def landing_url(user: User | AnonymousUser) -> str:
    """Where a person arrives after signing in when no page asked for it: officers and
    leaders at their inbox, supervisors and administrators at the dashboard, citizens at
    their petitions."""
    if not isinstance(user, User):
        return resolve_url(settings.LOGIN_REDIRECT_URL)
    if user.is_superuser or user.role in (Role.ADMIN, Role.SUPERVISOR):
        return reverse("dashboard")
    if user.role in (Role.OFFICER, Role.LEADER):
        return reverse("inbox")
    return reverse("my_petitions")


def _after_sign_in(next_url: str, user: User | AnonymousUser) -> str:
    return next_url or landing_url(user)


class SignInView(auth_views.LoginView):
    """The password step. A person with an authenticator is not signed in yet: the
    code step finishes it. An administrator without one is signed in and sent to set
    one up; no other page is served to them until then."""

    template_name = "registration/login.html"

    def get_default_redirect_url(self) -> str:
        return landing_url(self.request.user)

    def post(self, request, *args, **kwargs):
        # Per address, shared with the API's token sign-in: one password tried across many
        # user names is slowed down too (the lockout counts per user name and address).
        wait = rate_wait(
            scope="sign_in",
            ident=address_ident(client_address(request)),
            rate=settings.NGHEDAN_SIGN_IN_RATE,
        )
        if not wait:
            return super().post(request, *args, **kwargs)
        form = self.get_form_class()(request, initial={"username": request.POST.get("username")})
        response = self.render_to_response(
            self.get_context_data(form=form, refused=SIGN_IN_LIMIT_MESSAGE), status=429
        )
        response["Retry-After"] = str(wait)
        return response

    def form_valid(self, form):
        user = form.get_user()
        next_url = _safe_next(self.request, self.get_redirect_url())
        if twofactor.authenticator_of(user) is not None:
            self.request.session[PENDING] = {
                "user": user.pk,
                "backend": user.backend,
                "at": clock.now().timestamp(),
            }
            return redirect(_with_next(reverse("sign_in_code"), next_url))
        response = super().form_valid(form)
        if twofactor.second_factor_required(user):
            return redirect(_with_next(reverse("two_factor_setup"), next_url))
        return response


def _pending_user(request: HttpRequest) -> tuple[User | None, dict | None]:
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict):
        return None, None
    if clock.now().timestamp() - float(pending.get("at", 0)) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None, None
    user = User.objects.filter(pk=pending.get("user", 0), is_active=True).first()
    return user, pending


@sensitive_post_parameters("code")
@never_cache
def sign_in_code(request):
    """The code step: after the password for a person with an authenticator, and for a
    signed-in administrator whose session has not checked a code yet."""
    next_url = _next_of(request)
    if request.user.is_authenticated:
        if twofactor.is_verified(request.user):
            return redirect(_after_sign_in(next_url, request.user))
        user, pending = request.user, None
    else:
        user, pending = _pending_user(request)
        if user is None:
            messages.info(request, _("Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại."))
            return redirect(_with_next(reverse("login"), next_url))
    if twofactor.authenticator_of(user) is None:
        if pending is not None:  # removed meanwhile: the password step again
            request.session.pop(PENDING, None)
            return redirect(_with_next(reverse("login"), next_url))
        return redirect(_with_next(reverse("two_factor_setup"), next_url))

    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            device = twofactor.second_factor_check(user=user, code=form.cleaned_data["code"])
        except ActionError as error:
            form.add_error("code", error.message)
            status = error.status
        else:
            if pending is not None:
                request.session.pop(PENDING, None)
                auth_login(request, user, backend=pending["backend"])
            else:
                request.session.cycle_key()
            django_otp.login(request, device)
            return redirect(_after_sign_in(next_url, request.user))
    return render(
        request,
        "registration/sign_in_code.html",
        {"form": form, "next": next_url, "person": user},
        status=status,
    )


@login_required
def account_security(request):
    user = request.user
    return render(
        request,
        "registration/account_security.html",
        {
            "device": twofactor.authenticator_of(user),
            "verified": twofactor.is_verified(user),
            "required": twofactor.second_factor_required(user),
            "allowed": twofactor.second_factor_allowed(user),
            "disable_form": PasswordConfirmForm(),
        },
    )


@login_required
@sensitive_post_parameters("code")
@never_cache
def two_factor_setup(request):
    """Show a new secret (QR code, otpauth:// address, the secret to type) and store the
    authenticator once its first code is right. With one already set up, this replaces
    it, and only after a code from the old one was checked in this session."""
    user = request.user
    if not twofactor.second_factor_allowed(user):
        raise PermissionDenied
    next_url = _next_of(request)
    device = twofactor.authenticator_of(user)
    if device is not None and not twofactor.is_verified(user):
        return redirect(_with_next(reverse("sign_in_code"), request.get_full_path()))
    key = request.session.get(SETUP_KEY)
    if not key:
        key = request.session[SETUP_KEY] = twofactor.new_key()

    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = second_factor_enable(acting_user=user, key=key, code=form.cleaned_data["code"])
        except ActionError as error:
            form.add_error("code", error.message)
        else:
            request.session.pop(SETUP_KEY, None)
            request.session.cycle_key()
            django_otp.login(request, device)
            messages.success(request, _("Đã bật xác thực hai bước."))
            return redirect(next_url or "account_security")
    uri = twofactor.provisioning_uri(user=user, key=key)
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "next": next_url,
            "uri": uri,
            "qr_svg": twofactor.qr_svg(uri),
            "secret": twofactor.secret_for_people(key),
            "replacing": device is not None,
            "required": twofactor.second_factor_required(user),
        },
    )


@login_required
@require_POST
@sensitive_post_parameters("password")
def two_factor_disable(request):
    user = request.user
    if twofactor.authenticator_of(user) is not None and not twofactor.is_verified(user):
        return redirect(_with_next(reverse("sign_in_code"), reverse("account_security")))
    form = PasswordConfirmForm(request.POST)
    if form.is_valid():
        try:
            second_factor_disable(acting_user=user, password=form.cleaned_data["password"])
        except ActionError as error:
            form.add_error("password" if error.field == "password" else None, error.message)
        else:
            messages.success(request, _("Đã tắt xác thực hai bước."))
            return redirect("account_security")
    return render(
        request,
        "registration/account_security.html",
        {
            "device": twofactor.authenticator_of(user),
            "verified": twofactor.is_verified(user),
            "required": twofactor.second_factor_required(user),
            "allowed": twofactor.second_factor_allowed(user),
            "disable_form": form,
        },
        status=400,
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("account_security")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """A link to choose a new password, sent to the account's e-mail address. The page
    says the same whether or not an account has that address."""

    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        address = address_ident(client_address(self.request))
        if not (
            rate_allows(scope="password_reset", ident=f"addr:{address}", rate=RESET_RATE)
            and rate_allows(scope="password_reset", ident=f"email:{email}", rate=RESET_RATE)
        ):
            form.add_error(
                None, _("Bạn đã yêu cầu đặt lại mật khẩu quá nhiều lần. Vui lòng thử lại sau.")
            )
            return self.form_invalid(form)
        # Links point at the site's configured address, never at the Host the request named.
        self.extra_email_context = {
            "site_url": settings.NGHEDAN_SITE_URL.rstrip("/"),
            "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        }
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"
