"""Background tasks of notifications: telling the petitioner what happened to the petition."""

from nghedan.jobs.registry import task
from nghedan.notifications.services import Contact, notify, tracking_link
from nghedan.petitions.models import PetitionEvent, Status

# What an event means to the petitioner, as the end of "Đơn <code> …".
EVENT_TEXT = {
    "submitted": "đã được tiếp nhận",
    "accept": "đã được thụ lý",
    "decline": "không được thụ lý",
    "transfer": "đã được chuyển đến cơ quan có thẩm quyền",
    "extend": "đã được gia hạn thời hạn giải quyết",
    "start": "đang được giải quyết",
    "answer_publish": "đã có văn bản trả lời",
    "rated_closed": "đã kết thúc sau khi ông/bà đánh giá",
    "rated_reopened": "đã được mở lại sau khi ông/bà đánh giá",
    "reopen": "đã được mở lại",
    "withdraw": "đã được rút",
    "appeal": "đã được khiếu nại lần hai",
    "auto_closed": "đã kết thúc do hết thời hạn đánh giá",
}
# Events whose reason the petitioner is told (the tracking page shows them too).
REASON_SHOWN = {"decline", "transfer", "extend"}
DUE_SHOWN = {"accept", "extend"}


def petition_event_key(event_id: int) -> str:
    return f"petition-event:{event_id}"


@task("notifications.petition_event")
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
