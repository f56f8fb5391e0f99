"""Remove personal data from text before it is shown publicly.

`find_personal_data()` lists what it finds; `redact()` replaces each finding with its kind's
placeholder, so the two always agree. Matching runs on an NFC copy of the text; offsets and
`Finding.text` refer to the text as given (decomposed input included).

House numbers. A number that pinpoints one home, or a handful of homes, is personal data:
the house number ("số nhà 12", "nhà số 15", "số 25" before a street or lane, "12/3/4"
before a street, "K12/5"), an apartment or room ("căn hộ 1205", "phòng 302", "phòng trọ
số 5") and an alley off a lane ("ngách 4/12", "hẻm 35/12", "kiệt 12/3"). A lane numbered
off a street ("ngõ 120 Đội Cấn", "hẻm 35", "kiệt 12"), the street, the residential group
(tổ), the building block (tòa B) and the ward are public places shared by many homes, and
often what the petition is about, so they stay. When the label says "số" ("số nhà 12",
"số 25") the label goes with the number ("[số nhà] ngõ 3 phố Huế"); other labels stay
("căn hộ [số nhà] tòa B", "ngách [số nhà]").
"""

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from nghedan.lib.text import fold

PLACEHOLDERS = {
    "email": "[email]",
    "phone": "[số điện thoại]",
    "id": "[số giấy tờ]",
    "account": "[số tài khoản]",
    "plate": "[biển số xe]",
    "house_number": "[số nhà]",
    "name": "[họ tên]",
}


@dataclass(frozen=True)
class Finding:
    """One piece of personal data: its kind (a key of PLACEHOLDERS) and where it is."""

    kind: str
    start: int
    end: int
    text: str


def _words(spec: str) -> frozenset[str]:
    return frozenset(spec.split("|"))


def _alternation(spec: str) -> str:
    """'chủ tịch|phó' -> a regex alternation, longest first, any whitespace between words."""
    phrases = sorted(spec.split("|"), key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, phrase.split())) for phrase in phrases)


