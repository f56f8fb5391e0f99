"""Sweeps over the petitions' due dates: reminders before a due date, escalation after
it, closing answers nobody rated, and the leaders' daily digest.

Messages name a petition by `notice_title`: never a denunciation's words, nor anyone's
personal data (they go by e-mail, and to leaders and supervisors who may not read them).

Each sweep takes `today` (a local date) so tests freeze the day instead of the clock,
and may run any number of times: every message goes out under a key naming the
petition, the due date and the occasion, and the notifications app sends each key once.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from nghedan.accounts.models import Role
from nghedan.deadlines.calendar import WorkCalendar
from nghedan.lib import clock
from nghedan.notifications.services import notify
from nghedan.petitions.events import petition_event_record
from nghedan.petitions.lifecycle import OPEN_FOR_INTAKE, WORKING
from nghedan.petitions.models import Petition, PetitionEvent, Status
from nghedan.petitions.public import notice_title

ACCEPTANCE, RESOLUTION = "acceptance", "resolution"
STAGE_TEXT = {ACCEPTANCE: "thụ lý", RESOLUTION: "giải quyết"}


def _today(today: date | None) -> date:
    return today or clock.today()


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _staff_link(code: str) -> str:
    return f"{settings.NGHEDAN_SITE_URL.rstrip('/')}/inbox/{code}/"


def next_due(petition: Petition) -> tuple[str, date | None]:
    """The clock that runs now: acceptance while waiting to be accepted, resolution while
    being worked on; (stage, None) when no clock runs."""
    if petition.status in OPEN_FOR_INTAKE:
        return ACCEPTANCE, petition.acceptance_due
    if petition.status in WORKING:
        return RESOLUTION, petition.resolution_due
    return "", None


def _due_on(day: date) -> Q:
    return Q(status__in=OPEN_FOR_INTAKE, acceptance_due=day) | Q(
        status__in=WORKING, resolution_due=day
    )


def _due_before(day: date) -> Q:
    return Q(status__in=OPEN_FOR_INTAKE, acceptance_due__lt=day) | Q(
        status__in=WORKING, resolution_due__lt=day
    )


def _due_between(first: date, last: date) -> Q:
    return Q(status__in=OPEN_FOR_INTAKE, acceptance_due__range=(first, last)) | Q(
        status__in=WORKING, resolution_due__range=(first, last)
    )


def working_days_after(start: date, count: int, *, calendar: WorkCalendar | None = None) -> date:
    """The `count`-th working day after `start` (`start` itself not counted)."""
    calendar = calendar or WorkCalendar()
    day = start
    while count > 0:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            count -= 1
    return day


def _agency_users(agency_ids, roles) -> list:
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(agency_id__in=agency_ids, role__in=roles, is_active=True)
        .order_by("id")
    )


def deadline_reminders_send(*, today: date | None = None) -> int:
    """Remind the officers and leaders of the agency that holds a petition when its
    running clock ends N working days from today (N in NGHEDAN_REMINDER_DAYS): in-app and
    by e-mail, once per petition, due date and N. Returns the deliveries made."""
    today = _today(today)
    calendar = WorkCalendar()
    sent = 0
    for days in settings.NGHEDAN_REMINDER_DAYS:
        target = working_days_after(today, days, calendar=calendar)
        petitions = Petition.objects.filter(_due_on(target)).select_related("agency")
        for petition in petitions.order_by("id"):
            stage, due = next_due(petition)
            sent += notify(
                key=f"reminder:{petition.pk}:{stage}:{due.isoformat()}:{days}",
                template="deadline_reminder",
                context={
                    "code": petition.code,
                    "title": notice_title(petition),
                    "agency": petition.agency.name,
                    "stage": STAGE_TEXT[stage],
                    "due": due,
                    "days": days,
                    "status": Status(petition.status).label,
                    "link": _staff_link(petition.code),
                },
                petition=petition,
                users=_agency_users([petition.agency_id], [Role.OFFICER, Role.LEADER]),
                email_users=True,
            )
    return sent


def escalation_recipients(petition: Petition) -> list:
    """The leaders of the agency and of its parent, and the supervisors whose area is the
    petition's commune or its province."""
    from django.contrib.auth import get_user_model

    agencies = [petition.agency_id]
    if petition.agency.parent_id:
        agencies.append(petition.agency.parent_id)
    areas = [petition.area_id] + ([petition.area.parent_id] if petition.area.parent_id else [])
    return list(
        get_user_model()
        .objects.filter(
            Q(role=Role.LEADER, agency_id__in=agencies)
            | Q(role=Role.SUPERVISOR, supervised_area_id__in=areas),
            is_active=True,
        )
        .order_by("id")
    )


