"""Filing a petition with the language models' help: a petitioner who leaves the topic open
gets the model's topic when it is confident (the agency is routed by it); otherwise
petitions files it under "other" in the triage queue, where an officer gives the right one.

The web, the API, Open311 and the reception desk file through here; petitions itself
never asks the models, so it works, and is tested, without them."""

from typing import Any

from django.conf import settings

from nghedan.language.pipeline import topic_suggest
from nghedan.lib.text import clean
from nghedan.petitions.actions import SubmitResult, petition_submit
from nghedan.petitions.models import Topic, TopicSource


def topic_guess(*, title: str, body: str) -> Topic | None:
    """The model's topic for the text when its confidence reaches NGHEDAN_TOPIC_CONFIDENCE."""
    prediction = topic_suggest(text=f"{clean(title)}. {clean(body)}")
    if prediction is None or prediction.confidence < settings.NGHEDAN_TOPIC_CONFIDENCE:
        return None
    return Topic.objects.filter(code=prediction.label).first()


def petition_file(*, topic: Topic | None, title: str, body: str, **submission: Any) -> SubmitResult:
    """`petitions.actions.petition_submit`, with the model's topic where none was chosen."""
    topic_source = TopicSource.PETITIONER
    if topic is None:
        topic = topic_guess(title=title, body=body)
        topic_source = TopicSource.MODEL
    return petition_submit(
        topic=topic, topic_source=topic_source, title=title, body=body, **submission
    )
