"""Hand-built petitions with known dates, for indicators whose answers are worked out by
hand in the tests. The petitions are filed through the real intake; their dates, answers,
ratings and reopenings are then set directly, as if months had passed."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from nghedan.petitions.models import Answer, AnswerStatus, Petition, PetitionEvent, Rating
from nghedan.test import World, submit

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=HCM)


def petition(
    world: World,
    *,
    received: date,
    kind: str = "feedback",
    agency=None,
    topic: str = "moi-truong",
    acceptance_due: date | None = None,
    accepted: date | None = None,
    resolution_due: date | None = None,
    answered: date | None = None,
    answered_by=None,
    status: str | None = None,
    closed: date | None = None,
    stars: int | None = None,
    rated: date | None = None,
    reopened: bool = False,
    signatories: int = 1,
) -> Petition:
    agency = agency or world.agency_a
    p = submit(world, kind=kind, topic=topic, area=agency.area).petition
    if p.agency_id != agency.pk:
        Petition.objects.filter(pk=p.pk).update(agency=agency)
    if status is None:
        status = "answered" if answered else ("accepted" if accepted else "received")
    Petition.objects.filter(pk=p.pk).update(
        received_at=at(received),
        acceptance_due=acceptance_due,
        accepted_at=at(accepted) if accepted else None,
        resolution_due=resolution_due,
        answered_at=at(answered, 15) if answered else None,
        closed_at=at(closed) if closed else None,
        status=status,
        signatories=signatories,
    )
    if answered:
        answer = Answer.objects.create(
            petition=p,
            body="Đã xử lý.",
            author=answered_by or world.officer_a,
            status=AnswerStatus.PUBLISHED,
            created_at=at(answered),
            published_at=at(answered, 15),
        )
        if stars:
            Rating.objects.create(
                petition=p, answer=answer, stars=stars, created_at=at(rated or answered, 20)
            )
    if reopened:
        PetitionEvent.objects.create(
            petition=p, at=at(answered, 21), action="reopened", from_status="answered"
        )
    p.refresh_from_db()
    return p


def march_2026(world: World) -> dict[str, Petition]:
    """Five petitions at agency A received in March 2026 (worked out in test_cells.py):

    p1 accepted and answered on time (4 working days), rated 5
    p2 accepted late, answered late (14 working days), rated 2, then reopened
    p3 accepted on time, never answered: overdue from 18 March
    p4 a complaint answered on time (15 working days), rated 4, then appealed
    p5 withdrawn before any deadline
    """
    cases = {
        "p1": petition(
            world,
            received=date(2026, 3, 2),
            acceptance_due=date(2026, 3, 5),
            accepted=date(2026, 3, 3),
            resolution_due=date(2026, 3, 10),
            answered=date(2026, 3, 6),
            stars=5,
            rated=date(2026, 3, 9),
        ),
        "p2": petition(
            world,
            received=date(2026, 3, 2),
            acceptance_due=date(2026, 3, 5),
            accepted=date(2026, 3, 9),
            resolution_due=date(2026, 3, 13),
            answered=date(2026, 3, 20),
            stars=2,
            rated=date(2026, 3, 21),
            reopened=True,
            status="reopened",
        ),
        "p3": petition(
            world,
            received=date(2026, 3, 3),
            acceptance_due=date(2026, 3, 6),
            accepted=date(2026, 3, 4),
            resolution_due=date(2026, 3, 17),
            status="in_progress",
        ),
        "p4": petition(
            world,
            kind="complaint",
            received=date(2026, 3, 4),
            acceptance_due=date(2026, 3, 14),
            accepted=date(2026, 3, 5),
            resolution_due=date(2026, 4, 3),
            answered=date(2026, 3, 25),
            answered_by=world.leader_a,
            stars=4,
            rated=date(2026, 3, 26),
            status="appealed",
        ),
        "p5": petition(
            world,
            received=date(2026, 3, 5),
            acceptance_due=date(2026, 3, 8),
            resolution_due=date(2026, 3, 19),
            status="withdrawn",
            closed=date(2026, 3, 6),
        ),
    }
    appeal = petition(
        world,
        kind="complaint",
        agency=world.agency_b,
        received=date(2026, 3, 27),
    )
    Petition.objects.filter(pk=appeal.pk).update(appeal_of=cases["p4"])
    return cases


# The hand-built case is read on 15 April 2026.
NOW = at(date(2026, 4, 15), 12)
