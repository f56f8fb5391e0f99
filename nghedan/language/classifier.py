"""Text classifiers that work for any label set: topics, agency types, an agency's own.

TF-IDF over syllable 1–2-grams of the normalised text, with diacritics (which tell "sập"
from "sắp") and without (which match text typed without them), then a multinomial
logistic regression, whose probabilities give the confidence that decides between
suggesting and sending to triage. (Character n-grams were tried and scored lower on the
shipped test set; see docs/model-card.md.) scikit-learn, because it trains in
seconds on a laptop, needs no downloaded weights and is read by every data scientist.
"""

import codecs
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


@dataclass(frozen=True)
class RowProblem:
    """A row of a batch file that was left out, and why, in Vietnamese and English. Rows
    are numbered as the file is read: CSV rows after the header, JSON lines by line."""

    number: int
    reason: str
    reason_en: str

    def message(self, path: Path) -> str:
        return (
            f"Dòng {self.number} của {path}: {self.reason}. / "
            f"Row {self.number} of {path}: {self.reason_en}."
        )


@dataclass(frozen=True)
class Rows:
    """The usable rows of a batch file, `(number, fields)`, and the problems of the others."""

    rows: list[tuple[int, dict]]
    problems: list[RowProblem]


# Labels are codes or short names: a longer "label" is text in the wrong column.
MAX_LABEL = 100


def read_texts(path: Path) -> Rows:
    """Rows of a CSV file with a `text` column, or of a JSON-lines file with a "text" key;
    each row keeps its other fields (`label`, `id`…). A row that cannot be read, or whose
    text is missing, empty or not valid UTF-8, is left out with its problem; only a file
    that cannot be read at all is refused (DataError)."""
    found = _rows(path)
    rows, problems = [], list(found.problems)
    for number, row in found.rows:
        problem = _text_problem(number, row.get("text"))
        if problem is None:
            rows.append((number, row))
        else:
            problems.append(problem)
    return Rows(rows, sorted(problems, key=lambda p: p.number))


def read_labelled(path: Path) -> tuple[list[Example], list[RowProblem]]:
    """Labelled rows (`text,label`) from CSV or JSON lines, and the problems of the rows
    left out: those of `read_texts`, and a label that is missing, empty, not text (a JSON
    whole number is read as text), on several lines or longer than MAX_LABEL."""
    texts = read_texts(path)
    examples, problems = [], list(texts.problems)
    for number, row in texts.rows:
        label, problem = _label(number, row.get("label"))
        if problem is None:
            examples.append(Example(text=row["text"], label=label))
        else:
            problems.append(problem)
    return examples, sorted(problems, key=lambda p: p.number)


def read_examples(path: Path) -> list[Example]:
    """Labelled rows of a file that must be whole (the shipped corpus): any problem in a
    row refuses the file, so that a mistake is seen."""
    examples, problems = read_labelled(path)
    if problems:
        raise DataError(problems[0].message(path))
    return examples_required(path, examples, problems)


def examples_required(
    path: Path, examples: list[Example], problems: Sequence[RowProblem]
) -> list[Example]:
    """`examples`, or a DataError when the file gave none (saying why, if rows were left out)."""
    if examples:
        return examples
    if not problems:
        raise DataError(f"Tệp {path} không có mẫu nào. / {path} has no examples.")
    first = problems[0]
    raise DataError(
        f"Tệp {path} không có mẫu nào dùng được (dòng {first.number}: {first.reason}). / "
        f"{path} has no usable examples (row {first.number}: {first.reason_en})."
    )


def _text_problem(number: int, text: object) -> RowProblem | None:
    if text is None:
        return RowProblem(number, "không có trường 'text'", "it has no 'text' field")
    if not isinstance(text, str):
        return RowProblem(number, "trường 'text' không phải chữ", "its 'text' is not text")
    if not _is_utf8(text):
        return RowProblem(number, "văn bản không phải UTF-8 hợp lệ", "its text is not valid UTF-8")
    if not text.strip():
        return RowProblem(number, "văn bản trống", "its text is empty")
    return None


