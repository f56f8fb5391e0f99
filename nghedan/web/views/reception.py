"""Reception-day pages: the public calendar, scheduling a day, a day with its booking form
and, for the agency's staff, its queue, walk-ins and minutes.

Citizens' names and phone numbers are shown only to staff of the day's agency; the public
sees counts.
"""

from datetime import date

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from nghedan.accounts.models import Role
from nghedan.accounts.scope import in_area_q
from nghedan.areas.models import Area, AreaLevel
from nghedan.lib import clock
from nghedan.lib.errors import ActionError
from nghedan.petitions.models import Kind, Petition
from nghedan.reception import selectors
from nghedan.reception.actions import days as reception
from nghedan.reception.compliance import compliance_for_month
from nghedan.reception.models import Booking, BookingStatus, ReceptionDay
from nghedan.web.forms.reception import BookingForm, ReceiveForm, ReceptionDayForm, WalkInForm
from nghedan.web.views.common import form_error_from

CALENDAR_MAX = 200


@require_GET
def reception_calendar(request):
    province = request.GET.get("province", "")
    province = province if province.isdigit() else ""
    days = list(selectors.days_upcoming(province_code=province)[:CALENDAR_MAX])
    return render(
        request,
        "web/reception_calendar.html",
        {
            "rows": [
                {
                    "day": day,
                    "slots": selectors.day_slot_count(day),
                    "free": selectors.day_free_slots(day),
                }
                for day in days
            ],
            "province": province,
            "provinces": Area.objects.filter(level=AreaLevel.PROVINCE).order_by("code"),
            "can_schedule": _may_schedule(request.user),
        },
    )


def _may_schedule(user) -> bool:
    return user.is_authenticated and (
        user.is_admin_role or (user.role == Role.LEADER and user.agency_id is not None)
    )


