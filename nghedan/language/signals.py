"""Urgency and strong negative feeling, with the words that show it.

Lexicons, not a model: an officer must see why a petition was flagged, and the corpus is
too small to learn danger words that are rare by nature. Negated mentions ("không có
cháy") do not count. Without diacritics "sập" and "sắp" are the same letters, so
typed-without-diacritics text is matched only on longer, unambiguous phrases.
"""

import re
from dataclasses import dataclass, field

from nghedan.language.normalize import has_diacritics, normalize
from nghedan.lib.text import fold

# category -> phrases written with diacritics (matched on the normal form, whole words).
URGENT_PHRASES: dict[str, tuple[str, ...]] = {
    "fire": (
        "cháy",
        "hỏa hoạn",
        "hoả hoạn",
        "bốc cháy",
        "cháy nổ",
        "phát nổ",
        "nổ bình",
        "khói đen bốc",
    ),
    "collapse": (
        "sập",
        "đổ sập",
        "sụp",
        "sụt lún",
        "nứt toác",
        "nguy cơ đổ",
        "có nguy cơ sập",
        "nghiêng đổ",
        "sạt lở",
        "lở đất",
    ),
    # Not "lũ" alone: "lũ trẻ" are children.
    "flood": (
        "mưa lũ",
        "nước lũ",
        "lũ lụt",
        "lũ về",
        "lũ dâng",
        "lũ quét",
        "ngập sâu",
        "vỡ đê",
        "vỡ bờ",
        "nước dâng",
        "lụt",
        "đuối nước",
    ),
    "poisoning": (
        "ngộ độc",
        "nhiễm độc",
        "rò rỉ khí",
        "rò khí",
        "khí độc",
        "hóa chất độc",
        "hoá chất độc",
    ),
    "violence": (
        "đánh người",
        "hành hung",
        "đâm chém",
        "chém",
        # Not "đâm" alone: people "đâm đơn" (file a petition).
        "bị đâm",
        "đâm người",
        "đâm trọng thương",
        "bạo lực",
        "đe doạ giết",
        "đe dọa giết",
        "cướp",
        "bắt cóc",
        "xâm hại",
        "đánh đập",
        "ẩu đả",
    ),
    "electricity": (
        "điện giật",
        "dây điện đứt",
        "đứt dây điện",
        "rò điện",
        "chập điện",
        "dây điện rơi",
    ),
    "disease": ("dịch bệnh bùng phát", "ổ dịch", "sốt xuất huyết", "dịch tả", "tay chân miệng"),
    "life": (
        "nguy hiểm đến tính mạng",
        "đe doạ tính mạng",
        "đe dọa tính mạng",
        "tử vong",
        "thiệt mạng",
        "cấp cứu",
        "chết người",
    ),
}
# Typed without diacritics: only phrases whose letters mean one thing.
URGENT_PHRASES_FOLDED: dict[str, tuple[str, ...]] = {
    "fire": (
        "bi chay",
        "dam chay",
        "chay lon",
        "chay nha",
        "boc chay",
        "chay no",
        "hoa hoan",
        "phat no",
    ),
    "collapse": (
        "sap do",
        "bi sap",
        "sap tuong",
        "sut lun",
        "sat lo",
        "lo dat",
        "nguy co sap",
        "nguy co do",
    ),
    "flood": ("lu quet", "ngap sau", "vo de", "nuoc dang cao", "duoi nuoc"),
    "poisoning": ("ngo doc", "nhiem doc", "ro ri khi", "khi doc", "hoa chat doc"),
    "violence": (
        "hanh hung",
        "dam chem",
        "danh nguoi",
        "bao luc",
        "de doa giet",
        "bat coc",
        "xam hai",
        "au da",
        "danh dap",
    ),
    "electricity": (
        "dien giat",
        "day dien dut",
        "dut day dien",
        "ro dien",
        "chap dien",
        "day dien roi",
    ),
    "disease": ("o dich", "sot xuat huyet", "dich ta", "tay chan mieng"),
    "life": (
        "nguy hiem den tinh mang",
        "de doa tinh mang",
        "tu vong",
        "thiet mang",
        "cap cuu",
        "chet nguoi",
    ),
}
NEGATIONS = ("không", "chưa", "chẳng", "không hề", "không có", "chưa có", "chưa từng", "hết")
NEGATIONS_FOLDED = ("khong", "chua", "chang", "khong he", "khong co", "chua co", "chua tung", "het")