def overdue_escalate(*, today: date | None = None) -> int:
    """Escalate each petition past its running due date, once per due date: an internal
    "overdue_escalated" event, then a message to the leaders of its agency and of the
    parent agency and to the supervisors of its area. Returns the petitions escalated."""
    today = _today(today)
    escalated = 0
    for petition_id in (
        Petition.objects.filter(_due_before(today)).order_by("id").values_list("id", flat=True)
    ):
        with transaction.atomic():
            petition = (
                Petition.objects.select_for_update()
                .select_related("agency", "area")
                .filter(pk=petition_id)
                .first()
            )
            stage, due = next_due(petition) if petition else ("", None)
            if due is None or due >= today:
                continue  # changed since the list was read
            already = PetitionEvent.objects.filter(
                petition=petition,
                action="overdue_escalated",
                data__stage=stage,
                data__due=due.isoformat(),
            ).exists()
            if already:
                continue
            days_overdue = (today - due).days
            event = petition_event_record(
                petition=petition,
                actor=None,
                action="overdue_escalated",
                reason=f"Quá hạn {STAGE_TEXT[stage]} ngày {due:%d/%m/%Y}.",
                data={"stage": stage, "due": due.isoformat(), "days_overdue": days_overdue},
                visible_to_petitioner=False,
            )
            notify(
                key=f"overdue:{event.pk}",
                template="overdue_escalated",
                context={
                    "code": petition.code,
                    "title": notice_title(petition),
                    "agency": petition.agency.name,
                    "stage": STAGE_TEXT[stage],
                    "due": due,
                    "days_overdue": days_overdue,
                    "status": Status(petition.status).label,
                },
                petition=petition,
                users=escalation_recipients(petition),
                email_users=True,
            )
            escalated += 1
    return escalated


def petition_auto_close(*, petition_id: int, now: datetime | None = None) -> bool:
    """Close an answered petition whose rating window ran out without a rating.

    The one write to a petition outside `petitions/actions.py`: no person acts here, so
    there is no action to call, and the rules of the lifecycle (answered → closed, one
    event) are kept by hand: the row is locked, its status checked again under the lock,
    and the change recorded as an event like every other. True when it closed."""
    now = now or clock.now()
    with transaction.atomic():
        petition = Petition.objects.select_for_update().filter(pk=petition_id).first()
        if petition is None or petition.status != Status.ANSWERED:
            return False  # rated, reopened or withdrawn meanwhile
        petition.status = Status.CLOSED
        petition.closed_at = now
        petition.save(update_fields=["status", "closed_at", "updated_at"])
        petition_event_record(
            petition=petition,
            actor=None,
            action="auto_closed",
            from_status=Status.ANSWERED,
            to_status=Status.CLOSED,
            data={"rating_window_days": settings.NGHEDAN_RATING_WINDOW_DAYS},
        )
    return True


def answered_petitions_close(*, today: date | None = None) -> int:
    """Close the answered petitions whose answer is older than the rating window
    (NGHEDAN_RATING_WINDOW_DAYS, counted in calendar days after the day of the answer).
    Returns how many closed."""
    today = _today(today)
    cutoff = _start_of(today - timedelta(days=settings.NGHEDAN_RATING_WINDOW_DAYS))
    ids = Petition.objects.filter(status=Status.ANSWERED, answered_at__lt=cutoff).order_by("id")
    return sum(petition_auto_close(petition_id=pk) for pk in ids.values_list("id", flat=True))


def leader_digests_send(*, today: date | None = None) -> int:
    """E-mail each leader with an e-mail address the counts of their agency: petitions
    received yesterday, due within the longest reminder period, and overdue. Once per
    leader per day; nothing when all three are zero. Returns the e-mails sent."""
    today = _today(today)
    soon_days = max(settings.NGHEDAN_REMINDER_DAYS, default=3)
    soon_last = working_days_after(today, soon_days)
    leaders = _leaders_with_email()
    if not leaders:
        return 0
    counts = (
        Petition.objects.filter(agency_id__in={leader.agency_id for leader in leaders})
        .values("agency_id")
        .annotate(
            new=Count(
                "id",
                filter=Q(
                    received_at__gte=_start_of(today - timedelta(days=1)),
                    received_at__lt=_start_of(today),
                ),
            ),
            due_soon=Count("id", filter=_due_between(today, soon_last)),
            overdue=Count("id", filter=_due_before(today)),
        )
    )
    by_agency = {row["agency_id"]: row for row in counts}
    sent = 0
    for leader in leaders:
        row = by_agency.get(leader.agency_id)
        if not row or not (row["new"] or row["due_soon"] or row["overdue"]):
            continue
        sent += notify(
            key=f"digest:{today.isoformat()}",
            template="leader_digest",
            context={
                "today": today,
                "agency": leader.agency.name,
                "leader": leader.display_name,
                "new": row["new"],
                "due_soon": row["due_soon"],
                "overdue": row["overdue"],
                "soon_days": soon_days,
                "link": f"{settings.NGHEDAN_SITE_URL.rstrip('/')}/inbox/",
            },
            users=[leader],
            in_app=False,
            email_users=True,
        )
    return sent


def _leaders_with_email() -> list:
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(role=Role.LEADER, is_active=True, agency__isnull=False)
        .exclude(email="")
        .select_related("agency")
        .order_by("id")
    )
