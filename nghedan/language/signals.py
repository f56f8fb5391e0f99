"""Urgency and strong negative feeling, with the words that show it.

Lexicons, not a model: an officer must see why a petition was flagged, and the corpus is
too small to learn danger words that are rare by nature. Negated mentions ("không có
cháy") do not count. Without diacritics "sập" and "sắp" are the same letters, so
typed-without-diacritics text is matched only on longer, unambiguous phrases.
"""

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from nghedan.language.normalize import expand_abbreviations, has_diacritics
from nghedan.lib.text import clean

# category -> phrases (matched whole-word, any case, on the text with shorthand spelt out).
URGENT_PHRASES: dict[str, tuple[str, ...]] = {
    "fire": (
        "cháy",
        "bị cháy",
        "cháy lớn",
        "đám cháy",
        "cháy nhà",
        "hoả hoạn",
        "bốc cháy",
        "cháy nổ",
        "phát nổ",
        "nổ bình",
        "chập cháy",
        "bén lửa",
        "lửa bùng",
        "khói đen bốc",
        "tia lửa",
    ),
    "collapse": (
        "đổ sập",
        "bị sập",
        "sập xuống",
        "sập nhà",
        "sập trần",
        "sập mái",
        "sập cầu",
        "sắp sập",
        "có nguy cơ sập",
        "nguy cơ sập",
        "sắp đổ",
        "có thể đổ",
        "nguy cơ đổ",
        "nghiêng đổ",
        "nghiêng hẳn",
        "bật gốc",
        "mục rỗng",
        "sụp đổ",
        "sụp xuống",
        "sụt lún",
        "nứt toác",
        "sạt lở",
        "lở đất",
        "rơi trúng",
        "đứt cáp",
        "gãy nhịp",
        "nứt gốc",
        "sợ sập",
        "sợ đổ",
        "trượt xuống",
        "mất nắp",
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
        "ngập nặng",
        "ngập lụt",
        # Water inside homes: "nhà dân bị vào nước", "nhà bị nước vào".
        "nước vào nhà",
        "bị vào nước",
        "bị nước vào",
        "ngập nhà",
        "nhà bị ngập",
        "vỡ đê",
        "vỡ bờ",
        "nước dâng",
        "đuối nước",
        "chết đuối",
        "suýt chết",
        "nước xoáy",
    ),
    "poisoning": (
        "ngộ độc",
        "nhiễm độc",
        "rò rỉ khí",
        "rò khí",
        "khí độc",
        "hoá chất độc",
        "nôn, đau bụng",
        "nôn mửa",
        "nôn ói",
        "rò rỉ",
    ),
    "violence": (
        "đánh người",
        "hành hung",
        "đâm chém",
        "chém",
        # Not "đâm" alone: people "đâm đơn" (file a petition).
        "bị đâm",
        "đâm người",
        "đâm bị thương",
        "cầm dao",
        "mã tấu",
        "bạo lực",
        "đe doạ giết",
        "doạ giết",
        "doạ đốt",
        "bắt cóc",
        "xâm hại",
        "đánh đập",
        "đánh nhau",
        "đánh hội đồng",
        "ẩu đả",
        "bị thương",
        "chấn thương",
        "đập phá",
    ),
    "electricity": (
        "điện giật",
        "dây điện đứt",
        "đứt dây điện",
        "rò điện",
        "chập điện",
        "dây điện rơi",
        "dây điện võng",
    ),
    "disease": (
        "dịch bệnh bùng phát",
        "ổ dịch",
        "sốt xuất huyết",
        "dịch tả",
        "tay chân miệng",
        "chó cắn",
        "bệnh dại",
    ),
    "life": (
        "nguy hiểm đến tính mạng",
        "đe doạ tính mạng",
        "tử vong",
        "thiệt mạng",
        "chết người",
        "đi cấp cứu",
        "nhập viện cấp cứu",
        "khẩn cấp",
        "đang cấp cứu",
    ),
}
# Without diacritics these fold to other words: "đâm người" / "đám người" (a crowd),
# "cháy nổ" / "chạy nợ", "đổ sập" / "do sáp (nhập)", and every one-syllable phrase ("cháy" / "chạy" / "chay").
_AMBIGUOUS_WITHOUT_MARKS = {"đâm người", "cháy nổ", "đổ sập", "suýt chết", "sợ đổ"}
# Fire safety is not a fire: blanked out before matching.
_NOT_DANGER = ("phòng cháy chữa cháy", "phòng cháy", "chữa cháy", "pccc", "phòng chống")
NEGATIONS = ("không", "chưa", "chẳng", "không hề", "không có", "chưa có", "chưa từng", "hết", "may")
# A danger told as past, or as the subject of paperwork, is not an emergency now.
HISTORY = (
    "năm ngoái",
    "năm trước",
    "tháng trước",
    "trước đây",
    "từng",
    "hồi trước",
    "sau trận",
    "hỗ trợ",
)

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


