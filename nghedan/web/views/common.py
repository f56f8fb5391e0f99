"""Small helpers the web views share."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied

from nghedan.petitions.errors import NotPermitted, PetitionError

SESSION_SECRETS = "petition_secrets"


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