# Local part and labels bounded, and the local part starts at a boundary: no rescanning
# a long run of letters once per character.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,6}")
# 0 or +84/84 then 9-10 digits with optional separators; "+84 (0) 912…" writes the 0 too.
_PHONE = re.compile(
    r"(?<![\w(])(?:\+84[\s.\-]?(?:\(0\)[\s.\-]?)?|84(?=[35789])|\(?0)"
    r"(?:\)?[\s.\-]?\d){9,10}(?!\w)"
)
# CCCD (12 digits) / CMND (9) grouped any way after a label; bare, unbroken or grouped from
# a leading 0 (a CCCD's province code; money never starts with 0); passports only labelled.
_ID = re.compile(
    r"(?<![\w.,])(?:(?i:(?:cccd|cmnd|cmt)(?:\s*/\s*(?:cccd|cmnd))?"
    r"|căn\s+cước(?:\s+công\s+dân)?|can\s+cuoc(?:\s+cong\s+dan)?"
    r"|chứng\s+minh(?:\s+nhân\s+dân|\s+thư)?|chung\s+minh(?:\s+nhan\s+dan)?"
    r"|(?:(?:số|mã)(?:\s+số)?\s+)?định\s+danh(?:\s+cá\s+nhân)?"
    r"|(?:(?:so|ma)(?:\s+so)?\s+)?dinh\s+danh)"
    r"(?:\s+(?i:số|là|so|la|của\s+tôi)){0,2}\s*[:.]?\s*"
    r"(?P<labelled>\d{3}(?:[ .-]?\d{3}){2,3}|\d{4}[ .-]\d{4}[ .-]\d{4})"
    r"|(?i:hộ\s+chiếu|ho\s+chieu|passport)(?:\s+(?i:số|là|so|la)){0,2}\s*[:.]?\s*"
    r"(?P<passport>[A-Za-z]\d{7})"
    r"|(?P<bare>\d{12}|\d{9}|0\d{2}(?P<s3>[ .])\d{3}(?P=s3)\d{3}(?P=s3)\d{3}"
    r"|0\d{3}(?P<s4>[ .])\d{4}(?P=s4)\d{4})"
    r")(?!\w|[.,]\d)"
)
# A label, up to five filler words ("ngân hàng Vietcombank"), digit groups; the digit count
# and the money shape ("1.500.000") are checked in code.
_ACCOUNT = re.compile(
    r"(?<!\w)(?i:stk|s[oố]\s+t[aà]i\s+kho[aả]n|t[aà]i\s+kho[aả]n|tk|ng[aâ]n\s+h[aà]ng)"
    r"(?:[ \t]+(?!(?i:điện|đt|sđt|dien|sdt|zalo|cccd|cmnd)(?!\w))[^\W\d_]+){0,5}"
    r"[ \t]*[:.]?[ \t]*(?P<number>\d{1,19}(?:[ .-]\d{1,19}){0,5})(?!\w|[.,]\d)"
)
# Province (2 digits), series (1-2 letters, maybe a digit: A, LD, B1, MĐ1), 4-5 digits;
# after "biển số/BKS/BS" any case and no separators, elsewhere upper case with a separator.
_PLATE = re.compile(
    r"(?<![\w./-])(?:(?i:biển\s+số(?:\s+xe)?|biển\s+kiểm\s+soát|bien\s+so(?:\s+xe)?"
    r"|bien\s+kiem\s+soat|bks|bs)(?:\s+(?i:là|số|la|so))?\s*[:.]?\s*"
    r"(?P<labelled>\d{2}[ \t]?-?[ \t]?(?i:[a-zđ]{1,2})\d?(?:[ \t]?[-.][ \t]?|[ \t])?"
    r"(?:\d{3}\.\d{2}|\d{4,5}))"
    r"|(?P<bare>\d{2}(?:-[A-ZĐ]{1,2}\d?[ .-]?|[A-ZĐ]{1,2}\d?[ .-])(?:\d{3}\.\d{2}|\d{4,5}))"
    r")(?!\w|[.,]\d)"
)
_NUMBER = r"\d{1,4}[A-Za-z]?(?:[/-]\d{1,4}[A-Za-z]?){0,4}"
# Five named shapes: "số nhà 12", "số 25"/"nhà 15", "căn hộ 1205"/"phòng 302", "ngách 4/12",
# "12/3/4"; whether the words around make one an address is checked in code.
_HOUSE = re.compile(
    r"(?<![\w/.-])(?:(?P<full>(?i:số\s*nhà|nhà\s+số|so\s+nha|nha\s+so))\s*[:.]?\s*"
    + _NUMBER
    + r"|(?P<short>(?i:số|nhà|so|nha)|SN)\s+(?P<short_number>"
    + _NUMBER
    + r")|(?P<unit>(?i:căn\s+hộ|phòng(?:\s+trọ)?|ki\s*[oố]t|can\s+ho|phong(?:\s+tro)?)|P\.)\s*"
    r"(?P<room>(?i:số\s+)?(?:[A-Za-z]{1,2}[.-]?)?\d{1,4}[A-Za-z]?(?:[.-]\d{1,3})?)"
    r"|(?P<alley>(?i:ngách|ngõ|hẻm|kiệt|ngach|ngo|hem|kiet))\s+"
    r"(?P<alley_number>(?i:số\s+)?\d{1,4}[A-Za-z]?(?:/\d{1,4}[A-Za-z]?){0,4})"
    r"|(?P<slashed>[Kk]?\d{1,4}[A-Za-z]?(?:/\d{1,4}[A-Za-z]?){1,4})"
    r")(?![\w/]|[.,]\d)"
)
_FORMS = (
    r"(?i:ông|bà|anh|chị|cô|chú|bác|em|cháu|cụ|cậu|dì|mợ|thím|thầy|đồng\s+chí|đ/c)"
    r"|ong|Ong|ba|chi|co|chu|bac|cu|thim"
)
# A form of address (without diacritics: lower case only, "Ba Đình" is a place) or a phrase
# that introduces a name; the name itself is read word by word in code.
_NAME_TRIGGER = re.compile(
    r"(?<!\w)(?:(?P<phrase>(?i:(?:tôi|toi)\s+(?:tên\s+|ten\s+)?(?:là|la)|tên\s+tôi\s+là"
    r"|ten\s+toi\s+la|họ\s+(?:và\s+)?tên|ho\s+(?:va\s+)?ten|ghi\s+rõ\s+họ\s+(?:và\s+)?tên\)?"
    r"|người\s+(?:gửi|làm\s+đơn|viết\s+đơn|khiếu\s+nại|tố\s+cáo|phản\s+ánh|kiến\s+nghị"
    r"|đại\s+diện)|chủ\s+tài\s+khoản|nguoi\s+(?:gui|lam\s+don|viet\s+don)"
    r"|(?:con|vợ|chồng|bố|mẹ|cha|cháu|em|anh|chị)\s+tôi\s+(?:tên\s+)?là"
    r"|tên(?:\s+là)?|ten(?:\s+la)?))(?!\w)[ \t]*:?\s*"
    r"|(?P<form>" + _FORMS + r")(?!\w)[ \t]+)"
)
# Full names in capitals with no form of address: anchored on a common surname.
_SURNAMES = (
    "NGUYỄN|TRẦN|LÊ|PHẠM|HOÀNG|HUỲNH|PHAN|VŨ|VÕ|ĐẶNG|BÙI|ĐỖ|HỒ|NGÔ|DƯƠNG|LÝ|ĐINH|ĐOÀN|TRỊNH"
    "|LƯƠNG|LÂM|MAI|TRƯƠNG|HÀ|TÔ|CAO|QUÁCH|TẠ|LƯU|CHU|KIỀU|TĂNG|THÁI|VƯƠNG|PHÙNG|HỨA|TÔN|NÔNG"
    "|NGUYEN|TRAN|LE|PHAM|HOANG|HUYNH|VU|VO|DANG|BUI|DO|HO|NGO|DUONG|LY|DINH|DOAN|TRINH|LUONG"
    "|TRUONG"
)
_CAPS_NAME = re.compile(r"(?<!\w)(?:" + _SURNAMES + r")(?!\w)(?:[ \t]+[^\W\d_]+){2,3}(?!\w)")
# An office next to a form of address ("ông Chủ tịch UBND xã", "Bác sĩ") is not a name.
_TITLE = re.compile(
    r"(?i:(?:phó\s+)?(?:"
    + _alternation(
        "chủ tịch|giám đốc|bí thư|trưởng thôn|trưởng ấp|trưởng bản|trưởng xóm|trưởng khu phố"
        "|trưởng phòng|trưởng ban|trưởng công an|trưởng trạm|trưởng|tổ trưởng|tổ phó"
        "|hiệu trưởng|hiệu phó|cán bộ|công an|công chức|thủ trưởng|chánh án|chánh thanh tra"
        "|chánh văn phòng|viện trưởng|thẩm phán|kiểm sát viên|đại biểu|đội trưởng|chủ nhiệm"
        "|thanh tra|bác sĩ|luật sư|kế toán|địa chính|thôn trưởng|xóm trưởng|giáo viên|giáo"
        "|cô giáo|thầy giáo|chủ nhà|chủ quán|cảnh sát|chiến sĩ|đại úy|đại uý|thượng úy"
        "|thượng uý|trung úy|trung uý|thiếu úy|thiếu uý|thiếu tá|trung tá|thượng tá|đại tá"
        "|nhân viên|phóng viên|ủy viên|uỷ viên|thư ký|đảng viên|cựu chiến binh|thương binh"
        "|công dân|hội viên|chu tich|giam doc|bi thu|truong thon|to truong|can bo|cong an"
    )
    + r"))(?!\w)[ \t]*"
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")  # "H'Hen" is one word
_GAP = re.compile(r"[ \t]+")
# A Vietnamese syllable, folded: tells "LÊ" (a name) from "UBND" (an acronym).
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?"
)
_LAST_WORD = re.compile(r"([^\W\d_]+)[ \t.:]*$")
_NEXT_WORD = re.compile(r"[ \t]*,?[ \t]*([^\W\d_]+|\d)")
_DATE = re.compile(r"\d{1,2}/\d{1,2}(?:/\d{2}|/\d{4})?|\d{1,2}/\d{4}")
_CURRENCY = re.compile(r"\s*(?i:đồng|đ|vnđ|vnd|triệu|tỷ|tỉ|nghìn|ngàn|usd|%)(?!\w)")
_MONEY = re.compile(r"\d{1,3}(?:[.,]\d{3})+")