def _strip_marks(text: str) -> str:
    """Diacritics removed, case kept (fold() also lower-cases)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


# Vietnamese letters to their letters without marks, one character for one (so that an
# offset in the result is an offset in the text): "Đường" -> "Duong".
_UNMARK = {
    code: base
    for code in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]
    if len(base := _strip_marks(chr(code))) == 1 and base != chr(code)
}


def _compile(phrases: Iterable[str]) -> re.Pattern:
    alternatives = "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class _Lexicon:
    urgent: re.Pattern
    category: dict[str, str]
    negative: re.Pattern
    intensifier: re.Pattern
    negation: re.Pattern
    # One pattern per phrase: where the first of them in a clause ends is what counts.
    history_phrases: tuple[re.Pattern, ...]
    not_danger: re.Pattern


def _lexicon(convert: Callable[[str], str]) -> _Lexicon:
    category = {}
    for name, phrases in URGENT_PHRASES.items():
        for phrase in phrases:
            if convert is _strip_marks and (
                " " not in phrase.strip() or phrase in _AMBIGUOUS_WITHOUT_MARKS
            ):
                continue
            category[convert(phrase).lower()] = name
    return _Lexicon(
        urgent=_compile(category),
        category=category,
        negative=_compile(convert(p) for p in NEGATIVE_PHRASES),
        intensifier=_compile(convert(p) for p in INTENSIFIERS),
        negation=_compile(convert(p) for p in NEGATIONS),
        history_phrases=tuple(_compile([convert(p)]) for p in HISTORY),
        not_danger=_compile(convert(p) for p in _NOT_DANGER),
    )


_MARKED = _lexicon(lambda phrase: phrase)
_UNMARKED = _lexicon(_strip_marks)
_CLAUSE = re.compile(r"[.,;!?\n]")


class _Subject:
    """The text the lexicon is matched on, with what the checks of each match need found
    once per text: a long text has thousands of matches, and looking again at everything
    before each one would take minutes."""

    def __init__(self, text: str, lexicon: _Lexicon):
        self.text = text
        self.lexicon = lexicon
        # Where each clause starts: after every clause mark.
        self.clause_starts = [0, *(m.end() for m in _CLAUSE.finditer(text))]
        self._history_ends: dict[int, int | None] = {}
        # `text[:k].isupper()` is true from just after the first capital until the first
        # lower-case or title-case letter; both are found on first use.
        self._upper_from = self._lower_from = len(text) + 1
        self._case_read = False

    def discounted(self, start: int) -> bool:
        """Whether the match at `start` is negated in the four words before it, or told as
        past in its clause."""
        at = bisect_right(self.clause_starts, start) - 1
        clause_start = self.clause_starts[at]
        last_words = _last_words(self.text, clause_start, start, 4)
        if self.lexicon.negation.search(last_words):
            return True
        history_end = self._history_end(at)
        return history_end is not None and history_end <= start

    def _history_end(self, at: int) -> int | None:
        """Where the first history phrase of clause `at` ends (the earliest end of any)."""
        if at not in self._history_ends:
            clause_start = self.clause_starts[at]
            clause_end = (
                self.clause_starts[at + 1] - 1
                if at + 1 < len(self.clause_starts)
                else len(self.text)
            )
            ends = (
                found.end()
                for pattern in self.lexicon.history_phrases
                if (found := pattern.search(self.text, clause_start, clause_end))
            )
            self._history_ends[at] = min(ends, default=None)
        return self._history_ends[at]

    def proper_noun(self, match: re.Match) -> bool:
        """'Bãi Cháy', 'Cồn Cháy': a capitalised word inside a sentence is a name."""
        text = self.text
        if not match.group(0)[:1].isupper() or text.isupper():
            return False
        before = match.start()
        while before and text[before - 1].isspace():
            before -= 1
        if not before or text[before - 1] in ".!?:\n":
            return False
        return not self._upper_before(before)

    def _upper_before(self, end: int) -> bool:
        """`text[:end].isupper()`, in constant time after the first call."""
        if not self._case_read:
            self._case_read = True
            for index, ch in enumerate(self.text):
                if ch.islower() or (ch.istitle() and not ch.isupper()):
                    self._lower_from = index + 1
                    break
                if ch.isupper() and self._upper_from > len(self.text):
                    self._upper_from = index + 1
        return self._upper_from <= end < self._lower_from


def _last_words(text: str, stop: int, end: int, count: int) -> str:
    """`" ".join(text[stop:end].split()[-count:])`, reading back from `end` only as far as
    those words go."""
    words: list[str] = []
    position = end
    while len(words) < count and position > stop:
        while position > stop and text[position - 1].isspace():
            position -= 1
        word_end = position
        while position > stop and not text[position - 1].isspace():
            position -= 1
        if word_end > position:
            words.append(text[position:word_end])
    return " ".join(reversed(words))


def signals_read(text: str) -> Signals:
    written = expand_abbreviations(clean(text))
    marked = has_diacritics(text)
    unmarked = written.translate(_UNMARK)
    found: dict[str, list[str]] = {}
    # Words typed with marks are read with the whole lexicon; words typed without them
    # (all of some texts, part of others) with the phrases that are safe without marks.
    passes = [(_MARKED, written), (_UNMARKED, unmarked)] if marked else [(_UNMARKED, unmarked)]
    readings = []
    for lexicon, subject in passes:
        reading = _Subject(
            lexicon.not_danger.sub(lambda m: " " * len(m.group(0)), subject), lexicon
        )
        readings.append(reading)
        for match in lexicon.urgent.finditer(reading.text):
            if (
                lexicon is _UNMARKED
                and marked
                and not written[match.start() : match.end()].isascii()
            ):
                continue  # typed with marks: the first pass read it
            if reading.discounted(match.start()) or reading.proper_noun(match):
                continue
            phrase = match.group(0).lower()
            words = found.setdefault(lexicon.category[phrase], [])
            if phrase not in words:
                words.append(phrase)
    # Feeling is read once, with the lexicon of how the text was typed.
    reading = readings[0]
    lexicon, subject = reading.lexicon, reading.text
    negatives = [
        m.group(0).lower()
        for m in lexicon.negative.finditer(subject)
        if not reading.discounted(m.start())
    ]
    score = float(len(negatives))
    score += 0.5 * len(lexicon.intensifier.findall(subject)) if negatives else 0
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
