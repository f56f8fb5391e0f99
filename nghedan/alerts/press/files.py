"""A file of articles or posts, read by the kind its name or its content shows."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from .common import MAX_FILE_BYTES, ArticleIn, PressError, decode
from .feeds import parse_feed
from .pages import parse_html
from .posts import parse_json_lines

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
_FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})
_POSTS_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json"})


def _sniff(head: str) -> str:
    """The kind the content's start shows: "feed", "html", "posts" or ""."""
    start = re.sub(r"^(?:\s|<\?xml[^>]*\?>|<!--.*?-->)*", "", head, flags=re.S).lower()
    if start.startswith(("<rss", "<feed", "<rdf:rdf")):
        return "feed"
    if start.startswith(("<!doctype html", "<html", "<head", "<body", "<meta")):
        return "html"
    if start.startswith(("{", "[")):
        return "posts"
    return ""


def read_file(*, path: Path) -> list[ArticleIn]:
    """The articles or posts in a file: .html/.htm gives one article, .xml/.rss/.atom (or
    content starting with <rss or <feed) a feed's items, .jsonl/.json posts; other names
    are recognised by their content. Raises PressError for a file that cannot be read, is
    empty, too large, binary, or of an unknown kind."""
    path = Path(path)
    name = path.name
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise PressError(
                f"Tệp {name} quá lớn (tối đa {MAX_FILE_BYTES // (1024 * 1024)} MB)",
                f"The file {name} is too large (at most {MAX_FILE_BYTES // (1024 * 1024)} MB)",
            )
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise PressError(
            f"Không đọc được tệp {name} ({reason})",
            f"The file {name} cannot be read ({reason})",
        ) from error
    if not data.strip() or not data.removeprefix(codecs.BOM_UTF8).strip():
        raise PressError(f"Tệp {name} trống", f"The file {name} is empty")
    try:
        head = decode(data[:4096])
    except PressError as error:
        raise PressError(
            f"Tệp {name}: {error.message}", f"File {name}: {error.message_en}"
        ) from None
    sniffed = _sniff(head)
    suffix = path.suffix.lower()
    if sniffed == "feed":
        kind = "feed"
    elif suffix in _HTML_SUFFIXES:
        kind = "html"
    elif suffix in _FEED_SUFFIXES:
        kind = "feed"
    elif suffix in _POSTS_SUFFIXES:
        kind = "posts"
    else:
        kind = sniffed
    if kind == "html":
        return [parse_html(content=data)]
    if kind == "feed":
        return parse_feed(content=data)
    if kind == "posts":
        return parse_json_lines(content=data)
    raise PressError(
        f"Không nhận ra loại tệp {name}: cần trang HTML đã lưu (.html), nguồn tin RSS/Atom "
        "(.xml, .rss, .atom) hoặc bài đăng mạng xã hội (.jsonl)",
        f"The kind of the file {name} is not recognised: expected a saved HTML page (.html), "
        "an RSS/Atom feed (.xml, .rss, .atom) or social posts (.jsonl)",
    )
