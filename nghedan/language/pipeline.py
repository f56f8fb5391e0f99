"""The whole reading of one text: topic, agency type, place, urgency, feeling, signature.

Everything here suggests; officers and citizens decide. A topic below the confidence
setting is not guessed: the petition goes to the triage queue.
"""

from dataclasses import dataclass

import numpy as np
from django.conf import settings

from nghedan.agencies.models import Agency
from nghedan.areas.places import PlaceMention, PlaceSuggestion, place_suggest, places_find
from nghedan.language.classifier import Prediction
from nghedan.language.duplicates import signature
from nghedan.language.models import Head
from nghedan.language.signals import Signals, signals_read
from nghedan.language.training import model_active
from nghedan.lib.errors import ActionError
from nghedan.petitions.models import Topic
from nghedan.petitions.routing import route_petition


@dataclass(frozen=True)
class TextAnalysis:
    topic: Prediction | None
    agency_type: Prediction | None
    place: PlaceSuggestion | None
    mentions: tuple[PlaceMention, ...]
    signals: Signals
    signature: np.ndarray | None

    @property
    def topic_is_confident(self) -> bool:
        return self.topic is not None and self.topic.confidence >= settings.NGHEDAN_TOPIC_CONFIDENCE


def topic_suggest(*, text: str) -> Prediction | None:
    classifier = model_active(Head.TOPIC)
    return classifier.predict([text])[0] if classifier is not None else None


def text_analyse(*, text: str) -> TextAnalysis:
    agency_model = model_active(Head.AGENCY_TYPE)
    return TextAnalysis(
        topic=topic_suggest(text=text),
        agency_type=agency_model.predict([text])[0] if agency_model is not None else None,
        place=place_suggest(text=text),
        mentions=tuple(places_find(text=text)),
        signals=signals_read(text),
        signature=signature(text),
    )


@dataclass(frozen=True)
class DraftSuggestion:
    """What a petitioner (or the desk) is offered while writing: nothing is stored."""

    topic: Topic | None  # only when the model is confident
    confidence: float
    alternatives: tuple[tuple[Topic, float], ...]
    place: PlaceSuggestion | None
    agency: Agency | None  # where it would go with that topic and place
    signals: Signals


def draft_suggest(*, title: str, body: str, kind: str = "feedback") -> DraftSuggestion:
    result = text_analyse(text=f"{title}. {body}")
    topics = {t.code: t for t in Topic.objects.filter(is_active=True)}
    topic = topics.get(result.topic.label) if result.topic_is_confident and result.topic else None
    alternatives = tuple(
        (topics[label], probability)
        for label, probability in (result.topic.alternatives if result.topic else ())
        if label in topics
    )
    agency = None
    if topic is not None and result.place is not None:
        try:
            agency = route_petition(kind=kind, topic=topic, area=result.place.area)
        except ActionError:
            agency = None  # no agency for that area: the form will say so on filing
    return DraftSuggestion(
        topic=topic,
        confidence=result.topic.confidence if topic and result.topic else 0.0,
        alternatives=alternatives,
        place=result.place,
        agency=agency,
        signals=result.signals,
    )
