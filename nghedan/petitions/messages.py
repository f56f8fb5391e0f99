"""What a petitioner is told when something happens to their petition: the words for each
event, and the message sent (run in the background by `tasks.petition_event_notify`)."""

from nghedan.notifications.services import Contact, notify, tracking_link
from nghedan.petitions.lifecycle import EventAction
from nghedan.petitions.models import PetitionEvent, Status

# What an event means to the petitioner, as the end of "Đơn <code> …".
EVENT_TEXT: dict[str, str] = {
    EventAction.SUBMITTED: "đã được tiếp nhận",
    EventAction.ACCEPTED: "đã được thụ lý",
    EventAction.DECLINED: "không được thụ lý",
    EventAction.TRANSFERRED: "đã được chuyển đến cơ quan có thẩm quyền",
    EventAction.EXTENDED: "đã được gia hạn thời hạn giải quyết",
    EventAction.STARTED: "đang được giải quyết",
    EventAction.ANSWER_PUBLISHED: "đã có văn bản trả lời",
    EventAction.RATED_CLOSED: "đã kết thúc sau khi ông/bà đánh giá",
    EventAction.RATED_REOPENED: "đã được mở lại sau khi ông/bà đánh giá",
    EventAction.REOPENED: "đã được mở lại",
    EventAction.WITHDRAWN: "đã được rút",
    EventAction.APPEALED: "đã được khiếu nại lần hai",
    EventAction.AUTO_CLOSED: "đã kết thúc do hết thời hạn đánh giá",
}
# Events whose reason the petitioner is told (the tracking page shows them too).
REASON_SHOWN = {EventAction.DECLINED, EventAction.TRANSFERRED, EventAction.EXTENDED}
DUE_SHOWN = {EventAction.ACCEPTED, EventAction.EXTENDED}


def petition_event_key(event_id: int) -> str:
    return f"petition-event:{event_id}"


def petition_event_notify(*, event_id: int) -> None:
    """Tell the petitioner of one event on their petition, if they asked to be told:
    e-mail and SMS to the contacts they gave, in-app to their account."""
    event = (
        PetitionEvent.objects.select_related("petition", "petition__agency", "petition__citizen")
        .filter(pk=event_id)
        .first()
    )
    if event is None or not event.visible_to_petitioner:
        return
    petition = event.petition
    if not petition.notify_updates:
        return
    what = EVENT_TEXT.get(event.action, "có cập nhật mới")
    link = tracking_link(petition.code)
    context = {
        "code": petition.code,
        "what": what,
        "status": Status(petition.status).label,
        "agency": petition.agency.name,
        "due": petition.resolution_due if event.action in DUE_SHOWN else None,
        "reason": event.reason if event.action in REASON_SHOWN else "",
        "link": link,
    }
    contact = Contact(
        label="petitioner", email=petition.petitioner_email, phone=petition.petitioner_phone
    )
    notify(
        key=petition_event_key(event.pk),
        template="petition_event",
        context=context,
        petition=petition,
        users=[petition.citizen] if petition.citizen_id else [],
        contacts=[contact],
        # No personal data in the short text: gateways may log it.
        sms_text=f"Nghe Dân: đơn {petition.code} {what}. Xem: {link}",
    )
