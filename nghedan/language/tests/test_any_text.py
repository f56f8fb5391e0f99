"""Whatever a citizen types or a batch file holds, every step of the language pipeline
reads it: normal form, urgency and feeling, duplicate signatures, topic and the whole
analysis return their usual kind of answer and never raise. The texts are arbitrary
Unicode (see `nghedan/lib/tests/any_text.py`) with every abbreviation the pipeline spells
out, with and without its dot; the 100,000-character texts are the kinds that would make
a careless scan quadratic."""

import re
from itertools import product
from string import ascii_letters

import numpy as np
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings

from nghedan.jobs.models import Job, JobStatus
from nghedan.jobs.runner import run_pending
from nghedan.language.classifier import Prediction, syllable_grams
from nghedan.language.duplicates import (
    BANDS,
    NUM_PERM,
    band_keys,
    shingles,
    signature,
    signature_bytes,
    signature_from,
    similarity,
)
from nghedan.language.grouping import (
    ISSUES,
    N_FEATURES,
    cosine,
    issues_named,
    text_vector,
    vector_bytes,
    vector_from,
)
from nghedan.language.models import PetitionAnalysis
from nghedan.language.normalize import (
    _SHORTHAND,
    _UNIT_WORDS,
    _UPPER_CASE_ONLY,
    expand_abbreviations,
    has_diacritics,
    normalize,
    search_key,
)
from nghedan.language.pipeline import TextAnalysis, text_analyse, topic_suggest
from nghedan.language.signals import STRONGLY_NEGATIVE, URGENT_PHRASES, Signals, signals_read
from nghedan.lib.tests.any_text import FUZZ, any_text, long_texts
from nghedan.test import submit

ABBREVIATIONS = [*_UNIT_WORDS, *_SHORTHAND, *_UPPER_CASE_ONLY, "t.p", "tt", "TT"]
TEXTS = any_text(ABBREVIATIONS)
LONG = long_texts(ABBREVIATIONS)


# --- Abbreviations -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "spelled"),
    [
        ("TT. Xuân Mai", "thị trấn Xuân Mai"),
        ("tt. Xuân Mai", "thị trấn Xuân Mai"),
        ("Tt.Xuân Mai", "thị trấn Xuân Mai"),
        ("TT Xuân Mai", "thị trấn Xuân Mai"),
        ("tt.tt.", "thị trấn tt."),
        ("TX. Sơn Tây", "thị xã Sơn Tây"),
        ("Ph.Trúc Bạch", "phường Trúc Bạch"),
    ],
)
def test_the_town_abbreviation_tt_with_its_dot_is_spelled_out_not_a_crash(typed, spelled):
    assert expand_abbreviations(typed) == spelled


@pytest.mark.parametrize("key", sorted(_UNIT_WORDS))
def test_every_unit_abbreviation_is_spelled_out_in_any_case_with_its_dot(key):
    for typed in (key, key.upper(), key.capitalize()):
        assert expand_abbreviations(f"{typed}. Tân Hiệp") == f"{_UNIT_WORDS[key]} Tân Hiệp"
        assert expand_abbreviations(f"{typed}.5") == f"{_UNIT_WORDS[key]} 5"


def test_any_one_or_two_letters_with_a_dot_before_a_name_is_read_without_error():
    # Every form the pattern of unit abbreviations can match has its expansion.
    for size in (1, 2):
        for letters in product(ascii_letters, repeat=size):
            typed = "".join(letters)
            spelled = expand_abbreviations(f"{typed}. Xuân Mai")
            if typed.lower() in _UNIT_WORDS and typed in (
                typed.lower(),
                typed.upper(),
                typed.capitalize(),
            ):
                assert spelled == f"{_UNIT_WORDS[typed.lower()]} Xuân Mai"


def test_a_town_named_with_tt_is_read_whole():
    assert normalize("Đường ở TT. Xuân Mai ngập") == "đường ở thị trấn xuân mai ngập"
    assert search_key("tt.Xuân Mai") == "thi tran xuan mai"


# --- Normal form ---------------------------------------------------------------------------


@FUZZ
@given(TEXTS)
def test_any_text_has_a_normal_form_and_a_search_key(text):
    normal = normalize(text)
    key = search_key(text)

    assert isinstance(normal, str)
    assert normal == normal.lower()
    assert re.fullmatch(r"(?:[0-9a-z]+(?: [0-9a-z]+)*)?", key)
    assert isinstance(has_diacritics(text), bool)
    assert isinstance(syllable_grams(normal), list)


# --- Urgency and feeling -------------------------------------------------------------------


def _assert_well_formed(signals: Signals) -> None:
    assert signals.is_urgent == bool(signals.urgency)
    assert {category for category, _ in signals.urgency} <= set(URGENT_PHRASES)
    assert all(words for _, words in signals.urgency)
    assert signals.sentiment >= 0
    assert signals.is_negative == (signals.sentiment >= STRONGLY_NEGATIVE)


@FUZZ
@given(TEXTS)
def test_any_text_is_read_for_urgency_and_feeling(text):
    _assert_well_formed(signals_read(text))


# --- Duplicate signatures ------------------------------------------------------------------


