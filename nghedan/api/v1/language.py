"""Suggestions from the language pipeline for a draft petition; nothing is stored."""

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.views import APIView

from nghedan.api.errors import parse
from nghedan.api.v1.common import errors
from nghedan.language.pipeline import text_analyse
from nghedan.petitions.models import Topic


class SuggestAnonThrottle(AnonRateThrottle):
    scope = "suggest"
    rate = "60/min"


class SuggestUserThrottle(UserRateThrottle):
    scope = "suggest"
    rate = "120/min"


class SuggestionCreateApi(APIView):
    """Read a draft petition: the topic (when the model is confident), the place named in
    the text, and whether it looks urgent, for the petitioner or the desk to confirm."""

    throttle_classes = [SuggestAnonThrottle, SuggestUserThrottle]

    class SuggestionInput(serializers.Serializer):
        title = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
        body = serializers.CharField(min_length=10, max_length=40_000)

    class SuggestionOutput(serializers.Serializer):
        topic = serializers.DictField(allow_null=True, help_text="code, name, confidence")
        alternatives = serializers.ListField(child=serializers.DictField())
        area = serializers.DictField(
            allow_null=True, help_text="code, name, level, confidence, reason"
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
        result = text_analyse(text=f"{data['title']}. {data['body']}")
        topics = {t.code: t for t in Topic.objects.filter(is_active=True)}
        topic = None
        if result.topic_is_confident and result.topic.label in topics:
            topic = {
                "code": result.topic.label,
                "name": str(topics[result.topic.label]),
                "confidence": round(result.topic.confidence, 3),
            }
        alternatives = [
            {"code": label, "name": str(topics[label]), "confidence": round(p, 3)}
            for label, p in (result.topic.alternatives if result.topic else ())
            if label in topics
        ]
        place = result.place
        return Response(
            {
                "topic": topic,
                "alternatives": alternatives,
                "area": {
                    "code": place.area.code,
                    "name": str(place.area),
                    "level": place.area.level,
                    "confidence": place.confidence,
                    "reason": place.reason,
                }
                if place
                else None,
                "urgent": result.signals.is_urgent,
                "urgency": [
                    {"category": category, "words": list(words)}
                    for category, words in result.signals.urgency
                ],
                "threshold": settings.NGHEDAN_TOPIC_CONFIDENCE,
            }
        )
