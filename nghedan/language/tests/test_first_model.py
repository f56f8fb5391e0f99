"""The first topic model is built on first use. Two processes that need it at the same
moment (two workers' first analyses, two web processes' first petitions without a topic)
both build one; the one that stores it second collides with the other on the version and
uses the other's, instead of failing the job or the citizen's request."""

from django.db import IntegrityError

from nghedan.language import training
from nghedan.language.models import Head, TextModel


def test_a_first_model_stored_meanwhile_by_another_process_is_used(db, monkeypatch):
    train = training.model_train

    def stored_second(*, head):
        # Another process stores its first model while this one trains; storing this one
        # then breaks the unique version.
        train(head=head)
        raise IntegrityError(
            'duplicate key value violates unique constraint "text_model_version_unique"'
        )

    monkeypatch.setattr(training, "model_train", stored_second)

    classifier = training.model_active(Head.TOPIC)

    assert classifier is not None
    assert list(TextModel.objects.values_list("head", "version", "is_active")) == [
        (Head.TOPIC, 1, True)
    ]
