"""Remove personal data from text before it is shown publicly."""

import re

_PLACEHOLDER = {
    "email": "[email]",
    "phone": "[số điện thoại]",
    "id": "[số giấy tờ]",
    "account": "[số tài khoản]",
    "name": "[họ tên]",
}

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Vietnamese phone numbers: 0 or +84/84 then 9 digits, with optional separators.
_PHONE = re.compile(r"(?<![\w(])(?:\+84[\s.\-]?|84(?=[35789])|\(?0)(?:\)?[\s.\-]?\d){9,10}(?![\w])")
_ACCOUNT = re.compile(
    r"(?i)((?:stk|số tài khoản|so tai khoan|tài khoản|tai khoan|tk)\s*:?\s*)(\d[\d\s.\-]{5,20}\d)"
)
# CCCD (12 digits) and CMND (9 digits) numbers.
_ID_NUMBER = re.compile(r"(?<!\d)(?:\d{12}|\d{9})(?!\d)")
_FORMS_OF_ADDRESS = r"(?i:ông|bà|anh|chị|cô|chú|bác|em|cháu|cụ)|ong|ba|chi|co|chu|bac|cu"
# A form of address (without diacritics: lower case only, "Ba Đình" is a place), then up
# to four words; the capitalised ones are the name.
_NAME = re.compile(rf"(?<![\w])((?:{_FORMS_OF_ADDRESS})\s+)(\w+(?:[ \t]+\w+){{0,3}})")
# "phường Bà Rịa", "đặc khu Cô Tô": a place named like a person.
_PLACE_WORDS = {
    "phường",
    "xã",
    "quận",
    "huyện",
    "tỉnh",
    "phố",
    "đường",
    "khu",
    "chợ",
    "cầu",
    "ngõ",
    "tp",
    "thị",
    "trấn",
    "thôn",
    "ấp",
    "bản",
    "làng",
}


def _redact_name(match: re.Match) -> str:
    before = match.string[: match.start()].split()
    if before and before[-1].lower().strip(",.") in _PLACE_WORDS:
        return match.group(1) + _NAME.sub(_redact_name, match.group(2))
    words = match.group(2).split()
    name_length = 0
    for word in words:
        if not word[0].isupper():
            break
        name_length += 1
    if name_length == 0:
        return match.group(1) + _NAME.sub(_redact_name, match.group(2))
    rest = match.group(2).split(None, name_length)[name_length:]
    tail = (" " + _NAME.sub(_redact_name, rest[0])) if rest else ""
    return match.group(1) + _PLACEHOLDER["name"] + tail


def redact(text: str) -> str:
    text = _EMAIL.sub(_PLACEHOLDER["email"], text)
    text = _ACCOUNT.sub(lambda m: m.group(1) + _PLACEHOLDER["account"], text)
    text = _PHONE.sub(_PLACEHOLDER["phone"], text)
    text = _ID_NUMBER.sub(_PLACEHOLDER["id"], text)
    return _NAME.sub(_redact_name, text)
