"""Which action may move a petition from which status to which (DESIGN.md §2)."""

from django.utils.translation import gettext_lazy as _

from nghedan.lib.text import interpolate_lazy
from nghedan.petitions.errors import TransitionNotAllowed
from nghedan.petitions.models import Status

OPEN_FOR_INTAKE = (Status.RECEIVED, Status.TRANSFERRED)
WORKING = (Status.ACCEPTED, Status.IN_PROGRESS, Status.REOPENED)
FINISHED = (Status.ANSWERED, Status.CLOSED)
TERMINAL = (Status.DECLINED, Status.CLOSED, Status.WITHDRAWN, Status.APPEALED)
# Not yet at an end: waiting, being worked on, or answered and waiting for the rating.
OPEN = OPEN_FOR_INTAKE + WORKING + (Status.ANSWERED,)
# An agency's clock runs: acceptance while waiting, resolution while being worked on.
CLOCK_RUNNING = OPEN_FOR_INTAKE + WORKING
# Ended without an answer from the agency.
CLOSED_WITHOUT_ANSWER = (Status.DECLINED, Status.WITHDRAWN)

# The events that send an answer back to work: the petitioner asks, or rates it below 3.
REOPENING_EVENTS = ("reopen", "rated_reopened")

# action → (statuses it may start from, status it leads to; None keeps the status)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "accept": (OPEN_FOR_INTAKE, Status.ACCEPTED),
    "decline": (OPEN_FOR_INTAKE, Status.DECLINED),
    "transfer": (OPEN_FOR_INTAKE + WORKING, Status.TRANSFERRED),
    "start": ((Status.ACCEPTED, Status.REOPENED), Status.IN_PROGRESS),
    "extend": (WORKING, None),
    "answer_submit": (WORKING, Status.IN_PROGRESS),
    "answer_publish": ((Status.ACCEPTED, Status.IN_PROGRESS, Status.REOPENED), Status.ANSWERED),
    "answer_return": ((Status.IN_PROGRESS,), None),
    "rate": ((Status.ANSWERED,), None),
    "reopen": (FINISHED, Status.REOPENED),
    "appeal": (FINISHED, Status.APPEALED),
    "withdraw": (OPEN_FOR_INTAKE + WORKING + (Status.ANSWERED,), Status.WITHDRAWN),
}


def check_transition(action: str, current: str) -> str | None:
    allowed_from, target = TRANSITIONS[action]
    if current not in allowed_from:
        raise TransitionNotAllowed(
            "transition_not_allowed",
            interpolate_lazy(
                _("Không thể thực hiện thao tác này khi đơn đang ở trạng thái “%(status)s”."),
                {"status": Status(current).label},
            ),
        )
    return target


def allowed_actions(current: str) -> set[str]:
    return {action for action, (sources, _target) in TRANSITIONS.items() if current in sources}
