"""Retraining holds no transaction while it trains: a citizen filing meanwhile on SQLite
waits for the writer lock only as long as the few writes that store the model."""

from django.db import connection

from nghedan.language.classifier import TextClassifier
from nghedan.language.models import Head, TextModel
from nghedan.language.tests.test_triage import FLOODED_ROAD
from nghedan.language.training import model_train
from nghedan.petitions.actions import petition_relabel
from nghedan.test import submit


def test_a_model_is_trained_and_scored_outside_any_transaction(live_world, monkeypatch):
    # Given an officer's decision to learn from (so a new model is fitted, not the seed one)
    petition = submit(live_world, title="Đường", body=FLOODED_ROAD, topic="moi-truong").petition
    petition_relabel(
        acting_user=live_world.officer_a,
        petition=petition,
        topic=live_world.topic("giao-thong-ha-tang"),
    )
    seen: list[tuple[str, bool]] = []
    train, score = TextClassifier.train.__func__, TextClassifier.score  # type: ignore[attr-defined]

    def recorded_train(cls, examples):
        seen.append(("train", connection.in_atomic_block))
        return train(cls, examples)

    def recorded_score(self, examples):
        seen.append(("score", connection.in_atomic_block))
        return score(self, examples)

    monkeypatch.setattr(TextClassifier, "train", classmethod(recorded_train))
    monkeypatch.setattr(TextClassifier, "score", recorded_score)

    # When the topic model is retrained
    outcome = model_train(head=Head.TOPIC)

    # Then fitting and scoring ran with no transaction open, and the model was stored
    assert outcome.model is not None
    assert {what for what, _ in seen} == {"train", "score"}
    assert [inside for _, inside in seen] == [False] * len(seen)
    assert TextModel.objects.filter(head=Head.TOPIC).count() == 1
