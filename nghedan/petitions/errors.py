"""Errors that actions raise; each carries a code and a message in Vietnamese (and English
through the translation catalogue)."""

from django.utils.translation import gettext_lazy as _


class PetitionError(Exception):
    """A request that the rules refuse. `field` names the input at fault, when there is one."""

    status = 400

    def __init__(self, code: str, message, *, field: str | None = None):
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.field = field


class TransitionNotAllowed(PetitionError):
    status = 409


class NotPermitted(PetitionError):
    status = 403


def not_permitted() -> NotPermitted:
    return NotPermitted("not_permitted", _("Bạn không có quyền thực hiện thao tác này."))