@FUZZ
@given(TEXTS)
def test_any_text_has_a_signature_or_none_when_it_has_nothing_to_compare(text):
    values = signature(text)

    if not shingles(text):
        assert values is None
        assert signature_bytes(values) == b""
        return
    assert values.dtype == np.uint32
    assert values.shape == (NUM_PERM,)
    assert np.array_equal(signature_from(signature_bytes(values)), values)
    assert similarity(values, values) == 1.0
    assert len(band_keys(values, scope=7)) == BANDS


def test_the_signature_of_text_with_lone_surrogates_is_that_of_its_readable_words():
    assert signature("ngập sâu \ud800 đường Đội Cấn") is not None


@FUZZ
@given(TEXTS)
def test_any_text_has_a_grouping_vector_or_none_when_it_has_nothing_to_compare(text):
    vector = text_vector(text)

    if vector is None:
        assert not search_key(text).strip()
        assert vector_bytes(vector) == b""
        assert vector_from(b"") is None
        return
    assert vector.indices.dtype == np.int32 and vector.values.dtype == np.float32
    assert np.all(np.diff(vector.indices) > 0)
    assert np.all((vector.indices >= 0) & (vector.indices < N_FEATURES + len(ISSUES)))
    assert abs(float(np.dot(vector.values, vector.values)) - 1) < 1e-4
    stored = vector_from(vector_bytes(vector))
    assert stored is not None
    assert np.array_equal(stored.indices, vector.indices)
    assert abs(cosine(stored, vector) - 1) < 1e-2
    assert issues_named(text) <= set(ISSUES)


def test_a_stored_grouping_vector_of_another_version_or_cut_short_is_ignored():
    blob = vector_bytes(text_vector("Đường Đội Cấn ngập sâu"))

    assert vector_from(b"\x02" + blob[1:]) is None
    assert vector_from(blob[:-1]) is None
    assert vector_from(blob[:3]) is None


# --- Long texts ----------------------------------------------------------------------------


@pytest.mark.parametrize("index", range(len(LONG)))
def test_a_text_of_a_hundred_thousand_characters_is_read_whole(index):
    text = LONG[index]

    assert len(text) == 100_000
    _assert_well_formed(signals_read(text))
    assert isinstance(normalize(text), str)
    signature(text)
    vector = text_vector(text)
    # Only the beginning is compared: the stored vector stays small.
    assert vector is None or len(vector_bytes(vector)) < 40_000


# --- Topic and the whole analysis ----------------------------------------------------------


@pytest.mark.django_db
@hypothesis_settings(FUZZ, max_examples=60)
@given(text=TEXTS)
def test_any_text_gets_a_topic_suggestion_and_a_whole_analysis(world, text):
    prediction = topic_suggest(text=text)
    analysis = text_analyse(text=text)

    assert isinstance(prediction, Prediction)
    assert 0 <= prediction.confidence <= 1
    assert isinstance(analysis, TextAnalysis)
    assert analysis.topic == prediction
    _assert_well_formed(analysis.signals)


@pytest.mark.django_db
def test_long_texts_get_a_topic_suggestion(world):
    # Places, urgency and signatures of long texts are checked above and in areas' tests.
    for text in LONG:
        prediction = topic_suggest(text=text)

        assert isinstance(prediction, Prediction)
        assert 0 <= prediction.confidence <= 1


@pytest.mark.django_db
def test_a_petition_naming_a_town_as_tt_is_analysed_with_its_place(world):
    analysis = text_analyse(text="Đường ở TT. Xuân Mai ngập sâu sau mưa, đề nghị xử lý")

    assert analysis.signals.urgency == (("flood", ("ngập sâu",)),)
    assert [(m.text, m.level) for m in analysis.mentions] == [("TT. Xuân Mai", "old_commune")]


# --- The analysis job ----------------------------------------------------------------------

HOSTILE_PETITIONS = [
    (
        "Đường ngập ở TT. Xuân Mai",
        "Đường chính tt. Xuân Mai ngập sâu sau mưa, TT Chúc Sơn cũng vậy.",
    ),
    ("tt.tt.", "TT. TT. tt. Tt. TX. TP. P. Q. X. H. Ph. k ko dc đc"),
    ("\u202eđơn\u200f kiến nghị 🌊🔥", "\x00\x01\x1b[31m nước vào nhà \u0301\u0301 ＴＴ．Ｘｕâｎ"),
    ("河内市 مرحبا", "שלום עולם, สวัสดี, Привет: 123456789012345678901234567890 " * 10),
    ("Đường ngập", "ngập sâu " * 2000),
    ("Số dài", "phường " + "9" * 10_000),
]


@pytest.mark.django_db
def test_the_analysis_job_reads_every_petition_whatever_its_text(world):
    petitions = [
        submit(world, topic=None, title=title, body=body).petition
        for title, body in HOSTILE_PETITIONS
    ]

    run_pending()

    jobs = Job.objects.filter(name="language.analyse").order_by("pk")
    assert [(job.status, job.attempts, job.last_error) for job in jobs] == [
        (JobStatus.DONE, 1, "")
    ] * len(HOSTILE_PETITIONS)
    analysed = PetitionAnalysis.objects.filter(petition__in=petitions)
    assert analysed.count() == len(HOSTILE_PETITIONS)
    first = analysed.get(petition=petitions[0])
    assert first.is_urgent
    assert [place["text"] for place in first.places][:2] == ["TT. Xuân Mai", "tt. Xuân Mai"]