# Words before a form of address that make it part of a place's name ("phường Bà Rịa").
_PLACE_WORDS = _words(
    "phường|xã|quận|huyện|tỉnh|phố|đường|khu|chợ|cầu|ngõ|tp|thị|trấn|thôn|ấp|bản|làng|xóm"
    "|hẻm|kiệt|ngách|sông|kênh|rạch|núi|đền|chùa|miếu|bến|cảng|đảo|hồ|ga|bãi|vịnh|gò"
    "|trường|lăng|phuong|huyen|tinh|duong|thon|quan"
)
# Form of address + word that is a place (or Bác Hồ), and places that start with a surname:
# kept even with no place word before them ("Hai Bà Trưng", "HÀ NỘI").
_PLACE_NAMES = _words(
    "ba ria|ba chieu|ba trieu|ba trung|ong lanh|ba diem|ba den|ba hom|ba queo|ong ich|ong dinh"
    "|ba huyen|co giang|co bac|co to|ba na|ba chua|ong ta|ba lua|ba hat|ong doc|ong ton"
    "|ha noi|ha tinh|ha giang|ha nam|ha dong|ha tien|ha long|cao bang|lam dong|mai chau"
    "|bac ho|ho chi minh|hoang mai|hoang sa|ly son|tran de|do luong"
)
# Capitalised first words that are institutions, not names ("tôi là Đảng viên").
_NOT_NAMES = _words("ubnd|ủy|uỷ|đảng|nhà|sở|phòng|ban|hội|trường|bệnh|viện|cục|bộ|tòa|toà|ngân")
_MIDDLE_NAMES = _words(
    "van|thi|duc|huu|dinh|cong|quang|minh|ngoc|thanh|xuan|thu|kim|hoang|anh|hong|tien|trong"
    "|duy|ba|quoc|the|viet|manh|phuong|thuy|bao|gia|hai|khac|tuan|nhu|dieu|my|trung|hoai|chi"
    "|dang|tan|phuc|lan|bich|mai|thai|nhat|tri|dac|khanh|thien|hue|tuyet|thao|cam|hoa|phu"
)
# Words after a number that make it a house number: streets and lanes.
_STREET_WORDS = _words("ngo|ngach|hem|kiet|duong|pho|ql|quoc|tinh|dai|tap|khu|thon|xom|ap")
# Words before "số N" that make N something else: a group, a plot, a document, a bus.
_NOT_HOUSE_BEFORE = _words(
    "to|khu|thon|xom|ap|doi|cum|lo|khoi|khom|tang|thua|bo|dinh|tu|van|ban|bao|luan|trinh|an"
    "|dat|so|don|luat|ma|tuyen|buyt|xe|cau|trang|muc|dieu|khoan|quyen|lan|cua|hieu|phong|nghi"
    "|duong|pho|ngo|hem|kiet|ngach|ql"
)
_RESIDENCE_WORDS = _words("o|tai|tru|ngu|chi|song|dc|thue|lac|nha")
_DATE_WORDS = _words("ngay|hom|thang|nam|tu|den|truoc|sau|sang|chieu|dem|trua|luc|vao")
_LEGAL_WORDS = _words("dieu|khoan|chuong|muc|quyet|nghi|thong|luat|cong|van|bien|to")
_COUNTERS = _words(
    "phong|tang|nguoi|m|met|ngu|can|ubnd|uy|cong|tiep|mot|hop|ban|so|nam|thang|ngay|gio|lan|tuan"
)


