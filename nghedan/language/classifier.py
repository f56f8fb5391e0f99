"""Text classifiers that work for any label set: topics, agency types, an agency's own.

Features of the normalised text: syllables, syllable pairs and triples as written (the
marks tell "sập" from "sắp"), syllables and pairs without diacritics (which match text
typed without them), and character 2–5-grams within words of the text and of its
diacritic-free key (which catch misspellings, run-together words and word forms); then a
linear SVM with classes weighted inversely to their frequency, so that a rare label
(an "other" topic, a neutral opinion) is not drowned by the common ones. Cross-validation
on the training examples only picks the regularisation, and the SVMs of its folds are
averaged; the label is the SVM's, and its probability (from logistic curves fitted on
the held-out scores, Platt scaling) is the confidence that decides between suggesting
and sending to triage.
Scores on real feedback and on the shipped corpus: docs/model-card.md. scikit-learn,
because it trains in seconds on a laptop, needs no downloaded weights and is read by
every data scientist.
"""

import codecs
import csv
import io
import json
import pickle
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from nghedan.language.normalize import normalize
from nghedan.lib.text import fold

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix
    from sklearn.pipeline import Pipeline
    from sklearn.svm import LinearSVC

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
    """Word features of a normalised text: its syllables, syllable pairs and triples as
    written, and its syllables and pairs again without diacritics (marked "~"), so that
    typed-without-marks text meets the same vocabulary. One analyser for all of them is
    several times faster per text than one vectoriser for each."""
    marked = _WORD.findall(text)
    folded = fold(text).split()
    grams = marked + [f"{a} {b}" for a, b in pairwise(marked)]
    grams += [f"{a} {b} {c}" for a, b, c in zip(marked, marked[1:], marked[2:], strict=False)]
    grams += [f"~{a}" for a in folded] + [f"~{a} {b}" for a, b in pairwise(folded)]
    return grams


def char_grams(text: str) -> list[str]:
    """Character 2–5-grams within each word, the word padded with a space on each side
    (scikit-learn's "char_wb")."""
    grams: list[str] = []
    for word in text.split():
        grams += _cached_char_grams(word) if len(word) <= CACHED_WORD else _word_char_grams(word)
    return grams


# Vietnamese is written in a few thousand syllables: most words have been seen before.
# Only short words are kept, so that the cache stays small whatever people type.
CACHED_WORD = 16


def _word_char_grams(word: str) -> tuple[str, ...]:
    padded = f" {word} "
    return tuple(
        padded[i : i + n]
        for n in range(2, min(5, len(padded)) + 1)
        for i in range(len(padded) - n + 1)
    )


_cached_char_grams = lru_cache(maxsize=100_000)(_word_char_grams)


# Character n-grams are taken from the start of a long text only: they add most for short
# texts and misspelt words, and they bound the time one text takes (words are read whole).
CHAR_GRAMS_TEXT = 1000


def _gram_blocks(text: str) -> tuple[list[str], list[str], list[str]]:
    start = text[:CHAR_GRAMS_TEXT]
    return syllable_grams(text), char_grams(start), char_grams(fold(start))


# The character n-grams add to the words rather than replace them: the weight of each
# block of features (words, characters, characters without diacritics), each block of a
# row having unit length; chosen by 5-fold cross-validation on real feedback
# (docs/model-card.md).
BLOCK_WEIGHTS = (1.0, 0.4, 0.3)
# Character n-grams seen in one training text only are left out once there are this many
# texts: they are mostly names and typing slips, and they make the model larger.
CHAR_MIN_DF_FROM = 50
# The SVM's regularisation is picked from these by cross-validation on the training
# examples (larger: fits the training texts more closely). Real feedback does best with
# 0.3, the small shipped corpus with 1 (docs/model-card.md).
C_CHOICES = (0.3, 1.0)
INNER_FOLDS = 5