NEGATIVE_PHRASES = (
    "bức xúc",
    "bất bình",
    "phẫn nộ",
    "quá đáng",
    "vô trách nhiệm",
    "thiếu trách nhiệm",
    "thờ ơ",
    "vô cảm",
    "hách dịch",
    "nhũng nhiễu",
    "vòi vĩnh",
    "coi thường",
    "đùn đẩy",
    "né tránh",
    "làm ngơ",
    "không ai giải quyết",
    "không ai quan tâm",
    "không được giải quyết",
    "chưa được giải quyết",
    "kéo dài",
    "nhiều lần",
    "lần thứ",
    "khổ sở",
    "khốn khổ",
    "bế tắc",
    "cùng quẫn",
    "tuyệt vọng",
    "mất niềm tin",
    "quá tệ",
    "tồi tệ",
    "vô lý",
    "bất công",
    "ức hiếp",
    "sẽ khiếu kiện",
    "kéo nhau lên",
    "vượt cấp",
)
INTENSIFIERS = ("rất", "quá", "cực kỳ", "vô cùng", "hết sức", "thật sự")
STRONGLY_NEGATIVE = 2.5


@dataclass(frozen=True)
class Signals:
    is_urgent: bool
    # [(category, (words as found…))]
    urgency: tuple[tuple[str, tuple[str, ...]], ...]
    is_negative: bool
    sentiment: float  # 0 calm … higher is angrier
    negative_words: tuple[str, ...] = field(default=())


def _compile(phrases: dict[str, tuple[str, ...]] | tuple[str, ...]) -> re.Pattern:
    flat = phrases if isinstance(phrases, tuple) else [p for ps in phrases.values() for p in ps]
    alternatives = "|".join(re.escape(p) for p in sorted(set(flat), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


_URGENT = _compile(URGENT_PHRASES)
_URGENT_FOLDED = _compile(URGENT_PHRASES_FOLDED)
_CATEGORY = {p: c for c, ps in URGENT_PHRASES.items() for p in ps}
_CATEGORY_FOLDED = {p: c for c, ps in URGENT_PHRASES_FOLDED.items() for p in ps}
_NEGATIVE = _compile(NEGATIVE_PHRASES)
_NEGATIVE_FOLDED = _compile(tuple(fold(p) for p in NEGATIVE_PHRASES))
_INTENSIFIER = _compile(INTENSIFIERS)
_INTENSIFIER_FOLDED = _compile(tuple(fold(p) for p in INTENSIFIERS))
_NEGATION = _compile(NEGATIONS)
_NEGATION_FOLDED = _compile(NEGATIONS_FOLDED)


def _negated(text: str, start: int, negation: re.Pattern) -> bool:
    # A negation among the three words before, in the same clause.
    clause = re.split(r"[.,;!?\n]", text[:start])[-1]
    return bool(negation.search(" ".join(clause.split()[-3:])))


def signals_read(text: str) -> Signals:
    accented = has_diacritics(text)
    normal = normalize(text)
    if accented:
        subject, urgent, categories, negation = normal, _URGENT, _CATEGORY, _NEGATION
        negative, intensifier = _NEGATIVE, _INTENSIFIER
    else:
        subject, urgent, categories, negation = (
            fold(normal),
            _URGENT_FOLDED,
            _CATEGORY_FOLDED,
            _NEGATION_FOLDED,
        )
        negative, intensifier = _NEGATIVE_FOLDED, _INTENSIFIER_FOLDED
    found: dict[str, list[str]] = {}
    for match in urgent.finditer(subject):
        if _negated(subject, match.start(), negation):
            continue
        words = found.setdefault(categories[match.group(0)], [])
        if match.group(0) not in words:
            words.append(match.group(0))
    negatives = [
        m.group(0) for m in negative.finditer(subject) if not _negated(subject, m.start(), negation)
    ]
    score = float(len(negatives))
    score += 0.5 * len(intensifier.findall(subject)) if negatives else 0
    score += min(text.count("!"), 6) * 0.25
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) >= 20 and sum(ch.isupper() for ch in letters) / len(letters) > 0.6:
        score += 1  # written in capitals: shouting
    return Signals(
        is_urgent=bool(found),
        urgency=tuple((category, tuple(words)) for category, words in found.items()),
        is_negative=score >= STRONGLY_NEGATIVE,
        sentiment=round(score, 2),
        negative_words=tuple(dict.fromkeys(negatives)),
    )