def _last_word(text: str, end: int) -> str:
    found = _LAST_WORD.search(text, max(0, end - 30), end)
    return found.group(1) if found else ""


def _next_word(text: str, end: int) -> str:
    found = _NEXT_WORD.match(text, end)
    return found.group(1) if found else ""


def _count_digits(value: str) -> int:
    return sum(ch.isdigit() for ch in value)


def _spans(pattern: re.Pattern) -> Callable[[str], Iterator[tuple[int, int]]]:
    return lambda text: (match.span() for match in pattern.finditer(text))


def _ids(text):
    for match in _ID.finditer(text):
        group = next(name for name in ("labelled", "passport", "bare") if match.group(name))
        if group == "bare" and _CURRENCY.match(text, match.end()):
            continue
        yield match.span(group)


def _accounts(text):
    for match in _ACCOUNT.finditer(text):
        number = match.group("number")
        if not 6 <= _count_digits(number) <= 20 or _MONEY.fullmatch(number):
            continue
        if _CURRENCY.match(text, match.end()):
            continue
        yield match.span("number")


def _plates(text):
    for match in _PLATE.finditer(text):
        yield match.span("labelled" if match.group("labelled") else "bare")


def _houses(text):
    for match in _HOUSE.finditer(text):
        span = _house_span(text, match)
        if span:
            yield span


def _house_span(text: str, match: re.Match) -> tuple[int, int] | None:
    """What to replace of a _HOUSE match, by the rule in the module docstring; or None."""
    after = _next_word(text, match.end())
    before = fold(_last_word(text, match.start()))
    if match.group("full"):
        return match.span()
    if match.group("unit"):
        room = match.group("room")
        if fold(after) in _COUNTERS or before in {"truong", "pho"}:  # "trưởng phòng 3 năm"
            return None
        if match.group("unit") == "P." and _count_digits(room) < 3:  # "P.5": phường 5
            return None
        return match.span("room")
    if match.group("alley"):
        number = match.group("alley_number")
        is_sub_alley = "/" in number or fold(match.group("alley")) == "ngach"
        return match.span("alley_number") if is_sub_alley else None
    number = match.group("short_number") or match.group("slashed")
    label = fold(match.group("short") or "")
    if before in _NOT_HOUSE_BEFORE or before in _DATE_WORDS:
        return None
    if fold(after) in _STREET_WORDS:
        return match.span()
    if not after[:1].isupper() or fold(after) in _LEGAL_WORDS:
        return None
    if before in _RESIDENCE_WORDS or label == "nha":
        return match.span()
    # "12/3/4 Lê Lợi" is an address, "10/5 Lê Văn A đến" a date before a name.
    if "/" in number and not (match.group("slashed") and _DATE.fullmatch(number)):
        return match.span()
    return None


