"""Filing a petition."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from nghedan.areas.models import Area
from nghedan.audit.log import audit_record
from nghedan.jobs.registry import enqueue
from nghedan.lib import clock
from nghedan.lib.crypto import new_readable_secret, readable_secret_key, secret_digest
from nghedan.lib.errors import ActionError
from nghedan.lib.files import CleanFile, upload_accept, upload_store
from nghedan.lib.redact import redact
from nghedan.lib.text import clean, interpolate_lazy
from nghedan.petitions.actions.common import (
    BODY_MAX,
    BODY_MIN,
    SIGNATORIES_MAX,
    TITLE_MAX,
    _clocks,
    _insert_with_new_code,
)
from nghedan.petitions.events import petition_event_record
from nghedan.petitions.lifecycle import EventAction
from nghedan.petitions.models import (
    Attachment,
    Channel,
    Kind,
    Petition,
    Status,
    Topic,
    TopicSource,
)
from nghedan.petitions.routing import route_petition

if TYPE_CHECKING:
    from nghedan.accounts.models import User

# Where a petition nobody could classify waits (see petitions/data/topics.csv).
OTHER_TOPIC = "khac"


@dataclass(frozen=True)
class PetitionerInfo:
    name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass(frozen=True)
class SubmitResult:
    petition: Petition
    # Shown once to the petitioner; only its digest is stored. Empty on a replayed intake.
    secret: str
    created: bool


def _validate_submission(
    *,
    kind: str,
    title: str,
    body: str,
    signatories: int,
    is_anonymous: bool,
    petitioner: PetitionerInfo,
) -> None:
    if kind not in Kind.values:
        raise ActionError("bad_kind", _("Loại đơn không hợp lệ."), field="kind")
    if not title:
        raise ActionError("title_required", _("Vui lòng nhập tiêu đề."), field="title")
    if len(title) > TITLE_MAX:
        raise ActionError(
            "title_too_long",
            interpolate_lazy(_("Tiêu đề tối đa %(max)s ký tự."), {"max": TITLE_MAX}),
            field="title",
        )
    if len(body) < BODY_MIN:
        raise ActionError(
            "body_too_short",
            interpolate_lazy(_("Nội dung cần ít nhất %(min)s ký tự."), {"min": BODY_MIN}),
            field="body",
        )
    if len(body) > BODY_MAX:
        raise ActionError(
            "body_too_long",
            interpolate_lazy(_("Nội dung tối đa %(max)s ký tự."), {"max": BODY_MAX}),
            field="body",
        )
    if not 1 <= signatories <= SIGNATORIES_MAX:
        raise ActionError(
            "bad_signatories", _("Số người ký phải từ 1 trở lên."), field="signatories"
        )
    if kind in (Kind.COMPLAINT, Kind.DENUNCIATION):
        # The laws on complaints and denunciations require the filer to be identified.
        if is_anonymous:
            raise ActionError(
                "identity_required",
                _("Khiếu nại, tố cáo không được gửi ẩn danh theo quy định của pháp luật."),
                field="is_anonymous",
            )
        if not petitioner.name:
            raise ActionError(
                "name_required", _("Vui lòng nhập họ và tên người gửi."), field="petitioner_name"
            )
        if not (petitioner.phone or petitioner.email or petitioner.address):
            raise ActionError(
                "contact_required",
                _("Vui lòng cho biết số điện thoại, thư điện tử hoặc địa chỉ liên hệ."),
                field="petitioner_phone",
            )


def _public_text(body: str, petitioner: PetitionerInfo) -> str:
    """The body with personal data removed, including the petitioner's own details
    wherever the body repeats them."""
    text = body
    for value, placeholder in (
        (petitioner.name, "[họ tên]"),
        (petitioner.email, "[email]"),
        (petitioner.phone, "[số điện thoại]"),
    ):
        if len(value) >= 3:
            text = text.replace(value, placeholder)
    return redact(text)


def _too_many_files() -> ActionError:
    return ActionError(
        "too_many_files",
        interpolate_lazy(
            _("Chỉ được đính kèm tối đa %(max)s tệp."),
            {"max": settings.NGHEDAN_ATTACHMENT_MAX_COUNT},
        ),
        field="attachments",
    )


def _clean_files(files: Sequence) -> list[CleanFile]:
    if len(files) > settings.NGHEDAN_ATTACHMENT_MAX_COUNT:
        raise _too_many_files()
    cleaned = []
    for uploaded in files:
        cleaned.append(upload_accept(uploaded, field="attachments"))
    return cleaned


def _save_attachment(petition: Petition, cleaned: CleanFile, *, index: int) -> Attachment:
    attachment = Attachment(
        petition=petition,
        file_kind=cleaned.file_kind,
        content_type=cleaned.content_type,
        size=len(cleaned.content),
        sha256=cleaned.sha256,
        original_name=cleaned.original_name,
        uploaded_at=clock.now(),
    )
    upload_store(attachment.file, stem=f"{petition.code}-{index}", cleaned=cleaned)
    attachment.save()
    return attachment


def _save_attachments(petition: Petition, files: list[CleanFile]) -> None:
    for index, cleaned in enumerate(files, start=1):
        _save_attachment(petition, cleaned, index=index)


def petition_attachment_add(
    *,
    acting_user: "User | None",
    petition: Petition,
    cleaned: CleanFile,
    source: str,
) -> Attachment:
    """Attach one more file to a petition already filed: a photo a client application
    linked to (Open311's media_url), fetched by the system after intake. The file comes
    cleaned by `lib.files.clean_upload`, as uploads do, and the petition keeps at most
    NGHEDAN_ATTACHMENT_MAX_COUNT files. Recorded in the audit log with its `source`."""
    with transaction.atomic():
        locked = Petition.objects.select_for_update().get(pk=petition.pk)
        count = locked.attachments.count()
        if count >= settings.NGHEDAN_ATTACHMENT_MAX_COUNT:
            raise _too_many_files()
        attachment = _save_attachment(locked, cleaned, index=count + 1)
        audit_record(
            actor=acting_user,
            actor_label="" if acting_user is not None else "system",
            action="petition.attachment_added",
            target=locked,
            data={
                "code": locked.code,
                "attachment": attachment.pk,
                "source": source,
                "size": attachment.size,
                "sha256": attachment.sha256,
            },
        )
    return attachment


def _topic_for(topic: Topic | None, source: str) -> tuple[Topic, str]:
    """The topic given (by the petitioner, or the language models through
    `language.intake`); else "other" and the triage queue, where an officer gives the
    right one."""
    if topic is not None:
        return topic, source
    other = Topic.objects.filter(code=OTHER_TOPIC).first()
    if other is None:
        raise ActionError("bad_topic", _("Vui lòng chọn lĩnh vực."), field="topic")
    return other, TopicSource.TRIAGE


def petition_submit(
    *,
    acting_user: "User | AnonymousUser | None",
    channel: str,
    kind: str,
    topic: Topic | None,
    topic_source: str = TopicSource.PETITIONER,
    area: Area,
    title: str,
    body: str,
    address: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    signatories: int = 1,
    petitioner: PetitionerInfo = PetitionerInfo(),
    is_anonymous: bool = False,
    publish_consent: bool = False,
    notify_updates: bool = False,
    files: Sequence = (),
    intake_key: str | None = None,
    intake_client: str = "",
    then: Callable[[Petition], object] | None = None,
) -> SubmitResult:
    """File a petition. It is committed before this returns, so the code it carries is real.

    A repeated `intake_key` (client + Idempotency-Key) returns the petition made the
    first time instead of a second one. `then` writes what a door keeps beside a new
    petition, in the same transaction (run again if the tracking code has to be drawn
    again).
    """
    if intake_key:
        existing = Petition.objects.filter(intake_key=intake_key).first()
        if existing is not None:
            return SubmitResult(existing, "", False)
    title, body = clean(title), clean(body)
    petitioner = PetitionerInfo(
        name=clean(petitioner.name),
        phone=clean(petitioner.phone),
        email=clean(petitioner.email),
        address=clean(petitioner.address),
    )
    if is_anonymous:
        petitioner = PetitionerInfo()
    _validate_submission(
        kind=kind,
        title=title,
        body=body,
        signatories=signatories,
        is_anonymous=is_anonymous,
        petitioner=petitioner,
    )
    if channel not in Channel.values:
        raise ActionError("bad_channel", _("Kênh tiếp nhận không hợp lệ."), field="channel")
    cleaned_files = _clean_files(files)
    topic, topic_source = _topic_for(topic, topic_source)
    agency = route_petition(kind=kind, topic=topic, area=area)
    received_at = clock.now()
    dates = _clocks(
        kind=kind, agency=agency, area=area, received_on=clock.local_date(received_at)
    )
    secret = new_readable_secret()
    citizen = acting_user if acting_user is not None and acting_user.is_authenticated else None
    if is_anonymous or (citizen is not None and citizen.role != "citizen"):
        # Anonymous means no account either; staff filing for someone (hotline, desk) are
        # recorded as the actor of the event, not as the petitioner.
        citizen = None
    petition = Petition(
        secret_digest=secret_digest(readable_secret_key(secret)),
        kind=kind,
        topic=topic,
        topic_source=topic_source,
        title=title,
        body=body,
        public_title=_public_text(title, petitioner)[:TITLE_MAX],
        public_body=_public_text(body, petitioner),
        area=area,
        address=clean(address)[:300],
        latitude=latitude,
        longitude=longitude,
        agency=agency,
        channel=channel,
        status=Status.RECEIVED,
        signatories=signatories,
        citizen=citizen,
        is_anonymous=is_anonymous,
        petitioner_name=petitioner.name,
        petitioner_phone=petitioner.phone,
        petitioner_email=petitioner.email,
        petitioner_address=petitioner.address,
        publish_consent=publish_consent and kind in (Kind.FEEDBACK, Kind.PROPOSAL),
        # Updates go to the contact given; an anonymous petitioner follows by code.
        notify_updates=notify_updates and bool(petitioner.email or petitioner.phone),
        received_at=received_at,
        acceptance_due=dates.acceptance_due,
        resolution_due=dates.resolution_due,
        acceptance_rule_id=dates.acceptance_rule.rule_id,
        resolution_rule_id=dates.resolution_rule.rule_id,
        intake_key=intake_key or None,
        intake_client=intake_client,
    )

    def record_intake() -> None:
        _save_attachments(petition, cleaned_files)
        # Suggestions, places, urgency and grouping are read in the background.
        enqueue("language.analyse", payload={"petition_id": petition.pk})
        if then is not None:
            then(petition)
        # Last: the event's audit entry locks the head of the audit chain until commit.
        petition_event_record(
            petition=petition,
            actor=None if is_anonymous else acting_user,
            action=EventAction.SUBMITTED,
            to_status=Status.RECEIVED,
            to_agency=agency,
            data={"channel": channel, "kind": kind, "topic": topic.code, "topic_by": topic_source},
        )

    try:
        _insert_with_new_code(petition, then=record_intake)
    except IntegrityError:
        existing = Petition.objects.filter(intake_key=intake_key).first() if intake_key else None
        if existing is None:
            raise
        return SubmitResult(existing, "", False)  # a concurrent retry won the race
    return SubmitResult(petition, secret, True)
