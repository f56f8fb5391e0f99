"""notify(): one message to users and contacts, each delivery once per key."""

from nghedan.notifications.models import Delivery, Notification
from nghedan.notifications.services import Contact, message_render, notify
from nghedan.notifications.tests.gateways import RecordingGateway


def test_a_template_gives_a_subject_line_and_an_unescaped_body():
    message = message_render(
        template="petition_event",
        context={"code": "AB12", "what": "đã được thụ lý", "status": "Đã thụ lý", "link": "/t/"},
    )

    assert message.subject == "Đơn AB12 đã được thụ lý"
    assert message.body.startswith("Kính gửi ông/bà,")
    assert "&" not in message.body


def test_the_same_key_sends_once_on_every_channel(world, mailoutbox, settings):
    settings.NGHEDAN_SMS_GATEWAY = "nghedan.notifications.tests.gateways.RecordingGateway"
    settings.NGHEDAN_ZALO_GATEWAY = "nghedan.notifications.tests.gateways.RecordingGateway"
    RecordingGateway.sent = []
    world.leader_a.email = "lanhdao@example.vn"
    world.leader_a.save()
    arguments = {
        "key": "test:1",
        "template": "petition_event",
        "context": {"code": "AB12", "what": "x", "status": "y", "link": "/t/"},
        "users": [world.leader_a],
        "email_users": True,
        "contacts": [Contact(label="petitioner", email="a@example.vn", phone="09", zalo="z1")],
    }

    first = notify(**arguments)
    again = notify(**arguments)

    assert (first, again) == (5, 0)
    assert sorted(mail.to[0] for mail in mailoutbox) == ["a@example.vn", "lanhdao@example.vn"]
    assert sorted(RecordingGateway.sent) == [("09", "Đơn AB12 x"), ("z1", "Đơn AB12 x")]
    assert Notification.objects.filter(recipient=world.leader_a).count() == 1
    assert Delivery.objects.count() == 5
