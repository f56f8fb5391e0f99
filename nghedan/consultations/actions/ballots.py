"""Direct decisions by ballot (dân bàn và quyết định trực tiếp): the leader puts a question
to the people with its quorum and majority; verified people vote once, per voter or per
household as the ballot says; the result follows from the rules.

Rules of the result (`ballot_result`):
- quorum: the ballots cast (abstentions included) are at least `quorum_percent` of the
  eligible voters or households;
- majority: the "yes" votes are *strictly more than* `majority_percent` of the ballots
  cast (abstentions count as cast and so weigh against), so with the default 50 a tie
  is rejected;
- decision: "no_quorum" without quorum, else "approved" or "rejected"."""

from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from nghedan.consultations.events import consultation_event_record
from nghedan.consultations.models import (
    Ballot,
    BallotUnit,
    BallotVote,
    Consultation,
    ConsultationStatus,
)
from nghedan.consultations.policy import is_consultation_leader
from nghedan.lib import clock
from nghedan.lib.errors import ActionError, NotPermitted, TransitionNotAllowed
from nghedan.lib.text import clean

if TYPE_CHECKING:
    from nghedan.accounts.models import User

CHOICES = ("yes", "no", "abstain")
QUESTION_MIN, QUESTION_MAX = 10, 500
HOUSEHOLD_MAX = 100


def ballot_create(
    *,
    acting_user: "User | None",
    consultation: Consultation,
    question: str,
    unit: str,
    eligible: int,
    quorum_percent: int = 50,
    majority_percent: int = 50,
    opens_at: datetime,
    closes_at: datetime,
) -> Ballot:
    if not is_consultation_leader(acting_user, consultation):
        raise NotPermitted("not_permitted", _("Chỉ lãnh đạo cơ quan được tổ chức biểu quyết."))
    text = clean(question)
    if not QUESTION_MIN <= len(text) <= QUESTION_MAX:
        raise ActionError(
            "bad_question",
            _("Nội dung biểu quyết cần từ 10 đến 500 ký tự."),
            field="question",
        )
    if unit not in BallotUnit.values:
        raise ActionError("bad_unit", _("Vui lòng chọn cách tính phiếu."), field="unit")
    if eligible is None or eligible < 1:
        raise ActionError(
            "bad_eligible", _("Số cử tri/hộ có quyền biểu quyết phải lớn hơn 0."), field="eligible"
        )
    if not 0 <= quorum_percent <= 100:
        raise ActionError(
            "bad_quorum", _("Tỷ lệ tham gia tối thiểu phải từ 0 đến 100%."), field="quorum_percent"
        )
    if not 0 <= majority_percent < 100:
        raise ActionError(
            "bad_majority",
            _("Tỷ lệ tán thành phải từ 0 đến dưới 100%."),
            field="majority_percent",
        )
    if opens_at is None or closes_at is None or closes_at <= opens_at:
        raise ActionError(
            "bad_dates", _("Thời điểm kết thúc phải sau thời điểm bắt đầu."), field="closes_at"
        )
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if locked.status == ConsultationStatus.DONE:
            raise TransitionNotAllowed(
                "bad_status", _("Lấy ý kiến đã hoàn tất, không tổ chức thêm biểu quyết.")
            )
        ballot = Ballot.objects.create(
            consultation=locked,
            question=text,
            unit=unit,
            eligible=eligible,
            quorum_percent=quorum_percent,
            majority_percent=majority_percent,
            opens_at=opens_at,
            closes_at=closes_at,
        )
        consultation_event_record(
            consultation=locked,
            actor=acting_user,
            action="ballot_created",
            data={"ballot": ballot.pk, "unit": unit, "eligible": eligible},
        )
    return ballot


def is_verified(user: "User") -> bool:
    return bool(user.email_verified_at or user.phone_verified_at)


