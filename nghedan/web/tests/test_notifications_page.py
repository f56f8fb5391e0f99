"""People read their in-app notifications and mark them read; nobody sees another's."""

from nghedan.jobs.runner import run_pending
from nghedan.notifications.models import Notification
from nghedan.petitions.actions import petition_accept
from nghedan.test import submit


def test_a_citizen_reads_the_update_on_their_petition_and_marks_it_read(client, world):
    petition = submit(world, user=world.citizen, notify_updates=True).petition
    petition_accept(acting_user=world.officer_a, petition=petition)
    run_pending()
    client.force_login(world.citizen)

    page = client.get("/notifications/").content.decode()

    assert petition.code in page and "Chưa đọc" in page
    assert client.post("/notifications/").status_code == 302
    assert not Notification.objects.filter(recipient=world.citizen, read_at__isnull=True).exists()


def test_another_citizen_does_not_see_those_notifications(client, world):
    petition = submit(world, user=world.citizen, notify_updates=True).petition
    petition_accept(acting_user=world.officer_a, petition=petition)
    run_pending()
    client.force_login(world.other_citizen)

    client.post("/notifications/")
    page = client.get("/notifications/").content.decode()

    assert petition.code not in page
    assert Notification.objects.filter(recipient=world.citizen, read_at__isnull=True).exists()
