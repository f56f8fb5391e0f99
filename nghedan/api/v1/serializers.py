"""Output shapes shared by the v1 endpoints, and the error shape for the OpenAPI document.

Input serializers live beside the view that uses them. Nothing here ever shows who the
petitioner is: identity has its own audited endpoint.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from nghedan.accounts.models import Role
from nghedan.petitions import selectors
from nghedan.petitions.models import AnswerStatus, Petition


class ErrorBodyOut(serializers.Serializer):
    code = serializers.CharField(help_text="Mã lỗi ổn định, để chương trình xử lý.")
    message = serializers.CharField(help_text="Thông báo bằng tiếng Việt.")
    message_en = serializers.CharField(help_text="The message in English.")
    fields = serializers.DictField(
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


class PetitionSummaryOut(serializers.Serializer):
    code = serializers.CharField(help_text="Mã tra cứu công khai, ví dụ ND-4F7K-92QM.")
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    title = serializers.CharField()
    topic = CodeNameOut()
    area = CodeNameOut()
    agency = CodeNameOut()
    channel = serializers.CharField()
    signatories = serializers.IntegerField()
    received_at = serializers.DateTimeField()
    acceptance_due = serializers.DateField(allow_null=True)
    resolution_due = serializers.DateField(allow_null=True)
    updated_at = serializers.DateTimeField()


class AnalysisOut(serializers.Serializer):
    """What the language pipeline read in the petition: suggestions, not decisions."""

    suggested_topic = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    topic_confidence = serializers.FloatField()
    suggested_area = serializers.SlugRelatedField(
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
    action = serializers.CharField()
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

    body = serializers.CharField()
    address = serializers.CharField()
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

    @extend_schema_field(EventOut(many=True))
    def get_events(self, petition: Petition):
        events = selectors.petition_history(
            petition=petition, for_petitioner=self._for_petitioner()
        )
        return EventOut(events, many=True, context=self.context).data

    @extend_schema_field(PublishedAnswerOut(many=True))
    def get_answers(self, petition: Petition):
        return PublishedAnswerOut(selectors.published_answers(petition=petition), many=True).data

    @extend_schema_field(DraftAnswerOut(many=True))
    def get_drafts(self, petition: Petition):
        if self._for_petitioner():
            return []
        drafts = petition.answers.exclude(status=AnswerStatus.PUBLISHED).select_related(
            "author", "decided_by"
        )
        return DraftAnswerOut(drafts, many=True).data

    @extend_schema_field(RatingOut(allow_null=True))
    def get_rating(self, petition: Petition):
        rating = petition.ratings.order_by("-created_at", "-id").first()
        return RatingOut(rating).data if rating is not None else None


def petition_detail_data(petition: Petition, *, for_petitioner: bool) -> dict:
    return PetitionDetailOut(petition, context={"for_petitioner": for_petitioner}).data


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
