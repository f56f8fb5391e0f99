"""Sweeps over the petitions' due dates, run by the workers every hour (`tasks.py`):
reminders before a due date, escalation after it, closing answers nobody rated (through
the `petition_auto_close` action), and the leaders' daily digest.

Messages name a petition by `notice_title`: never a denunciation's words, nor anyone's
personal data (they go by e-mail, and to leaders and supervisors who may not read them).

Each sweep takes `today` (a local date) so tests freeze the day instead of the clock,
and may run any number of times: every message goes out under a key naming the
petition, the due date and the occasion, and the notifications app sends each key once.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q

from nghedan.accounts.models import Role
from nghedan.accounts.scope import escalation_recipients
from nghedan.deadlines.calendar import WorkCalendar
from nghedan.lib import clock
from nghedan.lib.errors import TransitionNotAllowed
from nghedan.notifications.services import notify
from nghedan.petitions.actions.handling import petition_auto_close
from nghedan.petitions.events import petition_event_record
from nghedan.petitions.lifecycle import (
    ACCEPTANCE,
    RESOLUTION,
    EventAction,
    due_between,
    due_on,
    next_due,
    overdue_on,
)
from nghedan.petitions.models import Petition, PetitionEvent, Status
from nghedan.petitions.public import notice_title

STAGE_TEXT = {ACCEPTANCE: "thụ lý", RESOLUTION: "giải quyết"}


def _today(today: date | None) -> date:
    return today or clock.today()


def _staff_link(code: str) -> str:
    return f"{settings.NGHEDAN_SITE_URL.rstrip('/')}/inbox/{code}/"


def _due_context(petition: Petition, *, stage: str, due: date) -> dict:
    """What a reminder and an escalation say of the petition and its running clock."""
    return {
        "code": petition.code,
        "title": notice_title(petition),
        "agency": petition.agency.name,
        "stage": STAGE_TEXT[stage],
        "due": due,
        "status": Status(petition.status).label,
    }


def _agency_users(agency_ids: Iterable[int], roles: Iterable[str]) -> list:
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
        target = calendar.working_days_after(today, days)
        petitions = Petition.objects.filter(due_on(target)).select_related("agency")
        for petition in petitions.order_by("id"):
            stage, due = next_due(petition)
            if due is None:
                continue  # its clock stopped since the list was read
            sent += notify(
                key=f"reminder:{petition.pk}:{stage}:{due.isoformat()}:{days}",
                template="deadline_reminder",
                context={
                    **_due_context(petition, stage=stage, due=due),
                    "days": days,
                    "link": _staff_link(petition.code),
                },
                petition=petition,
                users=_agency_users([petition.agency_id], [Role.OFFICER, Role.LEADER]),
                email_users=True,
            )
    return sent


def overdue_escalate(*, today: date | None = None) -> int:
    """Escalate each petition past its running due date, once per due date: an internal
    `overdue_escalated` event, then a message to the leaders of its agency and of the
    parent agency and to the supervisors of its area. Returns the petitions escalated."""
    today = _today(today)
    escalated = 0
    for petition_id in (
        Petition.objects.filter(overdue_on(today)).order_by("id").values_list("id", flat=True)
    ):
        with transaction.atomic():
            petition = (
                Petition.objects.select_for_update()
                .select_related("agency", "area")
                .filter(pk=petition_id)
                .first()
            )
            stage, due = next_due(petition) if petition else ("", None)
            if petition is None or due is None or due >= today:
                continue  # changed since the list was read
            already = PetitionEvent.objects.filter(
                petition=petition,
                action=EventAction.OVERDUE_ESCALATED,
                data__stage=stage,
                data__due=due.isoformat(),
            ).exists()
            if already:
                continue
            days_overdue = (today - due).days
            event = petition_event_record(
                petition=petition,
                actor=None,
                action=EventAction.OVERDUE_ESCALATED,
                reason=f"Quá hạn {STAGE_TEXT[stage]} ngày {due:%d/%m/%Y}.",
                data={"stage": stage, "due": due.isoformat(), "days_overdue": days_overdue},
                visible_to_petitioner=False,
            )
            notify(
                key=f"overdue:{event.pk}",
                template="overdue_escalated",
                context={
                    **_due_context(petition, stage=stage, due=due),
                    "days_overdue": days_overdue,
                },
                petition=petition,
                users=escalation_recipients(agency=petition.agency, area=petition.area),
                email_users=True,
            )
            escalated += 1
    return escalated


def answered_petitions_close(*, today: date | None = None) -> int:
    """Close the answered petitions whose answer is older than the rating window
    (NGHEDAN_RATING_WINDOW_DAYS, counted in calendar days after the day of the answer).
    Returns how many closed."""
    today = _today(today)
    cutoff = clock.start_of(today - timedelta(days=settings.NGHEDAN_RATING_WINDOW_DAYS))
    ids = Petition.objects.filter(status=Status.ANSWERED, answered_at__lt=cutoff).order_by("id")
    closed = 0
    for petition in ids.only("pk"):
        try:
            petition_auto_close(petition=petition)
        except TransitionNotAllowed:
            continue  # rated, reopened or withdrawn since the list was read
        closed += 1
    return closed


def leader_digests_send(*, today: date | None = None) -> int:
    """E-mail each leader with an e-mail address the counts of their agency: petitions
    received yesterday, due within the longest reminder period, and overdue. Once per
    leader per day; nothing when all three are zero. Returns the e-mails sent."""
    today = _today(today)
    soon_days = max(settings.NGHEDAN_REMINDER_DAYS, default=3)
    soon_last = WorkCalendar().working_days_after(today, soon_days)
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
                    received_at__gte=clock.start_of(today - timedelta(days=1)),
                    received_at__lt=clock.start_of(today),
                ),
            ),
            due_soon=Count("id", filter=due_between(today, soon_last)),
            overdue=Count("id", filter=overdue_on(today)),
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
    return list(
        get_user_model()
        .objects.filter(role=Role.LEADER, is_active=True, agency__isnull=False)
        .exclude(email="")
        .select_related("agency")
        .order_by("id")
    )
