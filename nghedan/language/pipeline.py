"""The whole reading of one text: topic, agency type, place, urgency, feeling, signature.

Everything here suggests; officers and citizens decide. A topic below the confidence
setting is not guessed: the petition goes to the triage queue.
"""

from dataclasses import dataclass

import numpy as np
from django.conf import settings

from nghedan.language.classifier import Prediction
from nghedan.language.duplicates import signature
from nghedan.language.models import Head
from nghedan.language.places import PlaceMention, PlaceSuggestion, place_suggest, places_find
from nghedan.language.signals import Signals, signals_read
from nghedan.language.training import model_active


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
