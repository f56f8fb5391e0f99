"""Cells that a spreadsheet can never run as formulas (CSV and formula injection).

Excel, LibreOffice and Google Sheets read a cell that starts with "=", "+", "-" or "@" as
a formula, and a tab or a carriage return before one of them may be dropped on import
(spaces too, by some importers); a title or comment typed by anyone could then compute, call
out or run a command on the computer of the official who opens the export. Every CSV and
XLSX writer passes its text through `safe_cell` (or `safe_row`): such text gets a leading
single quote, as OWASP recommends, and is read as the text it is. Numbers, dates, booleans
and None pass unchanged, so "-5" typed as text is guarded while the number -5 stays a number.
"""

from collections.abc import Iterable

from django.utils.functional import Promise

# OWASP "CSV Injection": the characters that start a formula (and their full-width forms,
# which some spreadsheets turn into them), and tab and carriage return.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def safe_cell(value):
    """`value` as a spreadsheet cell: text that a spreadsheet would read as a formula gets
    a leading single quote; anything else is returned as it is (lazy text as text)."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and (
        value.startswith(FORMULA_STARTS) or value.lstrip().startswith(FORMULA_STARTS)
    ):
        return "'" + value
    return value


def safe_row(values: Iterable) -> list:
    """A row of cells, each through `safe_cell`."""
    return [safe_cell(value) for value in values]
