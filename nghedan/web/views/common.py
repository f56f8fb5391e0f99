"""Small helpers the web views share."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from nghedan.lib.ratelimit import client_ident, rate_wait
from nghedan.petitions.errors import NotPermitted, PetitionError

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


def form_error_from(form, error: PetitionError) -> None:
    """Show a refused action on the form field it concerns, or on the form as a whole."""
    if isinstance(error, NotPermitted):
        raise PermissionDenied(str(error.message))
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def flash_error(request, error: PetitionError) -> None:
    if isinstance(error, NotPermitted):
        raise PermissionDenied(str(error.message))
    messages.error(request, str(error.message))
