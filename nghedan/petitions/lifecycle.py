"""The petition kernel's vocabulary (DESIGN.md §2): the statuses, the events a petition's
history records, the named sets of statuses every figure and page counts with, the query
helpers built on them, and which command may move a petition from which status to which.

Nothing outside this module spells a list of statuses or an event name as a string: the
alerts, scorecards, Open311, reception and the web import them from here.
"""

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nghedan.lib.errors import TransitionNotAllowed
from nghedan.lib.text import interpolate_lazy

if TYPE_CHECKING:
    from nghedan.petitions.models import Petition


class Status(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    TRANSFERRED = "transferred", _("Đã chuyển đơn")
    ACCEPTED = "accepted", _("Đã thụ lý")
    DECLINED = "declined", _("Không thụ lý")
    IN_PROGRESS = "in_progress", _("Đang giải quyết")
    ANSWERED = "answered", _("Đã trả lời")
    REOPENED = "reopened", _("Đã mở lại")
    APPEALED = "appealed", _("Đã khiếu nại lần hai")
    CLOSED = "closed", _("Đã kết thúc")
    WITHDRAWN = "withdrawn", _("Đã rút đơn")


class EventAction(models.TextChoices):
    """What happened to a petition, in the past tense: one per recorded event. The label
    is what people read in the petition's history."""

    SUBMITTED = "submitted", _("Tiếp nhận đơn")
    ACCEPTED = "accepted", _("Thụ lý")
    DECLINED = "declined", _("Không thụ lý")
    TRANSFERRED = "transferred", _("Chuyển đơn")
    STARTED = "started", _("Bắt đầu giải quyết")
    EXTENDED = "extended", _("Gia hạn giải quyết")
    ANSWER_SUBMITTED = "answer_submitted", _("Trình dự thảo trả lời")
    ANSWER_RETURNED = "answer_returned", _("Lãnh đạo trả lại dự thảo")
    ANSWER_PUBLISHED = "answer_published", _("Ban hành câu trả lời")
    RATED_CLOSED = "rated_closed", _("Người gửi đánh giá, kết thúc")
    RATED_REOPENED = "rated_reopened", _("Người gửi chưa hài lòng, mở lại")
    REOPENED = "reopened", _("Người gửi yêu cầu xem xét lại")
    APPEALED = "appealed", _("Khiếu nại lần hai")
    WITHDRAWN = "withdrawn", _("Rút đơn")
    AUTO_CLOSED = "auto_closed", _("Kết thúc do hết thời hạn đánh giá")
    OVERDUE_ESCALATED = "overdue_escalated", _("Báo lãnh đạo: quá hạn")
    RELABELLED = "relabelled", _("Đổi lĩnh vực")
    GROUPED = "grouped", _("Gộp vào nhóm cùng vụ việc")
    UNGROUPED = "ungrouped", _("Tách khỏi nhóm cùng vụ việc")


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
# Closed or withdrawn: its topic stays as it ended (the figures it counts in are final).
TOPIC_FROZEN = (Status.CLOSED, Status.WITHDRAWN)

# The events that send an answer back to work: the petitioner asks, or rates it below 3.
REOPENING_EVENTS = (EventAction.REOPENED, EventAction.RATED_REOPENED)
# The events that close a petition with its answer: rated, or left unrated.
CLOSING_EVENTS = (EventAction.RATED_CLOSED, EventAction.AUTO_CLOSED)

ACCEPTANCE, RESOLUTION = "acceptance", "resolution"


def next_due(petition: "Petition") -> tuple[str, date | None]:
    """The clock that runs now: acceptance while waiting to be accepted, resolution while
    being worked on; ("", None) when no clock runs."""
    if petition.status in OPEN_FOR_INTAKE:
        return ACCEPTANCE, petition.acceptance_due
    if petition.status in WORKING:
        return RESOLUTION, petition.resolution_due
    return "", None


def due_on(day: date) -> Q:
    """Petitions whose running clock ends on `day`."""
    return Q(status__in=OPEN_FOR_INTAKE, acceptance_due=day) | Q(
        status__in=WORKING, resolution_due=day
    )


def overdue_on(day: date) -> Q:
    """Petitions whose running clock ended before `day`: overdue on that day."""
    return Q(status__in=OPEN_FOR_INTAKE, acceptance_due__lt=day) | Q(
        status__in=WORKING, resolution_due__lt=day
    )


def due_between(first: date, last: date) -> Q:
    """Petitions whose running clock ends between `first` and `last`, both included."""
    return Q(status__in=OPEN_FOR_INTAKE, acceptance_due__range=(first, last)) | Q(
        status__in=WORKING, resolution_due__range=(first, last)
    )


# A rating of fewer stars reopens the petition for the agency (a complaint excepted: see
# petition_rate); the rating form says so before, the page after.
LOW_RATING_BELOW = 3


@dataclass(frozen=True)
class Move:
    """What a command needs (the statuses it may start from), where it leads (None keeps
    the status) and the event it records (None where the action chooses, as a rating does)."""

    sources: tuple[str, ...]
    target: str | None
    event: EventAction | None


# command → its move. Commands are what people (or the system) ask for, events what happened.
TRANSITIONS: dict[str, Move] = {
    "accept": Move(OPEN_FOR_INTAKE, Status.ACCEPTED, EventAction.ACCEPTED),
    "decline": Move(OPEN_FOR_INTAKE, Status.DECLINED, EventAction.DECLINED),
    "transfer": Move(OPEN_FOR_INTAKE + WORKING, Status.TRANSFERRED, EventAction.TRANSFERRED),
    "start": Move((Status.ACCEPTED, Status.REOPENED), Status.IN_PROGRESS, EventAction.STARTED),
    "extend": Move(WORKING, None, EventAction.EXTENDED),
    "answer_submit": Move(WORKING, Status.IN_PROGRESS, EventAction.ANSWER_SUBMITTED),
    "answer_publish": Move(
        (Status.ACCEPTED, Status.IN_PROGRESS, Status.REOPENED),
        Status.ANSWERED,
        EventAction.ANSWER_PUBLISHED,
    ),
    "answer_return": Move((Status.IN_PROGRESS,), None, EventAction.ANSWER_RETURNED),
    "rate": Move((Status.ANSWERED,), None, None),
    "reopen": Move(FINISHED, Status.REOPENED, EventAction.REOPENED),
    "appeal": Move(FINISHED, Status.APPEALED, EventAction.APPEALED),
    "withdraw": Move(OPEN, Status.WITHDRAWN, EventAction.WITHDRAWN),
    # Nobody rated the answer within the rating window.
    "auto_close": Move((Status.ANSWERED,), Status.CLOSED, EventAction.AUTO_CLOSED),
}


def check_transition(command: str, current: str) -> str | None:
    """The status `command` leads to from `current`; refused when it may not start there."""
    move = TRANSITIONS[command]
    if current not in move.sources:
        raise TransitionNotAllowed(
            "transition_not_allowed",
            interpolate_lazy(
                _("Không thể thực hiện thao tác này khi đơn đang ở trạng thái “%(status)s”."),
                {"status": Status(current).label},
            ),
        )
    return move.target


def allowed_actions(current: str) -> set[str]:
    """The commands that may start from `current` (the pages show their buttons)."""
    return {command for command, move in TRANSITIONS.items() if current in move.sources}
