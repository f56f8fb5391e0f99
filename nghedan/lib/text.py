"""Text helpers for Vietnamese: Unicode normalisation and diacritic-free search keys."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def clean(text: str) -> str:
    """NFC, trimmed, inner whitespace collapsed: how submitted text is stored."""
    text = unicodedata.normalize("NFC", text or "")
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
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


def interpolate_lazy(message, params: dict):
    """`message % params`, evaluated in the language active when it is displayed."""
    from django.utils.functional import lazy

    def render() -> str:
        values = {key: str(value) for key, value in params.items()}
        return str(message) % values

    return lazy(render, str)()
