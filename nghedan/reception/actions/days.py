"""Reception days (tiếp công dân định kỳ): scheduling a leader's day, booking a turn or
registering someone at the desk, and receiving them.

Every function runs in one transaction, checks who acts, and records one reception event
(mirrored in the audit log). Each matter received becomes a petition (channel: reception)
or is linked to one that exists.
"""

import re
from datetime import date, time, timedelta
from typing import TYPE_CHECKING, TypeGuard

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils.translation import gettext_lazy as _

from nghedan.accounts.discipline import require_fit_for_citizen_duty
from nghedan.accounts.models import Role, User
from nghedan.lib import clock
from nghedan.lib.errors import ActionError, TransitionNotAllowed, not_permitted
from nghedan.lib.text import clean, interpolate_lazy
from nghedan.reception.events import reception_event_record
from nghedan.reception.models import (
    Booking,
    BookingKind,
    BookingStatus,
    DayStatus,
    ReceptionDay,
)
from nghedan.reception.selectors import ACTIVE_BOOKINGS, OPEN_DAYS, day_slot_count

if TYPE_CHECKING:
    from nghedan.alerts.models import Alert
    from nghedan.petitions.models import Petition

MATTER_MIN = 10
MINUTES_MIN = 10
REASON_MIN = 5
PLACE_MAX = 300
SLOT_MIN, SLOT_MAX = 5, 240
# A group on one matter names its representatives (Law on Citizen Reception 2013, Art. 30).
GROUP_MIN = 5
GROUP_MAX = 10_000
# The same person on the same matter: an earlier booking this recent, this similar.
RETURN_WINDOW = timedelta(days=365)
RETURN_SIMILARITY = 0.3
RETURN_CANDIDATES_MAX = 5000
TITLE_WORDS = 12
# Turns that hold a slot.


# --- who may act -------------------------------------------------------------------------


def _signed_in(user: User | AnonymousUser | None) -> TypeGuard[User]:
    return bool(getattr(user, "is_authenticated", False))


def may_schedule_for(user: User | AnonymousUser | None, leader: User) -> bool:
    """The leader themself, another leader of the same agency, or an administrator."""
    if not _signed_in(user):
        return False
    if user.is_admin_role:
        return True
    return (
        user.role == Role.LEADER
        and user.agency_id is not None
        and (user.pk == leader.pk or user.agency_id == leader.agency_id)
    )


def is_day_staff(user: User | AnonymousUser | None, day: ReceptionDay) -> TypeGuard[User]:
    """Officers and leaders of the day's agency: they see the queue and register walk-ins."""
    return _signed_in(user) and user.is_agency_staff and user.agency_id == day.agency_id


def may_receive(user: User | AnonymousUser | None, day: ReceptionDay) -> bool:
    """The day's leader, or an officer of the agency."""
    return is_day_staff(user, day) and (user.role == Role.OFFICER or user.pk == day.leader_id)


# --- days --------------------------------------------------------------------------------


def reception_day_schedule(
    *,
    acting_user: User | None,
    leader: User,
    date: date,
    starts_at: time,
    ends_at: time,
    place: str,
    slot_minutes: int = 20,
) -> ReceptionDay:
    if not may_schedule_for(acting_user, leader):
        raise not_permitted()
    if leader.role != Role.LEADER or leader.agency_id is None or not leader.is_active:
        raise ActionError(
            "bad_leader", _("Người tiếp phải là lãnh đạo của một cơ quan."), field="leader"
        )
    place = clean(place)
    if not place:
        raise ActionError("place_required", _("Vui lòng nhập địa điểm tiếp."), field="place")
    if len(place) > PLACE_MAX:
        raise ActionError(
            "place_too_long",
            interpolate_lazy(_("Địa điểm tối đa %(max)s ký tự."), {"max": PLACE_MAX}),
            field="place",
        )
    if date < clock.today():
        raise ActionError(
            "past_date", _("Không thể lên lịch tiếp cho ngày đã qua."), field="date"
        )
    if ends_at <= starts_at:
        raise ActionError("bad_hours", _("Giờ kết thúc phải sau giờ bắt đầu."), field="ends_at")
    if not SLOT_MIN <= slot_minutes <= SLOT_MAX:
        raise ActionError(
            "bad_slot",
            interpolate_lazy(
                _("Mỗi lượt tiếp từ %(min)s đến %(max)s phút."),
                {"min": SLOT_MIN, "max": SLOT_MAX},
            ),
            field="slot_minutes",
        )
    day = ReceptionDay(
        leader=leader,
        agency_id=leader.agency_id,
        date=date,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        slot_minutes=slot_minutes,
    )
    if day_slot_count(day) < 1:
        raise ActionError(
            "too_short",
            _("Thời gian tiếp quá ngắn so với thời lượng mỗi lượt."),
            field="ends_at",
        )
    # The roster rule: nobody under discipline in force is put on a reception rota.
    require_fit_for_citizen_duty(user=leader, on=date, duty="reception")
    day_taken = ActionError(
        "day_exists",
        _("Lãnh đạo này đã có lịch tiếp công dân vào ngày đã chọn."),
        field="date",
    )
    with transaction.atomic():
        if ReceptionDay.objects.filter(leader=leader, date=date).exists():
            raise day_taken
        try:
            with transaction.atomic():
                day.save()
        except IntegrityError as exc:  # a concurrent request scheduled the same day
            raise day_taken from exc
        reception_event_record(
            actor=acting_user,
            action="day_scheduled",
            day=day,
            data={
                "date": day.date.isoformat(),
                "starts_at": day.starts_at.strftime("%H:%M"),
                "ends_at": day.ends_at.strftime("%H:%M"),
                "leader": leader.pk,
            },
        )
    return day


