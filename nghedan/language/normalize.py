"""Normalising what citizens type before the models read it.

Stored text is cleaned once at intake (`lib.text.clean`: NFC, one tone-mark convention,
whitespace). The models read a further normal form: common abbreviations and mobile
shorthand spelled out, then a diacritic-free key beside it, because no tool restores
diacritics reliably and many people type without them.
"""

import re

from nghedan.lib.text import clean, fold

# Shorthand as people type it on phones, and office abbreviations. Keys are folded
# (lower case, no diacritics); only whole words are replaced.
_SHORTHAND = {
    "ko": "không",
    "k": "không",
    "kh": "không",
    "hok": "không",
    "hem": "không",
    "khong": "không",
    "dc": "được",
    "dk": "được",
    "j": "gì",
    "vs": "với",
    "ng": "người",
    "nguoi": "người",
    "dg": "đường",
    "sdt": "số điện thoại",
    "ubnd": "uỷ ban nhân dân",
    "hdnd": "hội đồng nhân dân",
    "mttq": "mặt trận tổ quốc",
    "csgt": "cảnh sát giao thông",
    "bv": "bệnh viện",
    "bhyt": "bảo hiểm y tế",
    "bhxh": "bảo hiểm xã hội",
    "gcn": "giấy chứng nhận",
    "qsdd": "quyền sử dụng đất",
    "gpmb": "giải phóng mặt bằng",
    "tdc": "tái định cư",
    "hs": "học sinh",
    "gv": "giáo viên",
    "tp": "thành phố",
    "tx": "thị xã",
    "cb": "cán bộ",
    "cbcc": "cán bộ công chức",
    "tks": "cảm ơn",
    "mn": "mọi người",
    "bn": "bao nhiêu",
    "r": "rồi",
    "ns": "nói",
    "lm": "làm",
    "bik": "biết",
    "trc": "trước",
    "ntn": "như thế nào",
}
# Acronyms that are also ordinary words when typed in lower case ("ca" is a shift).
_UPPER_CASE_ONLY = {"CA": "công an", "TT": "thị trấn"}
# A unit abbreviation with its dot before a name or number: "P. Bến Nghé", "Q.1",
# "X.Tân Hiệp", "TP.HCM", "TT. Xuân Mai". Keys are lower case; each is recognised in
# lower case, in capitals and capitalised ("tt.", "TT.", "Tt."). The pattern is built
# from this table, so every abbreviation it matches has its expansion.
_UNIT_WORDS = {
    "tp": "thành phố",
    "p": "phường",
    "ph": "phường",
    "q": "quận",
    "x": "xã",
    "tt": "thị trấn",
    "tx": "thị xã",
    "h": "huyện",
}
_UNIT_ABBREVIATION = re.compile(
    r"(?<![\w.])("
    + "|".join(
        re.escape(form)
        for form in sorted(
            {form for key in _UNIT_WORDS for form in (key, key.upper(), key.capitalize())},
            key=lambda form: (-len(form), form),
        )
    )
    + r")\.\s*(?=\w)"
)
_WORD = re.compile(r"\w+")
_REPEATED_PUNCTUATION = re.compile(r"([!?.,])\1+")


def expand_abbreviations(text: str) -> str:
    """Spell out unit abbreviations and mobile shorthand: 'ko dc sửa đg ở P.5' ->
    'không được sửa đường ở phường 5'."""
    text = _UNIT_ABBREVIATION.sub(lambda m: _UNIT_WORDS[m.group(1).lower()] + " ", text)

    def spell(match: re.Match) -> str:
        word = match.group(0)
        if word in _UPPER_CASE_ONLY:
            return _UPPER_CASE_ONLY[word]
        # A capitalised "Ca" may be a name; shorthand is typed in lower case or as an acronym.
        if word[:1].isupper() and not word.isupper():
            return word
        # Words with tone marks are real words ("cá", "kê"); "đg", "đc", "sđt" are shorthand.
        plain = word.replace("đ", "d").replace("Đ", "D")
        return _SHORTHAND.get(plain.lower(), word) if plain.isascii() else word

    return _WORD.sub(spell, text)


def normalize(text: str) -> str:
    """The text the models read: cleaned, shorthand spelled out, runs of punctuation
    reduced, lower case."""
    text = expand_abbreviations(clean(text))
    return _REPEATED_PUNCTUATION.sub(r"\1", text).lower()


def search_key(text: str) -> str:
    """Diacritic-free, lower-case key of the normal form: what matching compares."""
    return fold(normalize(text))


def has_diacritics(text: str) -> bool:
    """Whether the writer typed Vietnamese diacritics (then words like 'sắp' and 'sập'
    can be told apart; without them only longer phrases are safe to match)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    marked = sum(1 for ch in letters if not ch.isascii())
    return marked / len(letters) >= 0.03
