"""Social posts exported as JSON lines (or one JSON array): {"id", "source", "url",
"published", "author", "text"}. People's names stay out: the author is checked, not kept."""

from __future__ import annotations

import json
from datetime import datetime

from nghedan.lib.text import clean

from .common import VIETNAM, ArticleIn, PressError, content_id, decode
from .dates import parse_date


def _post_title(text: str, limit: int = 100) -> str:
    """A post has no title: its first line, cut at a word before `limit` characters."""
    first = text.split("\n", 1)[0].strip()
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.-–— ") + "…"


def _record_string(
    record: dict, key: str, number: int, unit: tuple[str, str] = ("Dòng", "Line")
) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise PressError(
            f'{unit[0]} {number}: trường "{key}" phải là chuỗi',
            f'{unit[1]} {number}: the field "{key}" must be a string',
        )
    return str(value).strip()


def _post(
    record: object, number: int, default_source: str, *, unit: tuple[str, str] = ("Dòng", "Line")
) -> ArticleIn:
    """The post in one record; errors name it as `unit` (line, or item of an array)."""
    if not isinstance(record, dict):
        raise PressError(
            f"{unit[0]} {number} không phải một đối tượng JSON",
            f"{unit[1]} {number} is not a JSON object",
        )
    text = clean(_record_string(record, "text", number, unit))
    if not text:
        raise PressError(
            f'{unit[0]} {number} không có nội dung (trường "text")',
            f'{unit[1]} {number} has no text (field "text")',
        )
    url = _record_string(record, "url", number, unit)
    source = clean(_record_string(record, "source", number, unit)) or clean(default_source)
    _record_string(record, "author", number, unit)  # checked, not kept: names stay out of alerts
    raw_date = record.get("published")
    published = None
    if isinstance(raw_date, int | float) and not isinstance(raw_date, bool):
        try:
            published = datetime.fromtimestamp(raw_date, tz=VIETNAM)
        except (OverflowError, OSError, ValueError):
            published = None
        if published is None:
            raise PressError(
                f"{unit[0]} {number}: ngày đăng {raw_date!r} không hợp lệ",
                f"{unit[1]} {number}: the publication date {raw_date!r} is not valid",
            )
    elif isinstance(raw_date, str) and raw_date.strip():
        published = parse_date(text=raw_date)
        if published is None:
            raise PressError(
                f'{unit[0]} {number}: không đọc được ngày đăng "{raw_date}"',
                f'{unit[1]} {number}: cannot read the publication date "{raw_date}"',
            )
    elif raw_date not in (None, ""):
        raise PressError(
            f"{unit[0]} {number}: ngày đăng phải là chuỗi ngày giờ hoặc số giây (Unix)",
            f"{unit[1]} {number}: the publication date must be a date string or Unix seconds",
        )
    external_id = _record_string(record, "id", number, unit)
    return ArticleIn(
        url=url,
        source=source,
        title=_post_title(text),
        text=text,
        published=published,
        kind="post",
        external_id=external_id or url or content_id(source, text),
    )


def parse_json_lines(*, content: bytes | str, source: str = "") -> list[ArticleIn]:
    """Social posts, one JSON object a line: {"id", "source", "url", "published",
    "author", "text"}; only "text" is required. Blank lines are skipped; a whole-file JSON
    array of such objects is accepted too. `source` is the platform for records that do
    not name one. A bad line raises PressError naming the line, in Vietnamese and
    English. The author is checked but not kept (people's names stay out of alerts)."""
    text = decode(content)
    if text.lstrip().startswith("["):
        try:
            records = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as error:
            line = getattr(error, "lineno", 1)
            raise PressError(
                f"Dòng {line} không phải JSON hợp lệ (mảng JSON không đọc được)",
                f"Line {line} is not valid JSON (the JSON array cannot be read)",
            ) from error
        if not isinstance(records, list):
            records = [records]
        return [
            _post(record, index, source, unit=("Mục", "Item"))
            for index, record in enumerate(records, 1)
        ]

    posts = []
    # Split on newlines only: JSON strings may hold U+2028, which splitlines() would cut.
    for number, line in enumerate(text.split("\n"), 1):
        line = line.strip()
        if not line:
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as error:
            raise PressError(
                f"Dòng {number} không phải JSON hợp lệ",
                f"Line {number} is not valid JSON",
            ) from error
        posts.append(_post(record, number, source))
    return posts
