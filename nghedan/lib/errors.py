"""Errors that actions of every app raise; each carries a code and a message in Vietnamese
(and English through the translation catalogue). The web, the API and the commands turn
them into a flash message, an error body or a command error."""

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ActionError(Exception):
    """A request that the rules refuse. `field` names the input at fault, when there is one."""

    status = 400

    def __init__(self, code: str, message: "StrOrPromise", *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.field = field


class TransitionNotAllowed(ActionError):
    status = 409


class NotPermitted(ActionError):
    status = 403


def not_permitted() -> NotPermitted:
    return NotPermitted("not_permitted", _("Bạn không có quyền thực hiện thao tác này."))
