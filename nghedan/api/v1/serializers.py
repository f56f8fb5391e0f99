"""Output shapes shared by the v1 endpoints, and the error shape for the OpenAPI document.

Input serializers live beside the view that uses them. Nothing here ever shows who the
petitioner is: identity has its own audited endpoint.
"""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from nghedan.accounts.models import Role
from nghedan.petitions import policy, selectors
from nghedan.petitions.models import AnswerStatus, EventAction, Petition
from nghedan.petitions.public import redacted, redacted_body, redacted_title

if TYPE_CHECKING:
    from nghedan.areas.models import Area
    from nghedan.petitions.models import Topic


class ErrorBodyOut(serializers.Serializer):
    code = serializers.CharField(help_text="Mã lỗi ổn định, để chương trình xử lý.")
    message = serializers.CharField(help_text="Thông báo bằng tiếng Việt.")
    message_en = serializers.CharField(help_text="The message in English.")
    # A declared field, collected by the serializer's metaclass (not Serializer.fields).
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Lỗi theo từng trường nhập (tiếng Việt); rỗng khi lỗi không thuộc trường nào.",
    )
    fields_en = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="The same field errors in English.",
    )


class ErrorOut(serializers.Serializer):
    error = ErrorBodyOut()


class CodeNameOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class AreaOut(serializers.Serializer):
    code = serializers.CharField(
        help_text="Mã đơn vị hành chính chính thức (2 số: tỉnh; 5 số: xã)."
    )
    name = serializers.CharField()
    full_name = serializers.CharField()
    name_en = serializers.CharField()
    level = serializers.CharField(help_text="province | commune")
    unit_type = serializers.CharField()
    province = CodeNameOut(source="parent", allow_null=True)


class TopicOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    description = serializers.CharField()
    keywords = serializers.SerializerMethodField()

    def get_keywords(self, topic) -> list[str]:
        return [word.strip() for word in topic.keywords.split(",") if word.strip()]


def reads_text(context: Mapping[str, Any], petition: Petition) -> bool:
    """Whether the caller (context "user", "for_petitioner") reads the petition's words as
    written; a denunciation's are redacted for all but its handlers and its petitioner."""
    return policy.can_read_text(
        context.get("user"), petition, as_petitioner=bool(context.get("for_petitioner"))
    )


class PetitionSummaryOut(serializers.Serializer):
    """Context "user" (and "for_petitioner") decides whether a denunciation's title is
    shown as written or redacted."""

    code = serializers.CharField(help_text="Mã tra cứu công khai, ví dụ ND-4F7K-92QM.")
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    title = serializers.SerializerMethodField(
        help_text="Tiêu đề; tố cáo: đã lược thông tin cá nhân, trừ với cán bộ xử lý và người gửi."
    )
    topic = CodeNameOut()
    area = CodeNameOut()
    agency = CodeNameOut()
    channel = serializers.CharField()
    signatories = serializers.IntegerField()
    received_at = serializers.DateTimeField()
    acceptance_due = serializers.DateField(allow_null=True)
    resolution_due = serializers.DateField(allow_null=True)
    updated_at = serializers.DateTimeField()

    def get_title(self, petition: Petition) -> str:
        return petition.title if reads_text(self.context, petition) else redacted_title(petition)


class AnalysisOut(serializers.Serializer):
    """What the language pipeline read in the petition: suggestions, not decisions."""

    suggested_topic: "serializers.SlugRelatedField[Topic]" = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    topic_confidence = serializers.FloatField()
    suggested_area: "serializers.SlugRelatedField[Area]" = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    place_reason = serializers.CharField()
    is_urgent = serializers.BooleanField()
    urgency = serializers.JSONField(help_text='[{"category": "fire", "words": ["bốc cháy"]}]')
    is_negative = serializers.BooleanField()
    negative_words = serializers.ListField(child=serializers.CharField())
    group = serializers.IntegerField(source="group_id", allow_null=True)


class InboxItemOut(PetitionSummaryOut):
    next_due = serializers.DateField(
        allow_null=True, help_text="Hạn gần nhất: thụ lý khi chưa thụ lý, giải quyết sau đó."
    )
    topic_source = serializers.CharField(
        help_text="petitioner, model (gợi ý tự động), triage (chờ phân loại) hoặc officer."
    )
    analysis = serializers.SerializerMethodField()

    @extend_schema_field(AnalysisOut(allow_null=True))
    def get_analysis(self, petition) -> dict | None:
        analysis = getattr(petition, "analysis", None)
        return AnalysisOut(analysis).data if analysis is not None else None


