"""Background work on commitments: telling the people a commitment was made to how it
ended, reminding its owner before the due date, escalating it after.

The sweeps take `today` (a local date) so tests freeze the day instead of the clock, and
may run any number of times: every message goes out under a key naming the commitment
and the occasion, and the notifications app sends each key once."""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction

from nghedan.accounts.scope import escalation_recipients
from nghedan.jobs.registry import periodic, task
from nghedan.lib import clock
from nghedan.notifications.services import Contact, notify
from nghedan.reception.events import reception_event_record
from nghedan.reception.models import Commitment, CommitmentStatus, ReceptionEvent

RESOLVED_TASK = "reception.commitment_resolved"
REMINDER_DAYS = (3, 1)
HOUR = 3600


def commitment_link(commitment_id: int) -> str:
    return f"{settings.NGHEDAN_SITE_URL.rstrip('/')}/commitments/{commitment_id}/"


def _context(commitment: Commitment) -> dict:
    return {
        "id": commitment.pk,
        "text": commitment.text,
        "agency": commitment.agency.name,
        "owner": commitment.owner.display_name,
        "due": commitment.due_date,
        "link": commitment_link(commitment.pk),
    }


@task(RESOLVED_TASK)
def commitment_resolved_notify(*, commitment_id: int, event_id: int) -> None:
    """Tell the people it was made to (in-app and by e-mail), and the petitioner's
    contacts where the commitment was made on a petition whose petitioner asked to be
    told, that the commitment was kept or broken."""
    commitment = (
        Commitment.objects.select_related("agency", "owner", "petition")
        .filter(pk=commitment_id)
        .first()
    )
    if commitment is None or commitment.status == CommitmentStatus.OPEN:
        return
    kept = commitment.status == CommitmentStatus.KEPT
    contacts = []
    petition = commitment.petition
    if petition is not None and petition.notify_updates:
        contacts.append(
            Contact(
                label="petitioner",
                email=petition.petitioner_email,
                phone=petition.petitioner_phone,
            )
        )
    link = commitment_link(commitment.pk)
    notify(
        key=f"commitment-resolved:{event_id}",
        template="commitment_resolved",
        context={**_context(commitment), "kept": kept, "note": commitment.outcome_note},
        petition=petition,
        users=list(commitment.people.filter(is_active=True).order_by("id")),
        email_users=True,
        contacts=contacts,
        # No personal data in the short text: gateways may log it.
        sms_text=(
            f"Nghe Dân: cam kết #{commitment.pk} "
            f"{'đã được thực hiện' if kept else 'không thực hiện được'}. Ý kiến: {link}"
        ),
    )


def commitment_reminders_send(*, today: date | None = None) -> int:
    """Remind the owner of each open commitment 3 days and 1 day before its due date,
    once per commitment, due date and occasion. Returns the deliveries made."""
    today = today or clock.today()
    sent = 0
    for days in REMINDER_DAYS:
        due = today + timedelta(days=days)
        commitments = Commitment.objects.filter(
            status=CommitmentStatus.OPEN, due_date=due
        ).select_related("agency", "owner")
        for commitment in commitments.order_by("id"):
            sent += notify(
                key=f"commitment-due:{commitment.pk}:{due.isoformat()}:{days}",
                template="commitment_due",
                context={**_context(commitment), "days": days},
                users=[commitment.owner] if commitment.owner.is_active else [],
                email_users=True,
            )
    return sent


def commitment_overdue_escalate(*, today: date | None = None) -> int:
    """Escalate each open commitment past its due date, once: mark it escalated, record
    an "escalated" event, tell the leaders of its agency and of the parent agency and the
    supervisors of its area. Returns the commitments escalated."""
    today = today or clock.today()
    escalated = 0
    ids = Commitment.objects.filter(
        status=CommitmentStatus.OPEN, due_date__lt=today, escalated_at__isnull=True
    ).order_by("id")
    for commitment_id in ids.values_list("id", flat=True):
        with transaction.atomic():
            commitment = (
                Commitment.objects.select_for_update()
                .select_related("agency", "agency__area", "owner")
                .filter(pk=commitment_id)
                .first()
            )
            if (
                commitment is None
                or commitment.status != CommitmentStatus.OPEN
                or commitment.escalated_at is not None
                or commitment.due_date >= today
            ):
                continue  # changed since the list was read
            # No person acts here: the sweep marks the row itself, under the lock, and
            # records the change as an event like every other.
            commitment.escalated_at = clock.now()
            commitment.save(update_fields=["escalated_at"])
            days_overdue = (today - commitment.due_date).days
            event: ReceptionEvent = reception_event_record(
                actor=None,
                action="escalated",
                commitment=commitment,
                data={"due": commitment.due_date.isoformat(), "days_overdue": days_overdue},
            )
            notify(
                key=f"commitment-overdue:{event.pk}",
                template="commitment_overdue",
                context={**_context(commitment), "days_overdue": days_overdue},
                users=escalation_recipients(agency=commitment.agency, area=commitment.agency.area),
                email_users=True,
            )
            escalated += 1
    return escalated


@periodic("reception.commitment_reminders", every_seconds=HOUR)
def commitment_reminders() -> None:
    commitment_reminders_send()


@periodic("reception.commitment_escalation", every_seconds=HOUR)
def commitment_escalation() -> None:
    commitment_overdue_escalate()
