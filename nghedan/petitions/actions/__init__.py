"""Every change to a petition goes through one of these functions.

Each runs in one transaction, checks who acts and from which status, and records one
event (mirrored in the audit log). Views, the API, commands and tasks call them; none
writes petitions with the ORM itself.
"""

from nghedan.petitions.actions.common import (
    APPEAL_WINDOW,
    APPEAL_WINDOW_REMOTE,
    BODY_MAX,
    BODY_MIN,
    REASON_MIN,
    REOPEN_WINDOW,
    SIGNATORIES_MAX,
    TITLE_MAX,
)
from nghedan.petitions.actions.handling import (
    answer_approve,
    answer_return,
    answer_submit,
    petition_accept,
    petition_auto_close,
    petition_decline,
    petition_extend,
    petition_relabel,
    petition_start,
    petition_transfer,
)
from nghedan.petitions.actions.intake import (
    PetitionerInfo,
    SubmitResult,
    petition_attachment_add,
    petition_submit,
)
from nghedan.petitions.actions.petitioner import (
    petition_appeal,
    petition_rate,
    petition_reopen,
    petition_withdraw,
)

__all__ = [
    "APPEAL_WINDOW",
    "APPEAL_WINDOW_REMOTE",
    "BODY_MAX",
    "BODY_MIN",
    "REASON_MIN",
    "REOPEN_WINDOW",
    "SIGNATORIES_MAX",
    "TITLE_MAX",
    "PetitionerInfo",
    "SubmitResult",
    "answer_approve",
    "answer_return",
    "answer_submit",
    "petition_accept",
    "petition_auto_close",
    "petition_appeal",
    "petition_attachment_add",
    "petition_decline",
    "petition_extend",
    "petition_rate",
    "petition_relabel",
    "petition_reopen",
    "petition_start",
    "petition_submit",
    "petition_transfer",
    "petition_withdraw",
]