class GramVectorizer:
    """TF-IDF (sublinear term frequency, smoothed idf, as scikit-learn's) over the three
    blocks of `_gram_blocks`, each block normalised to unit length and weighted by
    BLOCK_WEIGHTS. One pass per text with plain dictionaries: reading one text takes a
    fraction of a millisecond, where three scikit-learn vectorisers joined by a
    FeatureUnion took several."""

    def __init__(self, examples: int):
        self.min_df = (1, *(2 if examples >= CHAR_MIN_DF_FROM else 1,) * 2)

    def fit_transform(self, texts: Sequence[str]) -> "csr_matrix":
        blocks = [_gram_blocks(text) for text in texts]
        self.vocabulary: list[dict[str, int]] = []
        idf: list[float] = []
        block_of: list[int] = []
        for b, min_df in enumerate(self.min_df):
            df = Counter(gram for row in blocks for gram in set(row[b]))
            kept = sorted(gram for gram, count in df.items() if count >= min_df)
            self.vocabulary.append({gram: len(idf) + i for i, gram in enumerate(kept)})
            idf += [np.log((1 + len(texts)) / (1 + df[gram])) + 1 for gram in kept]
            block_of += [b] * len(kept)
        self.idf = np.array(idf)
        self.block_of = np.array(block_of, dtype=np.int8)
        return self._matrix(blocks, len(blocks))

    def transform(self, texts: Sequence[str]) -> "csr_matrix":
        # One text's grams at a time: a batch's millions of short strings would otherwise
        # all be alive at once and make the garbage collector rescan them.
        return self._matrix((_gram_blocks(text) for text in texts), len(texts))

    def _matrix(self, blocks: Iterable[tuple[list[str], ...]], rows: int) -> "csr_matrix":
        from scipy.sparse import csr_matrix

        weights = np.array(BLOCK_WEIGHTS)
        indices, values, indptr = [], [], [0]
        for row in blocks:
            found, counts = [], []
            for grams, vocabulary in zip(row, self.vocabulary, strict=True):
                get = vocabulary.get
                for gram, count in Counter(grams).items():
                    if (i := get(gram)) is not None:
                        found.append(i)
                        counts.append(count)
            index = np.array(found, dtype=np.int64)
            value = (1 + np.log(np.array(counts, dtype=np.float64))) * self.idf[index]
            block = self.block_of[index]
            norms = np.sqrt(np.bincount(block, weights=value * value, minlength=len(weights)))
            value *= (weights / np.where(norms > 0, norms, 1))[block]
            indices.append(index)
            values.append(value)
            indptr.append(indptr[-1] + len(found))
        return csr_matrix(
            (
                np.concatenate([np.zeros(0), *values]),
                np.concatenate([np.zeros(0, np.int64), *indices]),
                np.array(indptr),
            ),
            shape=(rows, len(self.idf)),
        )


def _svm(c: float) -> "LinearSVC":
    from sklearn.svm import LinearSVC

    return LinearSVC(C=c, class_weight="balanced", max_iter=5000, random_state=SEED)


def _columns(scores: np.ndarray) -> np.ndarray:
    """Decision scores as one column per label; a two-label SVM gives one score."""
    return np.column_stack([-scores, scores]) if scores.ndim == 1 else scores