def _names(text):
    for match in _NAME_TRIGGER.finditer(text):
        form = match.group("form")
        if form and _is_place(text, match.start(), form, match.end()):
            continue
        start = match.end()
        # An office is kept: after the form ("ông Chủ tịch") or starting with it ("Bác sĩ").
        title = (form and _TITLE.match(text, match.start())) or _TITLE.match(text, start)
        if title and title.end() > start:
            start = title.end()
        span = _names_at(text, start, 4 if form else 5)
        if span:
            yield span
    for match in _CAPS_NAME.finditer(text):
        words = []
        for word in _WORD.finditer(text, match.start(), match.end()):
            if not word.group().isupper():
                break
            words.append(word)
        folded = " ".join(fold(word.group()) for word in words)
        if len(words) < 3 or folded.split()[1] not in _MIDDLE_NAMES:
            continue
        if any(folded.startswith(place) for place in _PLACE_NAMES):
            continue
        if _last_word(text, match.start()).lower() in _PLACE_WORDS:
            continue
        yield match.start(), words[-1].end()


def _is_place(text: str, start: int, form: str, end: int) -> bool:
    """Whether the form of address at `start` is part of a place's name."""
    if _last_word(text, start).lower() in _PLACE_WORDS:
        return True
    following = _WORD.match(text, end)
    return bool(
        form[0].isupper()
        and following
        and f"{fold(form)} {fold(following.group())}" in _PLACE_NAMES
    )


def _is_name_word(word: str, first: bool) -> bool:
    if not word[0].isupper() or (first and word.lower() in _NOT_NAMES):
        return False
    return len(word) == 1 or not word.isupper() or bool(_SYLLABLE.fullmatch(fold(word)))


def _names_at(text: str, pos: int, limit: int) -> tuple[int, int] | None:
    """The span of up to `limit` name words starting at `pos`, if there is one."""
    start, end = pos, None
    for index in range(limit):
        word = _WORD.match(text, pos)
        if not word or not _is_name_word(word.group(), first=index == 0):
            break
        end = word.end()
        gap = _GAP.match(text, end)
        if not gap:
            break
        pos = gap.end()
    return (start, end) if end else None


# Highest priority first: where findings overlap, the earlier kind wins.
_FINDERS = (
    ("email", _spans(_EMAIL)),
    ("account", _accounts),
    ("id", _ids),
    ("plate", _plates),
    ("phone", _spans(_PHONE)),
    ("house_number", _houses),
    ("name", _names),
)


def _nfc_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """`text` in NFC and, when that changed it, each NFC index's index in `text`."""
    if unicodedata.is_normalized("NFC", text):
        return text, None
    offsets: list[int]
    parts, offsets, start = [], [], 0
    for index in range(1, len(text) + 1):
        if index == len(text) or not unicodedata.combining(text[index]):
            part = unicodedata.normalize("NFC", text[start:index])
            parts.append(part)
            offsets.extend(min(start + i, index - 1) for i in range(len(part)))
            start = index
    offsets.append(len(text))
    return "".join(parts), offsets


def find_personal_data(text: str) -> list[Finding]:
    """Personal data in `text`: non-overlapping findings sorted by start."""
    if not text or text.isspace():
        return []
    normalized, offsets = _nfc_with_offsets(text)
    starts: list[int] = []
    accepted: list[tuple[int, int, str]] = []
    for kind, finder in _FINDERS:
        for start, end in finder(normalized):
            index = bisect_right(starts, start)
            if index and accepted[index - 1][1] > start:
                continue
            if index < len(accepted) and accepted[index][0] < end:
                continue
            starts.insert(index, start)
            accepted.insert(index, (start, end, kind))
    findings = []
    for start, end, kind in accepted:
        if offsets is not None:
            start, end = offsets[start], offsets[end]
        findings.append(Finding(kind, start, end, text[start:end]))
    return findings


def redact(text: str) -> str:
    """`text` with each piece of personal data replaced by its kind's placeholder."""
    pieces, position = [], 0
    for finding in find_personal_data(text):
        pieces += [text[position : finding.start], PLACEHOLDERS[finding.kind]]
        position = finding.end
    pieces.append(text[position:])
    return "".join(pieces)
