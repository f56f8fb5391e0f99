"""Spreadsheet cells that can never run as formulas (OWASP "CSV Injection")."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy

from nghedan.lib.spreadsheet import safe_cell, safe_row


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://example.com","Bấm vào")',
        "+SUM(1,2)",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
        "  =1+1",
        "＝1+1",
    ],
)
def test_text_a_spreadsheet_would_run_as_a_formula_gets_a_leading_quote(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value",
    [
        "Rác thải tồn đọng trên phố Đội Cấn",
        "Tỷ lệ = 50%",
        "3 / 1",
        "",
        -5,
        2.5,
        Decimal("-1.5"),
        date(2026, 11, 25),
        True,
        None,
    ],
)
def test_anything_else_is_left_as_it_is(value):
    assert safe_cell(value) == value
    assert type(safe_cell(value)) is type(value)


def test_lazy_text_is_written_as_text_and_guarded_too():
    assert safe_cell(gettext_lazy("Tổng quan")) == "Tổng quan"
    assert safe_row([gettext_lazy("Mã"), "=1+1", 3]) == ["Mã", "'=1+1", 3]
