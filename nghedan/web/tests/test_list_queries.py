"""List pages cost a fixed number of queries, however many rows they show.

Each test fills the list with 5 rows, then with 30, and pins the same bound on both: a
template that reaches for a relation the selector did not load (an N+1) fails at 30.
The bounds count the session and the user as well as the page's own reads.
"""

import pytest
from django.urls import reverse

from nghedan.lib import clock
from nghedan.test import sign_in, submit
from nghedan.web.tests.scenes import pending_answer, published

ROWS = [5, 30]


@pytest.mark.parametrize("count", ROWS)
@pytest.mark.parametrize(
    ("persona", "bound"),
    [
        ("officer_a", 5),
        ("leader_a", 6),
        ("supervisor", 5),
        # One more for the administrator: the authenticator that verified the session.
        ("admin", 5),
    ],
)
def test_the_inbox_costs_the_same_queries_for_5_or_30_petitions(
    client, world, django_assert_max_num_queries, count, persona, bound
):
    # Given `count` open petitions for agency A, in the supervisor's province
    for _ in range(count):
        submit(world, user=world.citizen)
    sign_in(client, getattr(world, persona))

    # When the inbox is opened, then it costs no more than its bound
    with django_assert_max_num_queries(bound):
        response = client.get(reverse("inbox"))

    # And every petition is on it (30 fit on a page)
    assert response.status_code == 200
    assert len(response.context["page"]) == count


@pytest.mark.parametrize("count", ROWS)
def test_the_public_list_costs_the_same_queries_for_5_or_30_answers(
    client, world, django_assert_max_num_queries, count
):
    for _ in range(count):
        published(world)

    with django_assert_max_num_queries(5):
        response = client.get(reverse("public_list"))

    assert response.status_code == 200
    assert len(response.context["page"]) == min(count, 20)  # 20 to a page


@pytest.mark.parametrize("count", ROWS)
def test_my_petitions_costs_the_same_queries_for_5_or_30_petitions(
    client, world, django_assert_max_num_queries, count
):
    for _ in range(count):
        submit(world, user=world.citizen)
    client.force_login(world.citizen)

    with django_assert_max_num_queries(3):
        response = client.get(reverse("my_petitions"))

    assert response.status_code == 200
    assert len(response.context["petitions"]) == count


@pytest.mark.parametrize("count", ROWS)
def test_the_approvals_cost_the_same_queries_for_5_or_30_drafts(
    client, world, django_assert_max_num_queries, count
):
    for _ in range(count):
        pending_answer(world, files=[])
    client.force_login(world.leader_a)

    with django_assert_max_num_queries(3):
        response = client.get(reverse("approvals"))

    assert response.status_code == 200
    assert len(response.context["answers"]) == count


def _mass_alert(world, index: int) -> None:
    from nghedan.alerts.actions import alert_record
    from nghedan.alerts.detectors import Finding

    petition = submit(world, user=world.citizen).petition
    alert_record(
        finding=Finding(
            kind="mass",
            key=f"mass:petition:{petition.pk}",
            area_id=world.ba_dinh.pk,
            topic_id=petition.topic_id,
            title=f"Đơn {index} người ký",
            numbers={"people": 40},
            severity=1.0,
            petition_ids={petition.pk},
        )
    )


@pytest.mark.parametrize("count", ROWS)
def test_the_alerts_page_costs_the_same_queries_for_5_or_30_alerts(
    client, world, django_assert_max_num_queries, count
):
    for index in range(count):
        _mass_alert(world, index)
    client.force_login(world.supervisor)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("alerts"))

    assert response.status_code == 200
    assert len(response.context["page"]) == count


@pytest.mark.parametrize("count", ROWS)
def test_the_commitments_list_costs_the_same_queries_for_5_or_30_commitments(
    client, world, django_assert_max_num_queries, count
):
    from datetime import timedelta

    from nghedan.reception.actions.commitments import commitment_make

    for index in range(count):
        commitment_make(
            acting_user=world.leader_a,
            text=f"Sửa đèn đường ngõ {index} phố Đội Cấn",
            due_date=clock.today() + timedelta(days=7),
            petition=submit(world, user=world.citizen).petition,
        )
    client.force_login(world.leader_a)

    with django_assert_max_num_queries(6):
        response = client.get(reverse("commitments"))

    assert response.status_code == 200
    assert response.content.decode().count("Sửa đèn đường ngõ") == count


@pytest.mark.parametrize("count", ROWS)
def test_the_reception_calendar_costs_the_same_queries_for_5_or_30_days(
    client, world, django_assert_max_num_queries, count
):
    from datetime import time, timedelta

    from nghedan.reception.models import ReceptionDay

    for index in range(count):
        ReceptionDay.objects.create(
            leader=world.leader_a,
            agency=world.agency_a,
            date=clock.today() + timedelta(days=index + 1),
            starts_at=time(8),
            ends_at=time(11),
            place="Phòng tiếp công dân",
        )

    with django_assert_max_num_queries(4):
        response = client.get(reverse("reception_calendar"))

    assert response.status_code == 200
    assert response.content.decode().count("Phòng tiếp công dân") == count
