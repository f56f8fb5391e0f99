"""Whatever text is about to be shown publicly, redaction reads it: findings are exact,
ordered, non-overlapping slices of the text, the redacted text is the text with each of
them replaced by its placeholder, and nothing raises. The texts are arbitrary Unicode
(see `any_text.py`) with the labels and shapes of personal data mixed in."""

import unicodedata

import pytest
from hypothesis import given

from nghedan.lib.redact import PLACEHOLDERS, find_personal_data, redact
from nghedan.lib.tests.any_text import FUZZ, any_text, long_texts

WORDS = [
    "0912 345 678",
    "+84 (0) 912 345 678",
    "CCCD",
    "001085012345",
    "hộ chiếu B1234567",
    "stk",
    "STK 0123456789",
    "biển số",
    "29A-123.45",
    "số nhà",
    "12/3/4",
    "ngách 4/12",
    "căn hộ",
    "P.",
    "ông",
    "bà",
    "tôi là",
    "NGUYỄN VĂN",
    "Nguyễn Văn An",
    "a@b.vn",
    "@",
]
TEXTS = any_text(WORDS)


def _check(text: str) -> None:
    findings = find_personal_data(text)
    end = 0
    pieces = []
    for finding in findings:
        assert finding.kind in PLACEHOLDERS
        assert end <= finding.start < finding.end <= len(text)
        assert finding.text == text[finding.start : finding.end]
        pieces += [text[end : finding.start], PLACEHOLDERS[finding.kind]]
        end = finding.end
    assert redact(text) == "".join([*pieces, text[end:]])


@FUZZ
@given(TEXTS)
def test_any_text_is_redacted_without_error(text):
    _check(text)


@FUZZ
@given(TEXTS)
def test_decomposed_text_is_redacted_without_error(text):
    _check(unicodedata.normalize("NFD", text))


@pytest.mark.parametrize("index", range(len(long_texts(WORDS))))
def test_a_hundred_thousand_characters_are_redacted(index):
    _check(long_texts(WORDS)[index])