class EventOut(serializers.Serializer):
    at = serializers.DateTimeField()
    action = serializers.ChoiceField(choices=EventAction.choices)
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    from_agency = CodeNameOut(allow_null=True)
    to_agency = CodeNameOut(allow_null=True)
    reason = serializers.CharField()
    actor = serializers.SerializerMethodField(
        help_text="Cán bộ thực hiện (chỉ trong góc nhìn của cán bộ); không bao giờ là người gửi."
    )

    def get_actor(self, event) -> str | None:
        actor = event.actor
        if self.context.get("for_petitioner") or actor is None or actor.role == Role.CITIZEN:
            return None
        # Whoever filed a denunciation (an officer's own account too) is for its handlers.
        if not policy.can_see_event_actor(
            self.context.get("user"), event.petition, actor_id=actor.pk, action=event.action
        ):
            return None
        return actor.display_name


class PublishedAnswerOut(serializers.Serializer):
    id = serializers.IntegerField()
    body = serializers.CharField()
    published_at = serializers.DateTimeField()


class DraftAnswerOut(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    body = serializers.CharField()
    author = serializers.CharField(source="author.display_name")
    created_at = serializers.DateTimeField()
    decided_by = serializers.CharField(source="decided_by.display_name", allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_note = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)


class RatingOut(serializers.Serializer):
    stars = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())
    comment = serializers.CharField()
    created_at = serializers.DateTimeField()


class AttachmentOut(serializers.Serializer):
    id = serializers.IntegerField()
    file_kind = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    original_name = serializers.CharField()


class PetitionDetailOut(PetitionSummaryOut):
    """One petition for its handlers, overseers or petitioner. Context `for_petitioner`
    hides internal steps (returned drafts) and the names of officers."""

    body = serializers.SerializerMethodField()
    address = serializers.SerializerMethodField()
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, allow_null=True, coerce_to_string=False
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, allow_null=True, coerce_to_string=False
    )
    is_anonymous = serializers.BooleanField()
    publish_consent = serializers.BooleanField()
    accepted_at = serializers.DateTimeField(allow_null=True)
    answered_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    appeal_of = serializers.CharField(source="appeal_of.code", allow_null=True)
    events = serializers.SerializerMethodField()
    answers = serializers.SerializerMethodField(help_text="Câu trả lời đã ban hành.")
    drafts = serializers.SerializerMethodField(
        help_text="Dự thảo trả lời chờ duyệt hoặc bị trả lại; chỉ cán bộ thấy (rỗng với người gửi)."
    )
    rating = serializers.SerializerMethodField()
    attachments = AttachmentOut(many=True)

    def _for_petitioner(self) -> bool:
        return bool(self.context.get("for_petitioner"))

    def _words(self, petition: Petition, data, *fields: str):
        """`data` (one item or a list) with its words redacted for a reader who may not
        read them as written."""
        if reads_text(self.context, petition) or data is None:
            return data
        for item in data if isinstance(data, list) else [data]:
            for field in fields:
                item[field] = redacted(petition, item[field])
        return data

    def get_body(self, petition: Petition) -> str:
        return petition.body if reads_text(self.context, petition) else redacted_body(petition)

    def get_address(self, petition: Petition) -> str:
        if reads_text(self.context, petition):
            return petition.address
        return redacted(petition, petition.address)

    @extend_schema_field(EventOut(many=True))
    def get_events(self, petition: Petition):
        events = selectors.petition_history(
            petition=petition, for_petitioner=self._for_petitioner()
        )
        return self._words(
            petition, EventOut(events, many=True, context=self.context).data, "reason"
        )

    @extend_schema_field(PublishedAnswerOut(many=True))
    def get_answers(self, petition: Petition):
        answers = PublishedAnswerOut(selectors.published_answers(petition=petition), many=True)
        return self._words(petition, answers.data, "body")

    @extend_schema_field(DraftAnswerOut(many=True))
    def get_drafts(self, petition: Petition):
        if self._for_petitioner():
            return []
        drafts = petition.answers.exclude(status=AnswerStatus.PUBLISHED).select_related(
            "author", "decided_by"
        )
        return self._words(
            petition, DraftAnswerOut(drafts, many=True).data, "body", "decision_note"
        )

    @extend_schema_field(RatingOut(allow_null=True))
    def get_rating(self, petition: Petition):
        rating = petition.ratings.order_by("-created_at", "-id").first()
        return self._words(petition, RatingOut(rating).data, "comment") if rating else None


def petition_detail_data(petition: Petition, *, user, for_petitioner: bool) -> dict:
    """The petition as `user` reads it (as its petitioner or not)."""
    context = {"user": user, "for_petitioner": for_petitioner}
    return PetitionDetailOut(petition, context=context).data


class AnswerOut(serializers.Serializer):
    id = serializers.IntegerField()
    petition = serializers.CharField(source="petition.code")
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    body = serializers.CharField()
    created_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_note = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)


class PendingAnswerOut(serializers.Serializer):
    id = serializers.IntegerField()
    body = serializers.CharField()
    author = serializers.CharField(source="author.display_name")
    created_at = serializers.DateTimeField()
    petition = PetitionSummaryOut()
