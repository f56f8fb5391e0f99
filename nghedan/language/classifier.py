"""Text classifiers that work for any label set: topics, agency types, an agency's own.

TF-IDF over syllable 1–2-grams of the normalised text, with diacritics (which tell "sập"
from "sắp") and without (which match text typed without them), then a multinomial
logistic regression, whose probabilities give the confidence that decides between
suggesting and sending to triage. (Character n-grams were tried and scored lower on the
shipped test set; see docs/model-card.md.) scikit-learn, because it trains in
seconds on a laptop, needs no downloaded weights and is read by every data scientist.
"""

import csv
import io
import json
import pickle
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from nghedan.language.normalize import normalize
from nghedan.lib.text import fold

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

# scikit-learn is imported where a model is trained or scored, not when a process starts:
# the web pages that only read a petition's analysis need none of it.

# Fixed seeds: the same data always gives the same model and the same interval.
SEED = 20250701
BOOTSTRAP_ROUNDS = 1000


class DataError(ValueError):
    """A labelled file that cannot be read, with a message for the person who gave it."""


@dataclass(frozen=True)
class Example:
    text: str
    label: str


@dataclass(frozen=True)
class Prediction:
    label: str
    confidence: float
    # The runners-up, best first: [(label, probability)].
    alternatives: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class Scores:
    accuracy: float
    macro_f1: float
    macro_f1_low: float
    macro_f1_high: float
    examples: int
    per_label: dict[str, dict[str, float]]

    def as_dict(self) -> dict:
        return {
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "macro_f1_ci95": [round(self.macro_f1_low, 4), round(self.macro_f1_high, 4)],
            "examples": self.examples,
            "per_label": self.per_label,
        }


_WORD = re.compile(r"\w+")


def syllable_grams(text: str) -> list[str]:
    """Features of a normalised text: its syllables and syllable pairs as written, and
    again without diacritics (marked "~"), so that typed-without-marks text meets the
    same vocabulary. One vectoriser over both is several times faster per text than two
    joined by a FeatureUnion."""
    marked = _WORD.findall(text)
    folded = fold(text).split()
    grams = marked + [f"{a} {b}" for a, b in pairwise(marked)]
    grams += [f"~{a}" for a in folded] + [f"~{a} {b}" for a, b in pairwise(folded)]
    return grams


