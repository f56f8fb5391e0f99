"""Which model is in use, how a new one is trained, and when it may replace the old.

The first topic model is built from the corpus that ships in `data/corpus/` (no weights
are downloaded or shipped: the same data and seed give the same model on every machine
and every scikit-learn version). Later models learn from officers' decisions as well:
every petition whose topic an officer confirmed (accepted it, or re-labelled it) and
every accepted petition's agency type is an example. A new model replaces the active
one only if it scores at least as well on the same held-back slice.
"""

import hashlib
import threading
import time
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Max

from nghedan.audit.log import audit_record
from nghedan.language.classifier import (
    Example,
    Scores,
    TextClassifier,
    library_version,
    read_examples,
)
from nghedan.language.models import Head, ModelSource, TextModel
from nghedan.lib import clock

if TYPE_CHECKING:
    from nghedan.accounts.models import User

# One example in five (by a hash of its text) is held back to compare models.
HOLDOUT_SHARE = 5
# A head learned only from decisions needs this many before it is trusted at all.
MIN_DECISIONS = 50

_lock = threading.RLock()
_loaded: dict[str, tuple[tuple, TextClassifier | None, float]] = {}
RECHECK_SECONDS = 10


def corpus_path(name: str) -> Path:
    return Path(str(resources.files("nghedan.language").joinpath(f"data/corpus/{name}.csv")))


def seed_examples() -> list[Example]:
    return read_examples(corpus_path("train"))


def seed_test_examples() -> list[Example]:
    return read_examples(corpus_path("test"))


def is_held_back(text: str) -> bool:
    digest = hashlib.blake2b(text.encode(), digest_size=4).digest()
    return int.from_bytes(digest, "little") % HOLDOUT_SHARE == 0


def decision_examples(head: str) -> list[Example]:
    """What officers decided, newest last. Topics: petitions accepted with a topic the
    petitioner or the model gave (the officer let it stand) or re-labelled by an
    officer; agency types: the type of the agency that accepted the petition."""
    from nghedan.petitions.models import Petition, TopicSource

    confirmed = Petition.objects.exclude(topic_source=TopicSource.TRIAGE).filter(
        accepted_at__isnull=False
    ) | Petition.objects.filter(topic_source=TopicSource.OFFICER)
    if head == Head.TOPIC:
        rows = confirmed.values_list("title", "body", "topic__code")
    else:
        rows = Petition.objects.filter(accepted_at__isnull=False).values_list(
            "title", "body", "agency__agency_type__code"
        )
    return [Example(f"{title}. {body}", label) for title, body, label in rows.order_by("pk")]


@dataclass(frozen=True)
class TrainingOutcome:
    model: TextModel | None
    promoted: bool
    reason: str


def _split(examples: list[Example]) -> tuple[list[Example], list[Example]]:
    train = [e for e in examples if not is_held_back(e.text)]
    held = [e for e in examples if is_held_back(e.text)]
    return train, held


@cache
def _seed_model() -> tuple[TextClassifier, Scores]:
    # The corpus-only model is the same every time: fit it once per process.
    classifier = TextClassifier.train(seed_examples())
    return classifier, classifier.score(seed_test_examples())


def model_train(*, head: str, acting_user: "User | None" = None) -> TrainingOutcome:
    """Train a new model for `head`, score it beside the active one on the same held-back
    slice, and make it active only if it is at least as good."""
    _loaded.pop(head, None)  # compare with what is active now, not what this process saw
    decisions = decision_examples(head)
    if head == Head.TOPIC:
        decision_train, decision_held = _split(decisions)
        train = seed_examples() + decision_train
        held = seed_test_examples() + decision_held
    else:
        if len(decisions) < MIN_DECISIONS:
            return TrainingOutcome(
                None, False, f"{len(decisions)} decisions; {MIN_DECISIONS} needed"
            )
        train, held = _split(decisions)
        if len({e.label for e in train}) < 2 or not held:
            return TrainingOutcome(None, False, "decisions name fewer than two agency types")
    if head == Head.TOPIC and not decisions:
        candidate, scores = _seed_model()
    else:
        candidate = TextClassifier.train(train)
        scores = candidate.score(held)
    active = _stored_active(head)
    active_scores = active.score(held) if active is not None else None
    promoted = active_scores is None or scores.macro_f1 >= active_scores.macro_f1
    metrics = {
        **scores.as_dict(),
        "compared_with": (
            {"version": active_record.version, **active_scores.as_dict()}
            if active_scores is not None and (active_record := model_record(head)) is not None
            else None
        ),
        "decisions": len(decisions),
    }
    blob = candidate.dumps()
    # Training and scoring above take seconds to minutes and hold no transaction; only
    # the few writes below do, so intake never waits on a retraining.
    with transaction.atomic():
        version = (TextModel.objects.filter(head=head).aggregate(v=Max("version"))["v"] or 0) + 1
        if promoted:
            TextModel.objects.filter(head=head, is_active=True).update(is_active=False)
        record = TextModel.objects.create(
            head=head,
            version=version,
            source=ModelSource.SEED if not decisions else ModelSource.RETRAIN,
            created_at=clock.now(),
            is_active=promoted,
            blob=blob,
            library_version=library_version(),
            examples=len(train),
            metrics=metrics,
        )
        audit_record(
            actor=acting_user,
            actor_label="" if acting_user else "system",
            action="language.model_trained",
            target=record,
            data={
                "head": head,
                "version": version,
                "promoted": promoted,
                "macro_f1": metrics["macro_f1"],
            },
        )
    _loaded.pop(head, None)
    reason = (
        "first model"
        if active_scores is None
        else f"macro-F1 {scores.macro_f1:.3f} vs {active_scores.macro_f1:.3f}"
    )
    return TrainingOutcome(record, promoted, reason)


def model_record(head: str) -> TextModel | None:
    return TextModel.objects.filter(head=head, is_active=True).defer("blob").first()


def model_active(head: str) -> TextClassifier | None:
    """The active classifier, loaded once per process and again when another process
    promotes a new one. The first topic model is built from the corpus on first use."""
    classifier = _stored_active(head)
    if classifier is None and head == Head.TOPIC:
        with _lock:
            if _stored_active(head) is None:
                try:
                    model_train(head=head)
                except IntegrityError:
                    # Another process (a second worker, a web process) stored the first
                    # model at the same moment, under the same version: use that one.
                    _loaded.pop(head, None)
        classifier = _stored_active(head)
    return classifier


def _stored_active(head: str) -> TextClassifier | None:
    # Looked up at most every few seconds per process: a promotion elsewhere is seen soon,
    # and intake does not pay a query per petition for it.
    cached = _loaded.get(head)
    if cached is not None and time.monotonic() - cached[2] < RECHECK_SECONDS:
        return cached[1]
    record = (
        TextModel.objects.filter(head=head, is_active=True)
        .values_list("pk", "library_version", "created_at")
        .first()
    )
    if record is None:
        _loaded[head] = ((), None, time.monotonic())
        return None
    pk, version, created_at = record
    if version != library_version():
        # Pickles are tied to the library version: retrain rather than trust one.
        TextModel.objects.filter(pk=pk).update(is_active=False)
        return None
    token = (pk, created_at)
    if cached is not None and cached[0] == token:
        classifier = cached[1]
    else:
        blob = TextModel.objects.values_list("blob", flat=True).get(pk=pk)
        classifier = TextClassifier.loads(bytes(blob))
    _loaded[head] = (token, classifier, time.monotonic())
    return classifier


def model_cache_clear() -> None:
    _loaded.clear()
