"""Dates as Vietnamese news sites, feeds and exports write them: ISO 8601, RFC 822 and
Vietnamese date text ("Thứ ba, 24/11/2026 08:15 (GMT+7)", "24-11-2026 - 08:15",
"08:15 24/11/2026", "ngày 24 tháng 11 năm 2026"). Without an offset the time is Vietnam
time (Asia/Ho_Chi_Minh).

Relative dates ("3 giờ trước", "hôm qua") are not read: in a saved page they are
relative to the moment it was saved, which the file does not say.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from .common import VIETNAM

_DATE_NUMERIC = r"(?<!\d)(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})(?!\d)"
_DATE_WORDS = (
    r"ngày\s+(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s*(?:,\s*|\s+)năm\s+(?P<y2>\d{4})(?!\d)"
)
_DATE_TEXT = re.compile(f"{_DATE_NUMERIC}|{_DATE_WORDS}", re.I)
_TIME = r"(?<!\d)(?P<H>\d{1,2})\s*[:hH]\s*(?P<M>\d{2})(?:\s*:\s*(?P<S>\d{2}))?(?:\s*(?P<ampm>[AaPp][Mm])\b)?(?!\d)"
_TIME_AFTER = re.compile(r"[\s,|\-–—]*(?:lúc\s*)?" + _TIME, re.I)
_TIME_BEFORE = re.compile(
    _TIME
    + r"\s*(?:\(?\s*(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?\d{2})?\s*\)?)?"
    + r"[\s,|\-–—]*(?:(?:thứ\s+\w+|chủ\s+nhật)\s*,?\s*)?(?:ngày\s*)?$",
    re.I,
)
_OFFSET = re.compile(r"^[\s,|\-–—]*\(?\s*(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", re.I)
_RFC_GMT_OFFSET = re.compile(r"\s*GMT\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\s*$", re.I)


def _zone(sign: str, hours: str, minutes: str | None) -> timezone | ZoneInfo:
    offset = timedelta(hours=int(hours), minutes=int(minutes or 0))
    if sign == "-":
        offset = -offset
    if offset == timedelta(hours=7) or abs(offset) > timedelta(hours=14):
        return VIETNAM  # +7, or an offset no place uses: read as Vietnam time
    return timezone(offset)


def _iso_date(value: str) -> datetime | None:
    if not re.match(r"^\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        found = datetime.fromisoformat(value)
    except ValueError:
        return None
    return found if found.tzinfo is not None else found.replace(tzinfo=VIETNAM)


def _rfc822_date(value: str) -> datetime | None:
    # Some Vietnamese feeds write "Tue, 24 Nov 2026 08:15:00 GMT+7".
    value = _RFC_GMT_OFFSET.sub(
        lambda m: f" {m.group(1)}{int(m.group(2)):02d}{int(m.group(3) or 0):02d}", value
    )
    try:
        found = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if found.tzinfo is not None:
        return found
    # "-0000" says UTC with the origin unknown; no zone at all is local (Vietnam) time.
    return found.replace(tzinfo=UTC if value.rstrip().endswith("-0000") else VIETNAM)


def vietnamese_date(text: str) -> datetime | None:
    """The first valid date written the Vietnamese way in the text, with the time next to
    it: "Thứ ba, 24/11/2026 08:15 (GMT+7)", "24-11-2026 - 08:15", "08:15 24/11/2026",
    "ngày 24 tháng 11 năm 2026"."""
    text = text.replace("\xa0", " ")
    for found in _DATE_TEXT.finditer(text):
        day = int(found.group("d") or found.group("d2"))
        month = int(found.group("m") or found.group("m2"))
        year = int(found.group("y") or found.group("y2"))
        if not 1990 <= year <= 2100:
            continue
        try:
            day_start = datetime(year, month, day)
        except ValueError:
            continue
        end = found.end()
        clock = _TIME_AFTER.match(text, end, min(len(text), end + 40))
        if clock:
            end = clock.end()
        else:
            clock = _TIME_BEFORE.search(text[max(0, found.start() - 60) : found.start()])
        hour = minute = second = 0
        if clock:
            hour, minute = int(clock.group("H")), int(clock.group("M"))
            second = int(clock.group("S") or 0)
            ampm = (clock.group("ampm") or "").lower()
            if ampm == "pm" and hour < 12:
                hour += 12
            elif ampm == "am" and hour == 12:
                hour = 0
            if hour > 23 or minute > 59 or second > 59:
                hour = minute = second = 0
        offset = _OFFSET.match(text[end : end + 30])
        zone = _zone(*offset.groups()) if offset else VIETNAM
        return day_start.replace(hour=hour, minute=minute, second=second, tzinfo=zone)
    return None


def parse_date(*, text: str) -> datetime | None:
    """A timezone-aware datetime from ISO 8601 ("2026-11-24T08:15:00+07:00"), RFC 822
    ("Tue, 24 Nov 2026 08:15:00 +0700") or Vietnamese date text ("Thứ ba, 24/11/2026 08:15
    (GMT+7)", "24-11-2026 - 08:15", "08:15 24/11/2026", "ngày 24 tháng 11 năm 2026"); None
    when the text holds no date. Without an offset the time is Vietnam time."""
    value = " ".join((text or "").split())
    if not value:
        return None
    return _iso_date(value) or _rfc822_date(value) or vietnamese_date(value)


def is_date_line(paragraph: str) -> bool:
    """A paragraph that is only a date ("Thứ ba, 24/11/2026 08:15 (GMT+7)")."""
    if len(paragraph) > 80 or vietnamese_date(paragraph) is None:
        return False
    rest = _DATE_TEXT.sub(" ", paragraph)
    rest = re.sub(_TIME, " ", rest, flags=re.I)
    rest = re.sub(r"(?i)\b(?:thứ\s+\w+|chủ\s+nhật|GMT|UTC|cập nhật|đăng|lúc|ngày)\b", " ", rest)
    return len(re.sub(r"[\W\d_]+", "", rest)) < 4
