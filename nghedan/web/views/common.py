"""Small helpers the web views share."""

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from nghedan.lib.errors import ActionError, NotPermitted
from nghedan.lib.ratelimit import client_ident, rate_wait

T = TypeVar("T")

SESSION_SECRETS = "petition_secrets"
INTAKE_LIMIT_MESSAGE = _(
    "Bạn đã gửi quá nhiều đơn trong thời gian ngắn. Vui lòng thử lại sau ít phút; "
    "nội dung bạn đã nhập vẫn được giữ nguyên."
)


def intake_wait(request) -> int:
    """Public intake is rate-limited per account or address (counting this request): 0
    when it may file now, else the seconds until it may. Staff entering petitions received
    at the desk or by phone are not limited."""
    if request.user.is_authenticated and request.user.is_agency_staff:
        return 0
    return rate_wait(scope="intake", ident=client_ident(request), rate=settings.NGHEDAN_INTAKE_RATE)


def remember_secret(request, code: str, secret: str) -> None:
    """The browser that filed or unlocked a petition keeps its secret for the session."""
    secrets = dict(request.session.get(SESSION_SECRETS, {}))
    secrets[code] = secret
    request.session[SESSION_SECRETS] = secrets


def secret_for(request, code: str) -> str | None:
    return request.session.get(SESSION_SECRETS, {}).get(code)


def form_error_from(form, error: ActionError) -> None:
    """Show a refused action on the form field it concerns, or on the form as a whole."""
    if isinstance(error, NotPermitted):
        raise PermissionDenied(str(error.message))
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def flash_error(request, error: ActionError) -> None:
    if isinstance(error, NotPermitted):
        raise PermissionDenied(str(error.message))
    messages.error(request, str(error.message))


def flash_form_errors(request, form) -> None:
    """Each error of an invalid form, as an error message (for forms posted from a page
    that is not redisplayed with them)."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def act_then_redirect(
    request: HttpRequest,
    run: Callable[[], T],
    *,
    done: str | None,
    to: str | Callable[[T | None], str],
    form=None,
) -> HttpResponseRedirect:
    """The shape of every POST that acts and goes back to a page: call `run()`; flash
    `done` when it succeeds (nothing when `done` is None) or the action's refusal when it
    raises an ActionError (a refusal of rights is a 403, as in `flash_error`); then
    redirect.

    `to` is what `redirect()` takes (a URL or a URL name), or a callable given the result of
    `run()` (None when refused) that returns one: it is called after the message is
    flashed and may add a note of its own. With `form`, the form is checked first: an
    invalid one flashes its errors and goes to `to` without acting."""
    result = None
    if form is not None and not form.is_valid():
        flash_form_errors(request, form)
    else:
        try:
            result = run()
        except ActionError as error:
            flash_error(request, error)
        else:
            if done is not None:
                messages.success(request, done)
    return redirect(to(result) if callable(to) else to)