def ballot_vote(
    *, acting_user: "User | AnonymousUser | None", ballot: Ballot, choice: str, household: str = ""
) -> BallotVote:
    """One vote per person, and per household when the ballot counts households. A vote
    cannot be changed. The event names the ballot, not the choice."""
    if acting_user is None or not acting_user.is_authenticated or not acting_user.is_active:
        raise NotPermitted("not_permitted", _("Vui lòng đăng nhập để biểu quyết."))
    if not is_verified(acting_user):
        # NotPermitted (a ActionError) so that the page answers 403.
        raise NotPermitted(
            "not_verified",
            _("Vui lòng xác thực số điện thoại hoặc thư điện tử trước khi biểu quyết."),
        )
    if choice not in CHOICES:
        raise ActionError("bad_choice", _("Vui lòng chọn một phương án."), field="choice")
    now = clock.now()
    if now < ballot.opens_at:
        raise TransitionNotAllowed("not_open", _("Cuộc biểu quyết chưa bắt đầu."))
    if now >= ballot.closes_at:
        raise TransitionNotAllowed("closed", _("Cuộc biểu quyết đã kết thúc."))
    if ballot.unit == BallotUnit.HOUSEHOLD:
        household = " ".join((household or "").split())
        if not household:
            raise ActionError(
                "household_required",
                _("Vui lòng ghi hộ gia đình (chủ hộ, địa chỉ) mà ông/bà biểu quyết thay mặt."),
                field="household",
            )
        if len(household) > HOUSEHOLD_MAX:
            raise ActionError("too_long", _("Tên hộ gia đình quá dài."), field="household")
    else:
        household = ""
    household_taken = ActionError(
        "household_voted",
        _("Hộ gia đình này đã biểu quyết; mỗi hộ chỉ có một phiếu."),
        field="household",
    )
    voter_taken = ActionError("already_voted", _("Ông/bà đã biểu quyết cho câu hỏi này."))
    with transaction.atomic():
        locked = Ballot.objects.select_for_update().get(pk=ballot.pk)
        if BallotVote.objects.filter(ballot=locked, voter=acting_user).exists():
            raise voter_taken
        # Compared without regard to case, in Python (SQLite folds ASCII only); votes
        # are serialised by the lock on the ballot.
        taken = BallotVote.objects.filter(ballot=locked).exclude(household="")
        key = household.casefold()
        if household and any(
            other.casefold() == key for other in taken.values_list("household", flat=True)
        ):
            raise household_taken
        try:
            with transaction.atomic():
                vote = BallotVote.objects.create(
                    ballot=locked, voter=acting_user, household=household, choice=choice
                )
        except IntegrityError:
            raise (household_taken if household else voter_taken) from None
        consultation_event_record(
            consultation=locked.consultation,
            actor=acting_user,
            action="ballot_vote",
            data={"ballot": locked.pk},
        )
    return vote


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def ballot_result(ballot: Ballot) -> dict:
    counts = dict.fromkeys(CHOICES, 0)
    for choice in ballot.votes.values_list("choice", flat=True):
        if choice in counts:
            counts[choice] += 1
    cast = sum(counts.values())
    # Integer arithmetic: no rounding decides a vote.
    quorum = cast * 100 >= ballot.quorum_percent * ballot.eligible
    majority = counts["yes"] * 100 > ballot.majority_percent * cast
    if not quorum:
        decision = "no_quorum"
    else:
        decision = "approved" if majority else "rejected"
    return {
        "cast": cast,
        "eligible": ballot.eligible,
        "turnout_percent": _percent(cast, ballot.eligible),
        "yes": counts["yes"],
        "no": counts["no"],
        "abstain": counts["abstain"],
        "yes_percent": _percent(counts["yes"], cast),
        "quorum_percent": ballot.quorum_percent,
        "majority_percent": ballot.majority_percent,
        "quorum_reached": quorum,
        "decision": decision,
        "closed": clock.now() >= ballot.closes_at,
    }
