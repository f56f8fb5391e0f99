"""Text helpers for Vietnamese: Unicode normalisation and diacritic-free search keys."""

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_LETTERS = re.compile(r"[^\W\d_]+")
# A syllable ending in oa, oe or uy with no final consonant: the one place where the two
# conventions differ (old "hòa", "thủy"; new "hoà", "thuỷ"). "qu" + y is not such a case.
_OPEN_GLIDE = re.compile(r"(.*?)([oO][aAeE]|[uU][yY])", re.DOTALL)


def unify_tone_marks(text: str) -> str:
    """NFC text with tone marks placed by one convention, the one the official
    administrative-unit names use since 2026: 'hòa' -> 'hoà', 'Thủy' -> 'Thuỷ'.

    Only open syllables in oa/oe/uy differ between the conventions; every other word
    comes back unchanged.
    """
    return _LETTERS.sub(_unify_syllable, unicodedata.normalize("NFC", text or ""))


def _unify_syllable(match: re.Match) -> str:
    word = match.group(0)
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in _TONE_MARKS]
    if len(tones) != 1:
        return word
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    glide = _OPEN_GLIDE.fullmatch(base)
    if glide is None or glide.group(1)[-1:].lower() == "q":
        return word
    prefix, pair = glide.groups()
    return unicodedata.normalize("NFC", prefix + pair + tones[0])


# Control characters other than line breaks and tabs: no text means them, a terminal obeys
# some, and PostgreSQL refuses NUL in a text column.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    """NFC with one tone-mark convention, control characters dropped, trimmed, inner
    whitespace collapsed: how submitted text is stored."""
    text = unify_tone_marks(text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    # Keep paragraph breaks, drop runs of blank lines.
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def fold(text: str) -> str:
    """Lower-case key with diacritics removed: 'Phường Hòa Khánh' -> 'phuong hoa khanh'.

    People type with or without diacritics and tone marks sit in two conventions
    (hòa/hoà); matching on this key makes all of them equal.
    """
    decomposed = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped.lower()).strip()


def interpolate_lazy(message: "StrOrPromise", params: dict) -> str:
    """`message % params`, evaluated in the language active when it is displayed."""
    from django.utils.functional import lazy

    def render() -> str:
        values = {key: str(value) for key, value in params.items()}
        return str(message) % values

    return lazy(render, str)()


# The largest value a database's bigint primary key holds.
ID_MAX = 2**63 - 1


def as_id(value: object) -> int | None:
    """A row id typed in a URL or form: ASCII digits within a bigint, else None ("²" is a
    digit to Python but no number; a huge number would overflow the database)."""
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= ID_MAX else None