class TextClassifier:
    """A fitted classifier. Reads raw text; normalises it once per call."""

    def __init__(self, pipeline: "Pipeline"):
        self.pipeline = pipeline

    @property
    def labels(self) -> list[str]:
        return [str(label) for label in self.pipeline.classes_]

    @classmethod
    def train(cls, examples: Sequence[Example]) -> "TextClassifier":
        labels = {example.label for example in examples}
        if len(labels) < 2:
            raise DataError("Cần ít nhất hai nhãn khác nhau để huấn luyện. / At least two labels.")
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import Pipeline

        pipeline = Pipeline(
            [
                ("features", TfidfVectorizer(analyzer=syllable_grams, sublinear_tf=True)),
                ("model", LogisticRegression(C=50, max_iter=3000, random_state=SEED)),
            ]
        )
        pipeline.fit([normalize(e.text) for e in examples], [e.label for e in examples])
        return cls(pipeline)

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        if not texts:
            return []
        probabilities = self.pipeline.predict_proba([normalize(text) for text in texts])
        labels = self.labels
        predictions = []
        for row in probabilities:
            order = np.argsort(row)[::-1]
            best = order[0]
            predictions.append(
                Prediction(
                    label=labels[best],
                    confidence=float(row[best]),
                    alternatives=tuple((labels[i], float(row[i])) for i in order[1:4]),
                )
            )
        return predictions

    def score(self, examples: Sequence[Example]) -> Scores:
        predicted = [p.label for p in self.predict([e.text for e in examples])]
        return scores_of([e.label for e in examples], predicted)

    def dumps(self) -> bytes:
        return pickle.dumps(self.pipeline, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def loads(cls, blob: bytes) -> "TextClassifier":
        return cls(pickle.loads(blob))  # noqa: S301 - written by this application only


def library_version() -> str:
    return f"scikit-learn {version('scikit-learn')}"


def scores_of(truth: Sequence[str], predicted: Sequence[str]) -> Scores:
    """Accuracy and macro-F1, with a 95% bootstrap interval for macro-F1 (test examples
    resampled with replacement, percentile interval)."""
    from sklearn.metrics import accuracy_score, f1_score

    if not truth:
        raise DataError("Tệp kiểm tra không có mẫu nào. / The test file has no examples.")
    truth_array, predicted_array = np.array(truth), np.array(predicted)
    labels = sorted(set(truth))
    macro = f1_score(truth_array, predicted_array, labels=labels, average="macro", zero_division=0)
    rng = np.random.default_rng(SEED)
    samples = []
    for _round in range(BOOTSTRAP_ROUNDS):
        index = rng.integers(0, len(truth_array), len(truth_array))
        sample_truth = truth_array[index]
        samples.append(
            f1_score(
                sample_truth,
                predicted_array[index],
                labels=sorted(set(sample_truth)),
                average="macro",
                zero_division=0,
            )
        )
    low, high = np.percentile(samples, [2.5, 97.5])
    per_label_f1 = f1_score(
        truth_array, predicted_array, labels=labels, average=None, zero_division=0
    )
    per_label = {
        label: {"f1": round(float(f1), 4), "support": int((truth_array == label).sum())}
        for label, f1 in zip(labels, per_label_f1, strict=True)
    }
    return Scores(
        accuracy=float(accuracy_score(truth_array, predicted_array)),
        macro_f1=float(macro),
        macro_f1_low=float(low),
        macro_f1_high=float(high),
        examples=len(truth),
        per_label=per_label,
    )


def read_texts(path: Path) -> list[dict]:
    """Rows of a CSV file with a `text` column, or of a JSON-lines file with a "text" key.
    Each row keeps its other fields (`label`, `id`…)."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DataError(f"Không đọc được tệp {path} / Cannot read {path}: {error}") from error
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataError(f"Tệp {path} không phải UTF-8. / {path} is not UTF-8 text.") from error
    rows = (
        _json_lines(content, path) if _looks_like_json_lines(path, content) else _csv(content, path)
    )
    for number, row in enumerate(rows, start=1):
        if not isinstance(row.get("text"), str):
            raise DataError(
                f"Dòng {number} của {path} không có trường 'text'. / "
                f"Row {number} of {path} has no 'text' field."
            )
    return rows


def read_examples(path: Path) -> list[Example]:
    """Labelled rows (`text,label`) from CSV or JSON lines; rows with an empty label are
    refused, not skipped, so a mistake in the file is seen."""
    examples = []
    for number, row in enumerate(read_texts(path), start=1):
        label = str(row.get("label") or "").strip()
        if not label:
            raise DataError(
                f"Dòng {number} của {path} không có nhãn (label). / "
                f"Row {number} of {path} has no label."
            )
        examples.append(Example(text=row["text"], label=label))
    if not examples:
        raise DataError(f"Tệp {path} không có mẫu nào. / {path} has no examples.")
    return examples


def _looks_like_json_lines(path: Path, content: str) -> bool:
    if path.suffix.lower() in {".jsonl", ".ndjson", ".json"}:
        return True
    return content.lstrip().startswith("{")


def _json_lines(content: str, path: Path) -> list[dict]:
    rows = []
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise DataError(
                f"Dòng {number} của {path} không phải JSON hợp lệ. / "
                f"Line {number} of {path} is not valid JSON: {error.msg}"
            ) from error
        if not isinstance(row, dict):
            raise DataError(
                f"Dòng {number} của {path} phải là một đối tượng JSON. / "
                f"Line {number} of {path} must be a JSON object."
            )
        rows.append(row)
    return rows


def _csv(content: str, path: Path) -> list[dict]:
    reader = csv.DictReader(io.StringIO(content))
    if not reader.fieldnames or "text" not in reader.fieldnames:
        raise DataError(
            f"Tệp {path} cần dòng tiêu đề có cột 'text' (và 'label'). / "
            f"{path} needs a header row with a 'text' column (and 'label')."
        )
    try:
        return [dict(row) for row in reader]
    except csv.Error as error:
        raise DataError(f"Tệp CSV {path} bị lỗi: {error} / Malformed CSV {path}") from error


def labelled(texts: Iterable[str], labels: Iterable[str]) -> list[Example]:
    return [Example(text, label) for text, label in zip(texts, labels, strict=True)]
