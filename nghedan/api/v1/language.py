"""Suggestions from the language pipeline for a draft petition; nothing is stored."""

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from nghedan.api.errors import parse
from nghedan.api.throttles import SuggestThrottle
from nghedan.api.v1.common import errors
from nghedan.language.pipeline import draft_suggest
from nghedan.petitions.models import Kind


class SuggestionCreateApi(APIView):
    """Read a draft petition: the topic (when the model is confident), the place named in
    the text, and whether it looks urgent, for the petitioner or the desk to confirm."""

    throttle_classes = [SuggestThrottle]

    class SuggestionInput(serializers.Serializer):
        kind = serializers.ChoiceField(choices=Kind.choices, default=Kind.FEEDBACK)
        title = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
        body = serializers.CharField(min_length=10, max_length=40_000)

    class SuggestionOutput(serializers.Serializer):
        topic = serializers.DictField(allow_null=True, help_text="code, name, confidence")
        alternatives = serializers.ListField(child=serializers.DictField())
        area = serializers.DictField(
            allow_null=True, help_text="code, name, level, confidence, reason"
        )
        agency = serializers.DictField(
            allow_null=True,
            help_text="code, name: the agency the petition would go to with this topic and area.",
        )
        urgent = serializers.BooleanField()
        urgency = serializers.ListField(child=serializers.DictField())
        threshold = serializers.FloatField(help_text="Độ tin cậy tối thiểu để gợi ý lĩnh vực.")

    @extend_schema(
        operation_id="suggestions_create",
        request=SuggestionInput,
        responses={200: SuggestionOutput, **errors(400, 429)},
        auth=[],
    )
    def post(self, request):
        data = parse(self.SuggestionInput, request.data)
        draft = draft_suggest(title=data["title"], body=data["body"], kind=data["kind"])
        place, agency = draft.place, draft.agency
        return Response(
            {
                "topic": {
                    "code": draft.topic.code,
                    "name": str(draft.topic),
                    "confidence": round(draft.confidence, 3),
                }
                if draft.topic
                else None,
                "alternatives": [
                    {"code": topic.code, "name": str(topic), "confidence": round(p, 3)}
                    for topic, p in draft.alternatives
                ],
                "area": {
                    "code": place.area.code,
                    "name": str(place.area),
                    "level": place.area.level,
                    "confidence": place.confidence,
                    "reason": place.reason,
                }
                if place
                else None,
                "agency": {"code": agency.code, "name": agency.name} if agency else None,
                "urgent": draft.signals.is_urgent,
                "urgency": [
                    {"category": category, "words": list(words)}
                    for category, words in draft.signals.urgency
                ],
                "threshold": settings.NGHEDAN_TOPIC_CONFIDENCE,
            }
        )
