"""fold() makes the search key that lets people type with or without diacritics."""

import unicodedata

import pytest

from nghedan.lib.text import as_id, clean, fold, unify_tone_marks


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Phường Hòa Khánh", "phuong hoa khanh"),
        ("phuong hoa khanh", "phuong hoa khanh"),
        ("PHƯỜNG HOÀ KHÁNH", "phuong hoa khanh"),
        ("Đà Nẵng", "da nang"),
        ("đặc khu Phú Quốc", "dac khu phu quoc"),
        ("  Quận   1, TP.HCM ", "quan 1 tp hcm"),
        ("", ""),
    ],
)
def test_fold_removes_diacritics_case_and_punctuation(typed, key):
    assert fold(typed) == key


@pytest.mark.parametrize(
    ("old_style", "new_style"),
    [("hòa", "hoà"), ("Thủy", "Thuỷ"), ("Khỏe", "Khoẻ"), ("Hòa Bình", "Hoà Bình")],
)
def test_fold_makes_both_tone_mark_conventions_equal(old_style, new_style):
    assert fold(old_style) == fold(new_style)


def test_fold_treats_precomposed_and_decomposed_text_alike():
    word = "Nguyễn Thị Hằng"

    assert fold(unicodedata.normalize("NFD", word)) == fold(word) == "nguyen thi hang"


def test_fold_accepts_none():
    assert fold(None) == ""


def test_clean_normalises_to_nfc_and_collapses_spaces_but_keeps_paragraphs():
    raw = unicodedata.normalize("NFD", "  Rác   thải\r\n\r\n\r\n\r\nbốc  mùi  ")

    assert clean(raw) == "Rác thải\n\nbốc mùi"
    assert unicodedata.is_normalized("NFC", clean(raw))


@pytest.mark.parametrize(
    ("written", "unified"),
    [
        ("hòa", "hoà"),
        ("HÒA", "HOÀ"),
        ("Thủy", "Thuỷ"),
        ("khỏe mạnh", "khoẻ mạnh"),
        ("tòa án", "toà án"),
        ("Ủy ban nhân dân", "Uỷ ban nhân dân"),
        ("Nguyễn Thị Thủy, xã Hòa Khánh", "Nguyễn Thị Thuỷ, xã Hoà Khánh"),
    ],
)
def test_unify_tone_marks_moves_the_mark_of_open_oa_oe_uy_syllables(written, unified):
    assert unify_tone_marks(written) == unified


@pytest.mark.parametrize("word", ["hoà", "quý", "quả", "Hoàng", "thuyền", "khuỷu", "Thanh Hoá"])
def test_unify_tone_marks_leaves_words_that_have_one_spelling(word):
    assert unify_tone_marks(word) == word


def test_unify_tone_marks_accepts_decomposed_input():
    assert unify_tone_marks(unicodedata.normalize("NFD", "Hòa Bình")) == "Hoà Bình"


def test_clean_stores_one_tone_mark_convention():
    assert clean("  Đường   Hòa  Bình bị ngập ") == "Đường Hoà Bình bị ngập"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("", None),
        ("0", None),
        ("²", None),
        ("١٢", None),
        ("-3", None),
        ("1e3", None),
        (str(2**63), None),
        (str(2**63 - 1), 2**63 - 1),
        (None, None),
    ],
)
def test_an_id_typed_in_a_url_is_a_number_a_database_can_hold_or_nothing(typed, expected):
    assert as_id(typed) == expected


def test_cleaning_drops_control_characters_but_keeps_lines():
    # NUL cannot be stored in PostgreSQL; escape sequences would drive a terminal.
    assert clean("Đường\x00 ngập\x1b[31m\r\nnước\rvào nhà\x7f") == "Đường ngập[31m\nnước\nvào nhà"