def reception_day_cancel(
    *, acting_user: User | None, day: ReceptionDay, reason: str
) -> ReceptionDay:
    """Cancel a day that has not been held; the turns waiting on it are cancelled with it."""
    if not may_schedule_for(acting_user, day.leader):
        raise not_permitted()
    reason = clean(reason)
    if len(reason) < REASON_MIN:
        raise ActionError("reason_required", _("Vui lòng nêu lý do huỷ lịch tiếp."), field="reason")
    with transaction.atomic():
        day = ReceptionDay.objects.select_for_update().get(pk=day.pk)
        if day.status != DayStatus.SCHEDULED:
            raise TransitionNotAllowed(
                "not_scheduled", _("Chỉ huỷ được lịch tiếp chưa diễn ra."), field="reason"
            )
        cancelled = day.bookings.filter(status=BookingStatus.WAITING).update(
            status=BookingStatus.CANCELLED
        )
        day.status = DayStatus.CANCELLED
        day.note = reason
        day.save(update_fields=["status", "note"])
        reception_event_record(
            actor=acting_user,
            action="day_cancelled",
            day=day,
            data={"reason": reason, "bookings_cancelled": cancelled},
        )
    return day


# --- bookings ----------------------------------------------------------------------------


def _phone_key(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("84") and len(digits) > 9:
        digits = "0" + digits[2:]
    return digits


def _returning_of(*, citizen: User | None, phone: str, matter: str) -> Booking | None:
    """The latest earlier booking (any day, within a year) of the same account or the same
    phone number on the same matter."""
    from nghedan.language.duplicates import signature, similarity

    mine = signature(matter)
    if mine is None:
        return None
    phone = _phone_key(phone)
    since = clock.now() - RETURN_WINDOW
    candidates = Booking.objects.filter(created_at__gte=since).exclude(
        status=BookingStatus.CANCELLED
    )
    if not phone:
        if citizen is None:
            return None
        candidates = candidates.filter(citizen=citizen)
    # Phone numbers are encrypted and compared here, not in the database.
    for earlier in candidates.order_by("-created_at")[:RETURN_CANDIDATES_MAX]:
        same_person = (citizen is not None and earlier.citizen_id == citizen.pk) or (
            phone and _phone_key(earlier.phone) == phone
        )
        if not same_person:
            continue
        theirs = signature(earlier.matter)
        if theirs is not None and similarity(mine, theirs) >= RETURN_SIMILARITY:
            return earlier
    return None


def _active_alert(day: ReceptionDay) -> "Alert | None":
    """The open alert of the agency's area, most severe first (a group coming to the desk
    is most likely part of it)."""
    from nghedan.alerts.selectors import alerts_active, in_place_q

    return (
        alerts_active()
        .filter(in_place_q(day.agency.area_id))
        .order_by("-severity", "-updated_at")
        .first()
    )


def _check_turn(*, matter: str, name: str, group_size: int, representatives: str) -> None:
    if not name:
        raise ActionError("name_required", _("Vui lòng nhập họ và tên."), field="name")
    if len(matter) < MATTER_MIN:
        raise ActionError(
            "matter_too_short",
            interpolate_lazy(
                _("Nội dung muốn trình bày cần ít nhất %(min)s ký tự."), {"min": MATTER_MIN}
            ),
            field="matter",
        )
    if not 1 <= group_size <= GROUP_MAX:
        raise ActionError("bad_group_size", _("Số người phải từ 1 trở lên."), field="group_size")
    if group_size >= GROUP_MIN and not representatives:
        raise ActionError(
            "representatives_required",
            interpolate_lazy(
                _(
                    "Đoàn từ %(min)s người trở lên cần cử người đại diện để trình bày "
                    "(Điều 30 Luật Tiếp công dân 2013)."
                ),
                {"min": GROUP_MIN},
            ),
            field="representatives",
        )


def _open_day_locked(day: ReceptionDay) -> ReceptionDay:
    day = (
        ReceptionDay.objects.select_for_update(of=("self",)).select_related("agency").get(pk=day.pk)
    )
    if day.status not in OPEN_DAYS or day.date < clock.today():
        raise TransitionNotAllowed("day_closed", _("Ngày tiếp này không còn nhận đăng ký."))
    return day


def _add_turn(
    *,
    acting_user: User | None,
    day: ReceptionDay,
    kind: str,
    citizen: User | None,
    name: str,
    phone: str,
    matter: str,
    group_size: int,
    representatives: str,
) -> Booking:
    next_number = (day.bookings.aggregate(top=Max("queue_number"))["top"] or 0) + 1
    booking = Booking.objects.create(
        day=day,
        kind=kind,
        queue_number=next_number,
        citizen=citizen,
        name=name,
        phone=phone,
        matter=matter,
        group_size=group_size,
        representatives=representatives if group_size > 1 else "",
        alert=_active_alert(day) if group_size >= GROUP_MIN else None,
        returning_of=_returning_of(citizen=citizen, phone=phone, matter=matter),
    )
    reception_event_record(
        actor=acting_user,
        action="booked" if kind == BookingKind.BOOKED else "walked_in",
        day=day,
        booking=booking,
        data={
            "queue_number": booking.queue_number,
            "group_size": group_size,
            "returning_of": booking.returning_of_id,
            "alert": booking.alert_id,
        },
    )
    return booking


def booking_make(
    *,
    acting_user: User | AnonymousUser | None,
    day: ReceptionDay,
    matter: str,
    name: str = "",
    phone: str = "",
    group_size: int = 1,
    representatives: str = "",
) -> Booking:
    """A signed-in citizen books the next turn of a day."""
    if not _signed_in(acting_user) or acting_user.role != Role.CITIZEN:
        raise not_permitted()
    matter, representatives = clean(matter), clean(representatives)
    name = clean(name) or acting_user.full_name or acting_user.username
    phone = clean(phone) or acting_user.phone
    _check_turn(matter=matter, name=name, group_size=group_size, representatives=representatives)
    with transaction.atomic():
        # The day's row lock serialises queue numbers and the count of free slots.
        day = _open_day_locked(day)
        active = day.bookings.filter(status__in=ACTIVE_BOOKINGS)
        if active.filter(citizen=acting_user, status=BookingStatus.WAITING).exists():
            raise ActionError(
                "already_booked", _("Bạn đã đặt một lượt trong ngày tiếp này."), field="matter"
            )
        if active.count() >= day_slot_count(day):
            raise ActionError(
                "day_full",
                _("Ngày tiếp này đã hết lượt. Vui lòng chọn ngày khác."),
            )
        return _add_turn(
            acting_user=acting_user,
            day=day,
            kind=BookingKind.BOOKED,
            citizen=acting_user,
            name=name,
            phone=phone,
            matter=matter,
            group_size=group_size,
            representatives=representatives,
        )


def booking_walk_in(
    *,
    acting_user: User | None,
    day: ReceptionDay,
    name: str,
    phone: str = "",
    matter: str,
    group_size: int = 1,
    representatives: str = "",
) -> Booking:
    """Staff of the agency register someone who came to the desk; the queue takes them
    even when every slot was booked."""
    if not is_day_staff(acting_user, day):
        raise not_permitted()
    name, phone = clean(name), clean(phone)
    matter, representatives = clean(matter), clean(representatives)
    _check_turn(matter=matter, name=name, group_size=group_size, representatives=representatives)
    with transaction.atomic():
        day = _open_day_locked(day)
        return _add_turn(
            acting_user=acting_user,
            day=day,
            kind=BookingKind.WALK_IN,
            citizen=None,
            name=name,
            phone=phone,
            matter=matter,
            group_size=group_size,
            representatives=representatives,
        )


def _title_of(matter: str) -> str:
    words = matter.split()
    title = " ".join(words[:TITLE_WORDS])
    return title + ("…" if len(words) > TITLE_WORDS else "")


def _waiting_locked(booking: Booking) -> Booking:
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("day", "day__agency")
        .get(pk=booking.pk)
    )
    if booking.status != BookingStatus.WAITING or booking.day.status == DayStatus.CANCELLED:
        raise TransitionNotAllowed(
            "not_waiting", _("Lượt tiếp này không còn ở trạng thái đang chờ.")
        )
    return booking