@login_required
def reception_day_new(request):
    if not _may_schedule(request.user):
        raise PermissionDenied(_("Trang này dành cho lãnh đạo cơ quan và quản trị."))
    leaders = reception.leaders_schedulable_by(request.user)
    initial = {"leader": request.user} if request.user.role == Role.LEADER else {}
    form = ReceptionDayForm(request.POST or None, leaders=leaders, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            day = reception.reception_day_schedule(
                acting_user=request.user,
                leader=data["leader"],
                date=data["date"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                slot_minutes=data["slot_minutes"],
            )
        except ActionError as error:
            form_error_from(form, error)
        else:
            messages.success(request, _("Đã lên lịch tiếp công dân."))
            return redirect("reception_day", day_id=day.pk)
    return render(request, "web/reception_day_new.html", {"form": form})


def _receive_form(booking: Booking, data=None) -> ReceiveForm:
    return ReceiveForm(data, auto_id=f"id_b{booking.pk}_%s")


def _day_page(request, day: ReceptionDay, *, forms: dict | None = None, status: int = 200):
    """The day's page; `forms` replaces the blank forms with ones bound to a refused post."""
    forms = forms or {}
    user = request.user
    staff = reception.is_day_staff(user, day)
    is_citizen = user.is_authenticated and user.role == Role.CITIZEN
    my_bookings = (
        list(day.bookings.filter(citizen=user).order_by("queue_number")) if is_citizen else []
    )
    # One waiting turn per person and day: once booked, the page shows the turn, not the form.
    waiting = any(booking.status == BookingStatus.WAITING for booking in my_bookings)
    context = {
        "day": day,
        "slots": selectors.day_slot_count(day),
        "free": selectors.day_free_slots(day),
        "is_open": day.status in reception.OPEN_DAYS and day.date >= clock.today(),
        "is_citizen": is_citizen,
        "is_staff": staff,
        "my_bookings": my_bookings,
        "booking_form": forms.get("booking")
        or (BookingForm() if is_citizen and not waiting else None),
    }
    if staff:
        receive_forms = forms.get("receive", {})
        may_receive = reception.may_receive(user, day)
        context |= {
            "walk_in_form": forms.get("walk_in") or WalkInForm(),
            "may_receive": may_receive,
            "queue": [
                {
                    "booking": booking,
                    "form": (
                        receive_forms.get(booking.pk) or _receive_form(booking)
                        if may_receive and booking.status == BookingStatus.WAITING
                        else None
                    ),
                }
                for booking in selectors.day_queue(day)
            ],
        }
    return render(request, "web/reception_day.html", context, status=status)


def _day_or_404(day_id: int) -> ReceptionDay:
    return get_object_or_404(
        ReceptionDay.objects.select_related("leader", "agency", "agency__area"), pk=day_id
    )


@require_GET
def reception_day(request, day_id: int):
    return _day_page(request, _day_or_404(day_id))


def _register_turn(request, day, form, *, register, done: str, form_key: str):
    """Shared shape of booking a turn and registering a walk-in: the form's fields are the
    action's arguments; a refusal stays on the form with everything typed."""
    if form.is_valid():
        try:
            booking = register(**form.cleaned_data)
        except ActionError as error:
            form_error_from(form, error)
        else:
            messages.success(request, done % {"number": booking.queue_number})
            return redirect("reception_day", day_id=day.pk)
    return _day_page(request, day, forms={form_key: form})


@login_required
@require_POST
def reception_book(request, day_id: int):
    day = _day_or_404(day_id)
    if request.user.role != Role.CITIZEN:
        raise PermissionDenied(_("Chỉ người dân đăng nhập mới đặt được lịch tiếp."))
    return _register_turn(
        request,
        day,
        BookingForm(request.POST),
        register=lambda **data: reception.booking_make(acting_user=request.user, day=day, **data),
        done=_("Đã đặt lịch tiếp. Số thứ tự của bạn: %(number)s."),
        form_key="booking",
    )


@login_required
@require_POST
def reception_walk_in(request, day_id: int):
    day = _day_or_404(day_id)
    if not reception.is_day_staff(request.user, day):
        raise PermissionDenied(_("Chỉ cán bộ của cơ quan tổ chức ngày tiếp mới đăng ký được."))
    return _register_turn(
        request,
        day,
        WalkInForm(request.POST),
        register=lambda **data: reception.booking_walk_in(
            acting_user=request.user, day=day, **data
        ),
        done=_("Đã đăng ký người đến trực tiếp, số thứ tự %(number)s."),
        form_key="walk_in",
    )


@login_required
@require_POST
def reception_receive(request, booking_id: int):
    booking = get_object_or_404(
        Booking.objects.select_related("day", "day__leader", "day__agency", "day__agency__area"),
        pk=booking_id,
    )
    day = booking.day
    if not reception.may_receive(request.user, day):
        raise PermissionDenied(_("Chỉ lãnh đạo tiếp hoặc cán bộ của cơ quan mới ghi được."))
    form = _receive_form(booking, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["outcome"] == "absent":
                reception.booking_mark_absent(acting_user=request.user, booking=booking)
                done = _("Đã ghi nhận công dân không đến.")
            else:
                link = None
                if data["outcome"] == "link":
                    code = data["petition_code"].strip().upper()
                    link = Petition.objects.filter(code__iexact=code).first()
                    if link is None:
                        raise ActionError(
                            "petition_not_found",
                            _("Không tìm thấy đơn có mã này."),
                            field="petition_code",
                        )
                booking = reception.booking_receive(
                    acting_user=request.user,
                    booking=booking,
                    minutes=data["minutes"],
                    link_petition=link,
                    create_petition=data["outcome"] == "create",
                    kind=data["kind"] or Kind.FEEDBACK,
                )
                done = (
                    _("Đã ghi biên bản; đơn %(code)s.") % {"code": booking.petition.code}
                    if booking.petition
                    else _("Đã ghi biên bản tiếp.")
                )
        except ActionError as error:
            form_error_from(form, error)
        else:
            messages.success(request, done)
            return redirect("reception_day", day_id=day.pk)
    return _day_page(request, day, forms={"receive": {booking.pk: form}})


# --- reception_compliance -----------------------------------------------------------------
# Compliance with the legal minimum of reception days.


@login_required
def reception_compliance(request):
    """Per leader: reception days held against the legal minimum for the month, citizens
    received, matters resolved, commitments kept. Leaders see their agency, supervisors
    their area, administrators everyone."""
    user = request.user
    leaders = get_user_model().objects.filter(role=Role.LEADER, is_active=True)
    if user.is_admin_role:
        pass
    elif user.role == Role.LEADER and user.agency_id:
        leaders = leaders.filter(agency_id=user.agency_id)
    elif user.role == Role.SUPERVISOR and user.supervised_area_id:
        leaders = leaders.filter(in_area_q(user.supervised_area, field="agency__area"))
    else:
        raise PermissionDenied(_("Trang này dành cho lãnh đạo, người giám sát và quản trị."))
    month = _month_of(request.GET.get("month", ""))
    return render(
        request,
        "web/reception_compliance.html",
        {"rows": compliance_for_month(month=month, leaders=leaders), "month": month},
    )


def _month_of(value: str) -> date:
    try:
        year, month = value.split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        return clock.today().replace(day=1)