def _label(number: int, value: object) -> tuple[str, RowProblem | None]:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        return "", RowProblem(number, "không có nhãn (label)", "it has no label")
    if not isinstance(value, str):
        return "", RowProblem(number, "nhãn không phải chữ", "its label is not text")
    label = value.strip()
    if not _is_utf8(label):
        return "", RowProblem(
            number, "nhãn không phải UTF-8 hợp lệ", "its label is not valid UTF-8"
        )
    if len(label) > MAX_LABEL or "\n" in label or "\r" in label:
        return "", RowProblem(
            number,
            f"nhãn dài quá {MAX_LABEL} ký tự hoặc nhiều dòng",
            f"its label is longer than {MAX_LABEL} characters or on several lines",
        )
    return label, None


def _is_utf8(text: str) -> bool:
    """False for text holding lone surrogates: bytes that were not UTF-8 (kept by the
    reader as surrogate escapes) or a JSON "\\ud800" escape."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _rows(path: Path) -> Rows:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DataError(f"Không đọc được tệp {path} / Cannot read {path}: {error}") from error
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DataError(f"Tệp {path} không phải UTF-8. / {path} is not UTF-8 text.")
    # Bytes that are not UTF-8 are kept as surrogate escapes: only their rows are refused.
    content = raw.decode("utf-8-sig", errors="surrogateescape")
    if _looks_like_json_lines(path, content):
        return _json_lines(content)
    return _csv(content, path)


def _looks_like_json_lines(path: Path, content: str) -> bool:
    if path.suffix.lower() in {".jsonl", ".ndjson", ".json"}:
        return True
    return content.lstrip().startswith("{")


def _json_lines(content: str) -> Rows:
    rows, problems = [], []
    # Lines end at "\n" only: JSON strings may hold U+2028, U+0085 and other line breaks.
    for number, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        if not _is_utf8(line):
            problems.append(
                RowProblem(number, "dòng không phải UTF-8 hợp lệ", "the line is not valid UTF-8")
            )
            continue
        try:
            row = json.loads(line)
        except (ValueError, RecursionError) as error:
            reason = error.msg if isinstance(error, json.JSONDecodeError) else str(error)
            problems.append(
                RowProblem(
                    number, f"không phải JSON hợp lệ ({reason})", f"it is not valid JSON ({reason})"
                )
            )
            continue
        if not isinstance(row, dict):
            problems.append(
                RowProblem(number, "phải là một đối tượng JSON", "it must be a JSON object")
            )
            continue
        rows.append((number, row))
    return Rows(rows, problems)


def _csv(content: str, path: Path) -> Rows:
    reader = csv.DictReader(io.StringIO(content))
    try:
        fieldnames = reader.fieldnames
    except csv.Error as error:
        raise DataError(f"Tệp CSV {path} bị lỗi: {error} / Malformed CSV {path}") from error
    if fieldnames and not all(_is_utf8(name) for name in fieldnames):
        raise DataError(f"Tệp {path} không phải UTF-8. / {path} is not UTF-8 text.")
    if not fieldnames or "text" not in fieldnames:
        raise DataError(
            f"Tệp {path} cần dòng tiêu đề có cột 'text' (và 'label'). / "
            f"{path} needs a header row with a 'text' column (and 'label')."
        )
    rows, problems = [], []
    number = 0
    while True:
        number += 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(
                RowProblem(number, f"dòng CSV bị lỗi ({error})", f"it is malformed CSV ({error})")
            )
            continue
        if None in row:  # more fields than the header names: a comma outside quotes
            problems.append(
                RowProblem(
                    number,
                    "có nhiều cột hơn dòng tiêu đề (dấu phẩy ngoài ngoặc kép?)",
                    "it has more fields than the header (a comma outside quotes?)",
                )
            )
            continue
        rows.append((number, dict(row)))
    return Rows(rows, problems)


def labelled(texts: Iterable[str], labels: Iterable[str]) -> list[Example]:
    return [Example(text, label) for text, label in zip(texts, labels, strict=True)]
