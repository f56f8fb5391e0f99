"""Hypothesis strategies for "any text a person, a form or a batch file may hand over":
arbitrary Unicode (lone surrogates included), with pieces that have broken text tools
mixed in, and the abbreviations each caller names, with and without their dot."""

import unicodedata
from collections.abc import Iterable

from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

# The same examples every run, none remembered between runs; slow generation is the
# point of some inputs, not a problem.
FUZZ = hypothesis_settings(
    database=None,
    deadline=None,
    derandomize=True,
    max_examples=150,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Pieces that have broken text tools: control characters, bidirectional marks, combining
# marks without a base, full-width and compatibility letters, emoji with modifiers and
# joiners, other scripts, characters whose case mapping changes their length, digits of
# other scripts, and Vietnamese decomposed (NFD) and in both tone-mark conventions.
HOSTILE = (
    "",
    " ",
    "\x00",
    "\x00\x01\x02\x1b[31m\x7f",
    "\t\r\n\v\f\x1c\x1d\x1e\x1f\x85\u2028\u2029",
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c",
    "\u200b\u200c\u200d\u2060\ufeff\u00ad",
    "\u0301\u0300\u0303\u0309\u0323" * 3,
    "a" + "\u0301" * 40,
    "ＴＴ．Ｘｕâｎ　Ｍａｉ　０９１２３４５６７８",
    "ﬁ ﬂ ǅ Ǉ ᾈ ß İ ı ſ Ω K Å",
    "🌊🔥🏠👍🏽👨‍👩‍👧‍👦🇻🇳 ❤️",
    "مرحبا بالعالم",
    "שלום עולם",
    "你好，世界。河内市",
    "สวัสดีครับ",
    "Привет, мир",
    "١٢٣٤٥٦٧٨٩٠ ௧௨௩ ０９１２",
    "\ud800",
    "\udfff\ud83d",
    unicodedata.normalize("NFD", "Đường Hòa Bình ngập sâu, nhà dân bị cháy"),
    "hòa hoà HÒA HOÀ thủy thuỷ",
    "...!!!???,,,;;;---///@@@###",
    "0912 345 678 001085012345 29A-123.45",
)


def any_text(words: Iterable[str] = (), *, max_pieces: int = 12) -> st.SearchStrategy[str]:
    """Text made of arbitrary Unicode, hostile pieces and `words` (each also given with a
    dot after it, in capitals and before a name), in any order."""
    words = sorted(set(words))
    forms = sorted(
        {
            form
            for word in words
            for form in (word, f"{word}.", word.upper(), f"{word.upper()}.", f"{word}. Xuân Mai")
        }
    )
    pieces = [
        st.text(st.characters(codec=None, exclude_categories=()), max_size=20),
        st.text(max_size=20),
        st.sampled_from(HOSTILE),
        st.sampled_from([" ", ".", ". ", ", ", "\n"]),
    ]
    if forms:
        pieces.append(st.sampled_from(forms))
    return st.lists(st.one_of(pieces), max_size=max_pieces).map("".join)


def long_texts(words: Iterable[str] = ()) -> list[str]:
    """100,000-character texts of the kinds that make a careless scan quadratic: one
    repeated phrase, one endless word, digits, punctuation, marks and the given words."""
    phrase = "Đường ngập sâu, nhà dân bị cháy, không ai giải quyết! ông Nguyễn Văn An 0912345678 "
    pieces = [
        phrase,
        unicodedata.normalize("NFD", phrase),
        "a",
        "1",
        "1/",
        ".",
        "!",
        " ",
        "\x00",
        "\u0301",
        "🌊",
        "ngập sâu ",
        "duong ngap sau ",
        "ông ",
        "NGUYỄN VĂN AN ",
    ]
    if words := sorted(set(words)):
        pieces.append(" ".join(f"{word}. Xuân Mai {word} 5" for word in words) + " ")
    return [_repeated(piece, 100_000) for piece in pieces]


def _repeated(piece: str, size: int) -> str:
    return (piece * (size // len(piece) + 1))[:size]