def _sigmoids(scores: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """For each label, the logistic curve (slope and offset) from its held-out SVM score to
    the chance that a text has that label (Platt scaling, one label against the rest).
    A text far from every label (a vague one: every score low) gets a low chance for all
    of them, and so, once the chances are divided by their sum, no confident label."""
    from sklearn.linear_model import LogisticRegression

    curves = np.zeros((2, scores.shape[1]))
    for label in range(scores.shape[1]):
        platt = LogisticRegression(C=1e4).fit(scores[:, [label]], truth == label)
        curves[:, label] = platt.coef_[0, 0], platt.intercept_[0]
    return curves


class LinearTextModel:
    """Word and character TF-IDF features, the weights of class-weighted linear SVMs, and
    the curves that turn their scores into probabilities. Reads normalised text; needs
    numpy and scipy only once fitted."""

    def __init__(
        self,
        *,
        features: GramVectorizer,
        classes: np.ndarray,
        coef: np.ndarray,
        intercept: np.ndarray,
        curves: np.ndarray,
        c: float,
    ):
        self.features = features
        self.classes_ = classes
        self.coef = coef  # features × labels (one column for two labels)
        self.intercept = intercept
        self.curves = curves  # slope and offset per label
        self.c = c

    def decide(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """The SVM's label (index into `classes_`) and each label's probability, per text.
        The label is the highest score, where the classes weigh alike; the probability
        is calibrated on the labels' real frequencies, so a rare label can be chosen
        with a probability below a common runner-up's: such a text is uncertain and goes
        to triage under the confidence setting."""
        scores = np.asarray(self.features.transform(texts) @ self.coef) + self.intercept
        scores = _columns(scores[:, 0]) if scores.shape[1] == 1 else scores
        chances = 1 / (1 + np.exp(-np.clip(scores * self.curves[0] + self.curves[1], -30, 30)))
        return scores.argmax(axis=1), chances / chances.sum(axis=1, keepdims=True)

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return self.decide(texts)[1]

    @classmethod
    def fit(cls, texts: Sequence[str], labels: Sequence[str]) -> "LinearTextModel":
        """Fit on `texts` by stratified k-fold cross-validation on these texts only
        (shuffled with the seed): one SVM per fold, for each C of C_CHOICES. The C whose
        held-out scores give the best macro-F1 is kept; the model is the average of its
        fold SVMs (the same linear model form, a little steadier than one SVM), and the
        probability curves are fitted on their held-out scores, so that they match models
        that did not see the texts they score. With fewer than two texts of some label
        there is nothing to hold back: one SVM with C_CHOICES[0], and its scores through
        the plain logistic curve."""
        from sklearn.metrics import f1_score
        from sklearn.model_selection import StratifiedKFold

        features = GramVectorizer(len(texts))
        matrix = features.fit_transform(texts)
        truth = np.asarray(labels)
        classes, counts = np.unique(truth, return_counts=True)
        folds = min(INNER_FOLDS, int(counts.min()))
        if folds < 2:
            svm = _svm(C_CHOICES[0]).fit(matrix, truth)
            return cls(
                features=features,
                classes=classes,
                coef=svm.coef_.T.copy(),
                intercept=svm.intercept_,
                curves=np.array([[1.0], [0.0]]).repeat(len(classes), axis=1),
                c=C_CHOICES[0],
            )
        splits = list(StratifiedKFold(folds, shuffle=True, random_state=SEED).split(matrix, truth))
        best = None
        for c in C_CHOICES:
            scores = np.zeros((len(truth), len(classes)))
            coef, intercept = 0.0, 0.0
            for train, held in splits:
                svm = _svm(c).fit(matrix[train], truth[train])
                scores[held] = _columns(svm.decision_function(matrix[held]))
                coef, intercept = coef + svm.coef_ / folds, intercept + svm.intercept_ / folds
            f1 = f1_score(truth, classes[scores.argmax(axis=1)], average="macro")
            if best is None or f1 > best[0]:
                best = (f1, c, scores, coef, intercept)
        assert best is not None  # C_CHOICES is not empty
        _f1, c, scores, coef, intercept = best
        return cls(
            features=features,
            classes=classes,
            coef=np.asarray(coef).T.copy(),
            intercept=np.asarray(intercept),
            curves=_sigmoids(scores, np.searchsorted(classes, truth)),
            c=c,
        )


class TextClassifier:
    """A fitted classifier. Reads raw text; normalises it once per call."""

    def __init__(self, model: "LinearTextModel | Pipeline"):
        # Any fitted model with `classes_` and `predict_proba` over normalised texts.
        self.model = model

    @property
    def labels(self) -> list[str]:
        return [str(label) for label in self.model.classes_]

    @classmethod
    def train(cls, examples: Sequence[Example]) -> "TextClassifier":
        labels = {example.label for example in examples}
        if len(labels) < 2:
            raise DataError("Cần ít nhất hai nhãn khác nhau để huấn luyện. / At least two labels.")
        return cls(
            LinearTextModel.fit([normalize(e.text) for e in examples], [e.label for e in examples])
        )

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        if not texts:
            return []
        normalised = [normalize(text) for text in texts]
        if isinstance(self.model, LinearTextModel):
            chosen, probabilities = self.model.decide(normalised)
        else:  # a model stored before LinearTextModel: a pipeline ending in a classifier
            probabilities = self.model.predict_proba(normalised)
            chosen = probabilities.argmax(axis=1)
        labels = self.labels
        predictions = []
        for best, row in zip(chosen, probabilities, strict=True):
            others = [i for i in np.argsort(row)[::-1] if i != best]
            predictions.append(
                Prediction(
                    label=labels[best],
                    confidence=float(row[best]),
                    alternatives=tuple((labels[i], float(row[i])) for i in others[:3]),
                )
            )
        return predictions

    def score(self, examples: Sequence[Example]) -> Scores:
        predicted = [p.label for p in self.predict([e.text for e in examples])]
        return scores_of([e.label for e in examples], predicted)

    def dumps(self) -> bytes:
        return pickle.dumps(self.model, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def loads(cls, blob: bytes) -> "TextClassifier":
        return cls(pickle.loads(blob))  # noqa: S301 - written by this application only


BASELINE = "TF-IDF word 1–2-grams + LinearSVC"


def baseline_scores(train: Sequence[Example], test: Sequence[Example]) -> Scores | None:
    """The reference a model is measured against in the same run: scikit-learn's
    TfidfVectorizer (word 1–2-grams, default settings) and LinearSVC on the raw text.
    None when it cannot be trained (no text has a word of two letters)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    reference = make_pipeline(TfidfVectorizer(ngram_range=(1, 2)), LinearSVC(random_state=SEED))
    try:
        reference.fit([e.text for e in train], [e.label for e in train])
    except ValueError:  # an empty vocabulary
        return None
    return scores_of([e.label for e in test], list(reference.predict([e.text for e in test])))


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
