"""Tracking codes: short, unambiguous when read aloud, forgiving when typed."""

import re

import pytest

from nghedan.petitions.codes import new_tracking_code, normalize_tracking_code


def test_a_new_code_is_nd_and_two_groups_of_four_without_ambiguous_letters():
    codes = {new_tracking_code() for _ in range(200)}

    assert len(codes) == 200
    for code in codes:
        assert re.fullmatch(r"ND-[0-9A-Z]{4}-[0-9A-Z]{4}", code)
        assert not set(code[3:]) & set("ILOU")


@pytest.mark.parametrize(
    "typed",
    [
        "ND-4F7K-92QM",
        "nd-4f7k-92qm",
        "nd 4f7k 92qm",
        "nd4f7k92qm",
        " ND 4F7K-92QM ",
        "ND.4F7K.92QM",
        "ND—4F7K—92QM",
    ],
)
def test_spacing_case_and_punctuation_do_not_matter(typed):
    assert normalize_tracking_code(typed) == "ND-4F7K-92QM"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("ND-4F7K-92QO", "ND-4F7K-92Q0"),  # letter O for zero
        ("ND-4F7K-92Qo", "ND-4F7K-92Q0"),
        ("ND-IF7K-92QM", "ND-1F7K-92QM"),  # I for one
        ("nd-lf7k-92qm", "ND-1F7K-92QM"),  # l for one
        ("ND-4F7K-U2QM", "ND-4F7K-V2QM"),  # U for V
    ],
)
def test_letters_mistaken_for_digits_are_read_as_the_code_means(typed, code):
    assert normalize_tracking_code(typed) == code


@pytest.mark.parametrize(("typed", "result"), [("ND-4F7K", "ND-4F7K"), ("", ""), (None, "")])
def test_what_cannot_be_a_code_is_returned_upper_cased_to_find_nothing(typed, result):
    assert normalize_tracking_code(typed) == result


def test_a_code_typed_without_its_prefix_is_found():
    assert normalize_tracking_code("4f7k 92qm") == "ND-4F7K-92QM"


def test_a_code_whose_body_starts_with_nd_is_found_without_its_prefix():
    assert normalize_tracking_code("ND12 3456") == "ND-ND12-3456"