def booking_receive(
    *,
    acting_user: User | None,
    booking: Booking,
    minutes: str,
    link_petition: "Petition | None" = None,
    create_petition: bool = True,
    kind: str = "feedback",
) -> Booking:
    """Record the minutes of a turn; its matter becomes a petition (channel: reception),
    or is linked to one that exists."""
    from nghedan.language.intake import petition_file
    from nghedan.petitions.actions import PetitionerInfo
    from nghedan.petitions.models import Channel, Kind

    if not may_receive(acting_user, booking.day):
        raise not_permitted()
    minutes = clean(minutes)
    if len(minutes) < MINUTES_MIN:
        raise ActionError(
            "minutes_too_short",
            interpolate_lazy(_("Biên bản tiếp cần ít nhất %(min)s ký tự."), {"min": MINUTES_MIN}),
            field="minutes",
        )
    if kind not in Kind.values:
        raise ActionError("bad_kind", _("Loại đơn không hợp lệ."), field="kind")
    if link_petition is not None and link_petition.agency_id != booking.day.agency_id:
        raise ActionError(
            "petition_elsewhere",
            _("Chỉ liên kết được với đơn do cơ quan mình xử lý."),
            field="petition_code",
        )
    with transaction.atomic():
        booking = _waiting_locked(booking)
        day = booking.day
        if day.date > clock.today():
            raise TransitionNotAllowed(
                "not_yet", _("Chưa đến ngày tiếp, chưa thể ghi biên bản."), field="minutes"
            )
        petition = link_petition
        if petition is None and create_petition:
            petition = petition_file(
                acting_user=acting_user,
                channel=Channel.RECEPTION,
                kind=kind,
                topic=None,
                area=day.agency.area,
                title=_title_of(booking.matter),
                # Stored text, in Vietnamese whatever language the officer reads the site in.
                body=f"{booking.matter}\n\nBiên bản tiếp công dân: {minutes}",
                signatories=booking.group_size,
                petitioner=PetitionerInfo(name=booking.name, phone=booking.phone),
            ).petition
        booking.status = BookingStatus.RECEIVED
        booking.minutes = minutes
        booking.petition = petition
        booking.received_at = clock.now()
        booking.received_by = acting_user
        booking.save(update_fields=["status", "minutes", "petition", "received_at", "received_by"])
        day_held = day.status == DayStatus.SCHEDULED
        if day_held:
            ReceptionDay.objects.filter(pk=day.pk).update(status=DayStatus.HELD)
            day.status = DayStatus.HELD
        reception_event_record(
            actor=acting_user,
            action="received",
            day=day,
            booking=booking,
            data={
                "petition": petition.code if petition else None,
                "linked": link_petition is not None,
                "day_held": day_held,
            },
        )
    return booking


def booking_mark_absent(*, acting_user: User | None, booking: Booking) -> Booking:
    if not may_receive(acting_user, booking.day):
        raise not_permitted()
    with transaction.atomic():
        booking = _waiting_locked(booking)
        if booking.day.date > clock.today():
            raise TransitionNotAllowed("not_yet", _("Chưa đến ngày tiếp."))
        booking.status = BookingStatus.ABSENT
        booking.save(update_fields=["status"])
        reception_event_record(actor=acting_user, action="absent", day=booking.day, booking=booking)
    return booking


# --- reads these pages need --------------------------------------------------------------


def leaders_schedulable_by(user: User | AnonymousUser | None) -> QuerySet:
    from django.contrib.auth import get_user_model

    leaders = get_user_model().objects.filter(
        role=Role.LEADER, is_active=True, agency__isnull=False
    )
    if not _signed_in(user):
        return leaders.none()
    if user.is_admin_role:
        return leaders.select_related("agency").order_by("agency__name", "full_name")
    if user.role == Role.LEADER and user.agency_id:
        return leaders.filter(agency_id=user.agency_id).order_by("full_name")
    return leaders.none()
