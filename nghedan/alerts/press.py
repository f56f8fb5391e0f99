"""Press articles and social posts for the early warning: saved news pages, RSS and Atom
feeds and JSON-lines exports of social posts, read into one plain shape (`ArticleIn`), and
copies of the same story that several sites publish grouped together.

Pure parsing and cleaning: no database, no Django models and no network (files come from
an officer's upload or a harvester that runs elsewhere). Saved pages are parsed with the
standard library's `html.parser` into a small tree; boilerplate (menus, share buttons,
counters, "Tin cùng chuyên mục", "Đọc nhiều", tags, cookie banners, scripts) is dropped by
tag, by class/id and by its Vietnamese labels, then the densest block of text is chosen
with a readability-style score (text length, commas, link density). Feeds are read with
`xml.etree.ElementTree`, refusing entity declarations.

Dates without an offset are taken as Vietnam time (Asia/Ho_Chi_Minh). Text is cleaned the
way submitted text is stored (`lib.text.clean`: NFC, one tone-mark convention, whitespace
collapsed, paragraphs kept and separated by a blank line). Authors' and commenters' names
are not kept: a page's byline and comments are dropped, a post's "author" is only checked.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import numpy as np

from nghedan.language.duplicates import signature, similarity
from nghedan.lib.text import clean, fold

__all__ = [
    "KINDS",
    "MAX_FILE_BYTES",
    "VIETNAM",
    "ArticleIn",
    "PressError",
    "group_syndicated",
    "parse_date",
    "parse_feed",
    "parse_html",
    "parse_json_lines",
    "read_file",
    "syndication_key",
]

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
KINDS = ("article", "post")
# A saved page or an export larger than this is not something an officer uploads by hand.
MAX_FILE_BYTES = 32 * 1024 * 1024


class PressError(ValueError):
    """Input that cannot be read as an article, a feed or posts. `message` is Vietnamese,
    `message_en` English; str() gives both."""

    def __init__(self, message: str, message_en: str):
        super().__init__(f"{message} / {message_en}")
        self.message = message
        self.message_en = message_en


@dataclass(frozen=True)
class ArticleIn:
    """One press article or social post, as read from a file.

    `text` is the clean body, paragraphs separated by a blank line; `published` is
    timezone-aware or None; `kind` is "article" (news pages, feed items) or "post"
    (social posts); `external_id` identifies the item at its source (feed guid, post id,
    canonical URL), or is a hash of the content when the source gives nothing.
    """

    url: str
    source: str
    title: str
    text: str
    published: datetime | None
    kind: str = "article"
    external_id: str = ""

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {self.kind!r}")
        if self.published is not None and self.published.utcoffset() is None:
            raise ValueError("published must be timezone-aware")


# --- Decoding ---------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_BINARY_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF-", b"PK\x03\x04", b"\x1f\x8b")


def _refuse_binary(data: bytes) -> None:
    """Raise for content that is not text: images, archives, PDFs, random bytes."""
    sample = data[:8192]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32 or b == 127)
    if sample.startswith(_BINARY_MAGIC) or b"\x00" in sample or controls > len(sample) / 100:
        raise PressError(
            "Tệp không phải văn bản (có thể là ảnh, PDF hoặc tệp nén); chỉ nhận trang HTML "
            "đã lưu, nguồn tin RSS/Atom hoặc tệp JSON lines",
            "The file is not text (perhaps an image, a PDF or an archive); only saved HTML "
            "pages, RSS/Atom feeds and JSON-lines files are accepted",
        )


def _decode(content: bytes | str, *, declared: re.Pattern | None = None) -> str:
    """Text of the content: BOM first, then the charset the content declares, then UTF-8.
    Undecodable bytes become U+FFFD rather than failing the whole page."""
    if isinstance(content, str):
        return content.removeprefix("\ufeff")
    data = bytes(content)
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace").removeprefix("\ufeff")
    _refuse_binary(data)
    codec = "utf-8"
    found = declared.search(data[:16384]) if declared is not None else None
    if found:
        try:
            codec = codecs.lookup(found.group(1).decode("ascii")).name
        except LookupError:
            codec = "utf-8"
    # As browsers do: a UTF-16/32 label in an ASCII-compatible page means UTF-8, and
    # Latin-1/ASCII labels mean windows-1252.
    if codec.startswith(("utf-16", "utf-32")):
        codec = "utf-8"
    elif codec in ("latin-1", "iso8859-1", "ascii"):
        codec = "cp1252"
    return data.decode(codec, errors="replace")


def _empty_refused() -> PressError:
    return PressError("Nội dung trống", "The content is empty")


# --- A small DOM ------------------------------------------------------------------------


class _Node:
    """An element: tag, attributes, children (elements and text strings), and the
    measures the article search fills in."""

    __slots__ = (
        "tag",
        "attrs",
        "parent",
        "children",
        "size",
        "link_size",
        "commas",
        "count",
        "removed",
    )

    def __init__(self, tag: str, attrs: dict[str, str], parent: _Node | None):
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[_Node | str] = []
        self.size = 0
        self.link_size = 0
        self.commas = 0
        self.count = 1
        self.removed = False

    def get(self, name: str) -> str:
        return self.attrs.get(name, "")


_VOID = frozenset(
    "area base br col embed hr img input keygen link meta param source track wbr".split()
)
_BLOCK = frozenset(
    """address article aside blockquote body center dd details dialog dir div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav ol p pre
    section summary table tbody td tfoot th thead tr ul caption""".split()
)
_CLOSES_P = _BLOCK - {"li", "dd", "dt", "td", "th", "tr", "tbody", "thead", "tfoot", "caption"}
# Implicitly closed elements: tag -> (tags it closes, tags that bound the search).
_IMPLIED_END = {
    "li": ({"li"}, {"ul", "ol", "menu"}),
    "dt": ({"dt", "dd"}, {"dl"}),
    "dd": ({"dt", "dd"}, {"dl"}),
    "tr": ({"tr", "td", "th"}, {"table", "tbody", "thead", "tfoot"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
    "option": ({"option"}, {"select", "datalist"}),
}
_MAX_DEPTH = 400
_UNRENDERED = frozenset({"script", "style", "noscript", "template", "head", "title"})


class _TreeBuilder(HTMLParser):
    """html.parser events into a tree, with the implied end tags browsers apply to
    unclosed <p>, <li>, <td> and a forgiving treatment of stray end tags."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {}, None)
        self.stack = [self.root]

    def _close(self, tags: set[str] | frozenset[str], bounds: set[str] | frozenset[str]):
        for depth in range(len(self.stack) - 1, 0, -1):
            tag = self.stack[depth].tag
            if tag in tags:
                del self.stack[depth:]
                return
            if tag in bounds:
                return

    def handle_starttag(self, tag, attrs):
        if tag in _CLOSES_P:
            self._close({"p"}, _BLOCK - {"p"})
        if tag in _IMPLIED_END:
            self._close(*_IMPLIED_END[tag])
        parent = self.stack[-1]
        node = _Node(tag, {name: value or "" for name, value in attrs}, parent)
        parent.children.append(node)
        if tag not in _VOID and len(self.stack) < _MAX_DEPTH:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        children = self.stack[-1].children
        if children and isinstance(children[-1], str):
            children[-1] += data
        else:
            children.append(data)


def _parse_dom(text: str) -> _Node:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def _elements(node: _Node) -> Iterator[_Node]:
    """The node and its element descendants, in document order (no recursion: saved pages
    can nest deeply)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(child for child in reversed(current.children) if isinstance(child, _Node))


def _ancestors(node: _Node) -> Iterator[_Node]:
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def _attached(node: _Node) -> bool:
    return not node.removed and not any(a.removed for a in _ancestors(node))


def _detach(node: _Node) -> None:
    if node.parent is not None and not node.removed:
        node.parent.children.remove(node)
    node.removed = True


def _text(node: _Node) -> str:
    """All rendered text under the node, whitespace collapsed."""
    parts: list[str] = []
    stack: list[_Node | str] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, str):
            parts.append(current)
        elif current.tag not in _UNRENDERED or current is node:
            if current.tag == "br":
                parts.append(" ")
            stack.extend(reversed(current.children))
    return " ".join("".join(parts).split())


def _measure(root: _Node) -> None:
    """Fill in text size, link text size, comma count and element count, children
    before parents."""
    for node in reversed(list(_elements(root))):
        size = link = commas = 0
        count = 1
        if node.tag not in _UNRENDERED:
            for child in node.children:
                if isinstance(child, str):
                    stripped = child.strip()
                    if stripped:
                        size += len(" ".join(stripped.split()))
                        commas += stripped.count(",") + stripped.count("，")
                else:
                    size += child.size
                    link += child.link_size
                    commas += child.commas
                    count += child.count
        node.size = size
        node.count = count
        node.link_size = size if node.tag == "a" else link
        node.commas = commas


def _link_density(node: _Node) -> float:
    return node.link_size / node.size if node.size else 0.0


def _paragraphs(nodes: Sequence[_Node], *, skip: frozenset[str] = frozenset()) -> list[str]:
    """Text of the nodes as paragraphs: block elements break paragraphs, <br> breaks
    lines, inline text runs on."""
    out: list[str] = []
    buffer: list[str] = []

    def flush():
        lines = ("".join(buffer)).split("\n")
        buffer.clear()
        text = "\n".join(" ".join(line.split()) for line in lines).strip()
        if text:
            out.append(text)

    ignored = _UNRENDERED | skip | {"img", "svg", "button", "select", "iframe", "input"}
    stack: list[tuple[bool, _Node] | str] = [(True, node) for node in reversed(nodes)]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            buffer.append(item)
            continue
        entering, node = item
        block = node.tag in _BLOCK
        if not entering:
            if block:
                flush()
            continue
        if node.tag == "br":
            buffer.append("\n")
            continue
        if node.tag in ignored:
            continue
        if block:
            flush()
        stack.append((False, node))
        stack.extend(
            child if isinstance(child, str) else (True, child) for child in reversed(node.children)
        )
    flush()
    return out


def _fragment_text(markup: str) -> str:
    """Plain text of an HTML fragment (a feed's description), paragraphs kept."""
    if "<" not in markup:
        return clean(html.unescape(markup))
    return clean("\n\n".join(_paragraphs([_parse_dom(markup)])))


# --- Dates ------------------------------------------------------------------------------

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


def _vietnamese_date(text: str) -> datetime | None:
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
    return _iso_date(value) or _rfc822_date(value) or _vietnamese_date(value)


def _words(text: str) -> frozenset[str]:
    """The comma-separated entries of a word list."""
    return frozenset(word.strip() for word in text.split(",") if word.strip())


# --- Boilerplate ------------------------------------------------------------------------

# Elements that are never the article's text.
_DROP_TAGS = frozenset(
    """script style noscript template head title iframe svg canvas button select input
    textarea object embed video audio map dialog link meta""".split()
)
# Page furniture; dropped unless the title sits inside (a page that wraps everything in
# <form> or <header>).
_FURNITURE_TAGS = frozenset({"nav", "footer", "aside", "form", "header", "menu"})
# class/id fragments (folded, separators removed) that mark boilerplate whatever else
# the element says.
_STRONG = _words(
    """
    related, lienquan, cungchuyenmuc, samecategory, samecate, docnhieu, xemnhieu, mostread,
    mostview, mostpopular, popular, trending, breadcrumb, cookie, consent, gdpr, comment,
    binhluan, share, sharing, social, newsletter, subscribe, advert, quangcao, sponsor, promo,
    popup, modal, login, dangnhap, pagination, paging, keyword, tukhoa, toolbar, rating,
    reaction, counter, luotxem, viewcount, othernews, morenews, latestnews, hotnews, noibat,
    banner
    """
)
_STRONG_TOKENS = frozenset({"tag", "tags", "ads", "ad", "adv", "qc", "like", "likes", "print"})
# Fragments that mark furniture unless a positive word is there too ("article-header").
_WEAK = _words(
    """
    menu, navbar, navigation, header, footer, sidebar, widget, masthead, topbar, copyright,
    search, timkiem, logo
    """
)
_WEAK_TOKENS = frozenset({"nav", "aside", "hide"})
_POSITIVE = _words(
    """
    article, content, story, detail, chitiet, noidung, entry, baiviet, fckdetail, newsbody,
    body, post, sapo
    """
)
# Short elements with these class/id words hold the date, author or source line.
_BYLINE = ("date", "time", "publish", "posted", "ngaydang", "thoigian", "author", "tacgia")
_BYLINE_TOKENS = frozenset({"meta", "info", "byline", "source", "nguon"})
_LEAD = ("sapo", "lead", "description", "summary", "tomtat", "chapeau", "intro")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

# Headings of boxes that are not the article (folded, trailing counts removed).
_SECTION_LABELS = _words(
    """
    tin cung chuyen muc, bai cung chuyen muc, cung chuyen muc, tin lien quan, bai lien quan,
    bai viet lien quan, tin tuc lien quan, doc nhieu, doc nhieu nhat, tin doc nhieu,
    bai doc nhieu, xem nhieu, xem nhieu nhat, tin xem nhieu, tin moi, tin moi nhat,
    tin moi cap nhat, moi nhat, tin noi bat, noi bat, co the ban quan tam, ban co the quan tam,
    co the ban chua doc, tin khac, cac tin khac, tin tuc khac, bai viet khac, doc them,
    xem them, binh luan, y kien ban doc, y kien, gui binh luan, tags, tag, tu khoa, chu de,
    chu de lien quan, tieu diem
    """
)
# Buttons and counters: "1.234 lượt xem", "Thích", "Chia sẻ", "Bình luận (12)".
_COUNTER_LABEL = re.compile(
    r"^(?:\d+(?: \d+)*\s*(?:k|n|tr|nghin|trieu)?\s*)?"
    r"(?:luot xem|luot doc|luot thich|luot chia se|luot binh luan|thich|chia se|binh luan"
    r"|xem|like|likes|share|shares|comment|comments|view|views|reactions?)"
    r"(?:\s*\d+(?: \d+)*\s*(?:k|n)?)?$"
)
_BUTTON_LABELS = _words(
    """
    in, in bai, in bai viet, luu, luu bai, luu tin, theo doi, quay lai, ve dau trang,
    len dau trang, trang chu, copy link, sao chep lien ket, sao chep link, facebook, zalo,
    twitter, tweet, email, gui email, gop y, bao loi, nghe doc bai, nghe bai viet, dang nhap,
    dang ky
    """
)
_STRUCTURAL = frozenset({"#root", "html", "body", "main", "article"})


def _class_key(node: _Node) -> tuple[str, frozenset[str]]:
    """The element's class and id, folded: squashed (no separators) and as tokens."""
    return _fold_class(f"{node.get('class')} {node.get('id')}")


@lru_cache(maxsize=4096)
def _fold_class(raw: str) -> tuple[str, frozenset[str]]:
    if not raw.strip():
        return "", frozenset()
    folded = fold(raw)
    return folded.replace(" ", ""), frozenset(folded.split())


def _class_kind(node: _Node) -> str:
    """The element's class/id read as boilerplate ("strong"), furniture ("weak"),
    the article ("positive"), or nothing ("")."""
    squashed, tokens = _class_key(node)
    if not squashed:
        return ""
    if tokens & _STRONG_TOKENS or any(word in squashed for word in _STRONG):
        return "strong"
    positive = any(word in squashed for word in _POSITIVE)
    if not positive and (tokens & _WEAK_TOKENS or any(word in squashed for word in _WEAK)):
        return "weak"
    return "positive" if positive else ""


def _label_key(text: str) -> str:
    return re.sub(r"(?:\s*\d+)+$", "", fold(text)).strip()


def _is_small_label(key: str) -> bool:
    return key in _BUTTON_LABELS or bool(_COUNTER_LABEL.match(key))


def _listish(node: _Node) -> bool:
    """A block of links (a related-news list, a menu), not running text."""
    return node.size > 0 and _link_density(node) >= 0.25


def _content_before(parent: _Node, node: _Node) -> bool:
    for child in parent.children:
        if child is node:
            return False
        if isinstance(child, str):
            if child.strip():
                return True
        elif child.size:
            return True
    return False


def _drop_section(label: _Node, protected: set[int]) -> None:
    """Drop a "Tin liên quan"-style box: climb from its heading while the rest of the
    container is links, then drop it and the link lists that follow it."""
    node = label
    while True:
        parent = node.parent
        if parent is None or parent.tag in _STRUCTURAL or id(parent) in protected:
            break
        if _content_before(parent, node):
            break
        rest = parent.size - node.size
        if rest and (parent.link_size - node.link_size) / rest < 0.25:
            break
        node = parent
    parent = node.parent
    if parent is None:
        return
    following = parent.children[parent.children.index(node) + 1 :]
    _detach(node)
    for sibling in following:
        if isinstance(sibling, str):
            if sibling.strip():
                break
            continue
        if id(sibling) in protected:
            break
        if sibling.size and not _listish(sibling):
            break
        _detach(sibling)


def _drop_small(label: _Node, protected: set[int]) -> None:
    """Drop a button or counter and the small toolbar around it."""
    node = label
    while True:
        parent = node.parent
        if parent is None or parent.tag in _STRUCTURAL or id(parent) in protected:
            break
        if parent.size > 150 or parent.size - node.size > 80:
            break
        node = parent
    _detach(node)


# Elements with more descendants than this are never a label, button or banner.
_LABEL_MAX_ELEMENTS = 60


def _wrapper(node: _Node) -> bool:
    """An element whose only content is one element child."""
    element = None
    for child in node.children:
        if isinstance(child, str):
            if child.strip():
                return False
        elif element is None:
            element = child
        else:
            return False
    return element is not None


def _strip_boilerplate(body: _Node, title_node: _Node | None) -> None:
    """Remove what is not the article, in place: unrendered and furniture elements,
    hidden ones, elements whose class/id says boilerplate, then short date/author lines,
    boxes under a "Tin liên quan"-style heading, buttons and counters, cookie banners.
    The title and its ancestors are never removed."""
    protected = {id(node) for node in _ancestors(title_node)} if title_node else set()
    if title_node is not None:
        protected.add(id(title_node))
    _measure(body)
    total = body.size or 1

    doomed = []
    for node in _elements(body):
        if node is body:
            continue
        tag = node.tag
        if tag in _DROP_TAGS:
            doomed.append(node)
            continue
        if id(node) in protected:
            continue
        if tag in _FURNITURE_TAGS:
            in_article = any(a.tag == "article" for a in _ancestors(node))
            if tag == "header" and in_article:
                continue
            if tag == "form" and node.size > total / 2:
                continue
            doomed.append(node)
            continue
        if (
            "hidden" in node.attrs
            or node.get("aria-hidden").lower() == "true"
            or _HIDDEN_STYLE.search(node.get("style"))
        ):
            doomed.append(node)
            continue
        kind = _class_kind(node)
        if kind == "strong" or (kind == "weak" and node.size <= total / 2):
            doomed.append(node)
    for node in doomed:
        _detach(node)

    _measure(body)
    sections, smalls, bylines, cookies = [], [], [], []
    for node in _elements(body):
        if node is body or id(node) in protected or not node.size:
            continue
        if node.size <= 200:
            squashed, tokens = _class_key(node)
            if squashed and (tokens & _BYLINE_TOKENS or any(word in squashed for word in _BYLINE)):
                bylines.append(node)
                continue
        if node.count > _LABEL_MAX_ELEMENTS or _wrapper(node):
            continue  # labels and banners are small; a wrapper's text is its child's
        if node.size <= 40:
            key = _label_key(_text(node))
            if key in _SECTION_LABELS:
                sections.append(node)
            elif _is_small_label(key):
                smalls.append(node)
        elif node.size <= 600 and node.tag not in _STRUCTURAL:
            text = _text(node)
            key = fold(text) if "cookie" in text.lower() else ""
            if key and any(word in key for word in ("dong y", "chap nhan", "accept", "chinh sach")):
                cookies.append(node)
    for node in bylines + cookies:
        if _attached(node):
            _detach(node)
    for node in sections:
        if _attached(node):
            _drop_section(node, protected)
    for node in smalls:
        if _attached(node):
            _drop_small(node, protected)
    _measure(body)


# --- Choosing the article block ---------------------------------------------------------

_TAG_WEIGHT = {
    "div": 5,
    "article": 5,
    "pre": 3,
    "td": 3,
    "blockquote": 3,
    "address": -3,
    "ol": -3,
    "ul": -3,
    "dl": -3,
    "dd": -3,
    "dt": -3,
    "li": -3,
    "form": -3,
    "h1": -5,
    "h2": -5,
    "h3": -5,
    "h4": -5,
    "h5": -5,
    "h6": -5,
    "th": -5,
}
_PARAGRAPH_TAGS = frozenset({"p", "pre", "td", "blockquote"})
_TEXT_CONTAINERS = frozenset({"div", "section", "article", "font", "center"})


def _is_paragraph(node: _Node) -> bool:
    """A paragraph to score: <p>, <pre>, <td>, <blockquote>, or a <div> holding text and
    no block elements (pages that write paragraphs as divs or with <br>)."""
    if node.tag in _PARAGRAPH_TAGS:
        return True
    if node.tag not in _TEXT_CONTAINERS:
        return False
    has_text = False
    for child in node.children:
        if isinstance(child, str):
            has_text = has_text or bool(child.strip())
        elif child.tag in _BLOCK:
            return False
    return has_text


def _candidate_weight(node: _Node) -> float:
    kind = _class_kind(node)
    return _TAG_WEIGHT.get(node.tag, 0) + (25 if kind == "positive" else -25 if kind else 0)


def _best_block(body: _Node) -> list[_Node]:
    """The article's elements: the best-scoring container and the siblings that belong
    with it (a lead paragraph kept beside the body, a second body part)."""
    scores: dict[int, float] = {}
    nodes: dict[int, _Node] = {}
    for node in _elements(body):
        if node.size < 25 or not _is_paragraph(node):
            continue
        points = 1 + node.commas + min(node.size // 100, 3)
        for level, ancestor in enumerate(_ancestors(node)):
            if level >= 5 or ancestor.tag in ("#root", "html"):
                break
            key = id(ancestor)
            if key not in scores:
                scores[key] = _candidate_weight(ancestor)
                nodes[key] = ancestor
            scores[key] += points / (1 if level == 0 else 2 if level == 1 else level * 3)
    if not scores:
        return [body]
    final = {key: score * (1 - _link_density(nodes[key])) for key, score in scores.items()}
    top_key = max(final, key=final.__getitem__)
    top = nodes[top_key]
    parent = top.parent
    if parent is None or top is body:
        return [top]
    threshold = max(10.0, final[top_key] * 0.2)
    top_class = top.get("class")
    chosen = []
    for sibling in parent.children:
        if isinstance(sibling, str):
            continue
        if sibling is top:
            chosen.append(sibling)
            continue
        bonus = final[top_key] * 0.2 if top_class and sibling.get("class") == top_class else 0
        if id(sibling) in final and final[id(sibling)] + bonus >= threshold:
            chosen.append(sibling)
            continue
        density = _link_density(sibling)
        squashed, _ = _class_key(sibling)
        if sibling.tag == "p" or any(word in squashed for word in _LEAD):
            if sibling.size > 80 and density < 0.25:
                chosen.append(sibling)
            elif 0 < sibling.size <= 80 and density == 0:
                if re.search(r"[.!?…](\s|$)", _text(sibling)):
                    chosen.append(sibling)
    return chosen


# --- Metadata ---------------------------------------------------------------------------

# In order of trust: the first that holds a date wins.
_PUBLISHED_META = tuple(
    """
    article:published_time, og:article:published_time, og:published_time, published_time,
    datepublished, pubdate, publishdate, publish-date, publish_date, dc.date.issued,
    dcterms.issued, dc.date, date, parsely-pub-date, sailthru.date
    """.replace(",", " ").split()
)
_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—:»]\s+")
_SITE_WORDS = ("bao ", "tap chi", "tin tuc", "dien tu", "cong thong tin", "truyen hinh")


def _metas(root: _Node) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in _elements(root):
        if node.tag != "meta":
            continue
        key = (node.get("property") or node.get("name") or node.get("itemprop")).lower()
        value = node.get("content").strip()
        if key and value:
            found.setdefault(key, value)
    return found


def _json_ld(root: _Node) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in _elements(root):
        if node.tag != "script" or "ld+json" not in node.get("type").lower():
            continue
        raw = "".join(child for child in node.children if isinstance(child, str)).strip()
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):
            continue
        stack, seen = [data], 0
        while stack and seen < 2000:
            item = stack.pop()
            seen += 1
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                for key in ("datePublished", "headline"):
                    if isinstance(item.get(key), str):
                        found.setdefault(key, item[key])
                publisher = item.get("publisher")
                if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                    found.setdefault("publisher", publisher["name"])
                stack.extend(
                    reversed([value for value in item.values() if isinstance(value, dict | list)])
                )
    return found


def _in_furniture(node: _Node) -> bool:
    for ancestor in (node, *_ancestors(node)):
        if ancestor.tag in ("body", "html"):
            break
        if ancestor.tag in ("nav", "aside", "footer") or _class_kind(ancestor) == "strong":
            return True
    return False


def _title_node(root: _Node) -> _Node | None:
    """The article's <h1>: not the logo in the site header, not inside a related box."""
    for node in _elements(root):
        if node.tag != "h1":
            continue
        chain = list(_ancestors(node))
        in_article = any(a.tag == "article" for a in chain)
        if not in_article and any(a.tag in ("header", "nav") for a in chain):
            continue
        if "logo" in _class_key(node)[0] or _in_furniture(node):
            continue
        if len(_text(node)) >= 8:
            return node
    return None


def _site_names(metas: dict[str, str], ld: dict[str, str], url: str) -> list[str]:
    names = [
        metas.get("og:site_name", ""),
        ld.get("publisher", ""),
        metas.get("application-name", ""),
    ]
    host = urlsplit(url).hostname or ""
    if host:
        label = host.removeprefix("www.").split(".")[0]
        names.append(label)
    return [key for key in (fold(name).replace(" ", "") for name in names) if key]


def _strip_site_suffix(title: str, sites: list[str]) -> tuple[str, str]:
    """The title without the site's name, and the name: "Dân kéo đến trụ sở xã - Báo Dân
    Sinh" -> ("Dân kéo đến trụ sở xã", "Báo Dân Sinh")."""
    site_name = ""
    while True:
        found = list(_TITLE_SEPARATOR.finditer(title))
        if not found:
            return title, site_name
        last = found[-1]
        head, tail = title[: last.start()].strip(), title[last.end() :].strip()
        squashed = fold(tail).replace(" ", "")
        is_site = (
            any(site in squashed or (len(squashed) >= 4 and squashed in site) for site in sites)
            or fold(tail).startswith(_SITE_WORDS)
            or re.search(r"\w\.(vn|com|net|org)\b", tail.lower()) is not None
            or (last.group(0).strip() == "|" and len(tail.split()) <= 5)
        )
        if not is_site or len(head) < 8:
            return title, site_name
        title, site_name = head, site_name or tail


def _linear_text(root: _Node, mark: _Node) -> tuple[str, int, int]:
    """The page's rendered text in one string, and where the marked element's text
    starts and ends in it."""
    parts: list[str] = []
    length = start = end = 0
    stack: list[tuple[bool, _Node] | str] = [(True, root)]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
            length += len(item)
            continue
        entering, node = item
        if not entering:
            end = length
            continue
        if node.tag in _UNRENDERED and node is not root:
            continue
        parts.append(" ")
        length += 1
        if node is mark:
            start = length
            stack.append((False, node))
        stack.extend(
            child if isinstance(child, str) else (True, child) for child in reversed(node.children)
        )
    return "".join(parts), start, end


def _published(
    root: _Node, metas: dict[str, str], ld: dict[str, str], title_node: _Node | None
) -> datetime | None:
    for key in _PUBLISHED_META:
        if key in metas and (found := parse_date(text=metas[key])):
            return found
    if "datePublished" in ld and (found := parse_date(text=ld["datePublished"])):
        return found
    for node in _elements(root):
        if node.get("itemprop").lower() == "datepublished":
            value = node.get("content") or node.get("datetime") or _text(node)
            if found := parse_date(text=value):
                return found
    times = [
        node
        for node in _elements(root)
        if node.tag == "time" and node.get("datetime") and not _in_furniture(node)
    ]
    if title_node is None:
        return _first_date(times) or _byline_date(root)
    # Nearest the title first: the article's own <time>, the date line under the title,
    # a <time> further down, a date-classed line in the article, then above the title.
    order = {id(node): index for index, node in enumerate(_elements(root))}
    title_at = order[id(title_node)]
    container = _article_container(title_node)
    inside = {id(node) for node in _elements(container)}
    after = [node for node in times if order[id(node)] > title_at]
    before = [node for node in reversed(times) if order[id(node)] < title_at]
    text, start, end = _linear_text(root, title_node)
    return (
        _first_date([node for node in after if id(node) in inside])
        or _vietnamese_date(text[end : end + 600])
        or _first_date(after)
        or _byline_date(container)
        or _first_date(before)
        or _vietnamese_date(text[max(0, start - 300) : start])
    )


def _first_date(times: list[_Node]) -> datetime | None:
    for node in times:
        if found := parse_date(text=node.get("datetime")):
            return found
    return None


def _byline_date(root: _Node) -> datetime | None:
    """The first date in an element whose class/id says date, time, author or meta."""
    for node in _elements(root):
        squashed, tokens = _class_key(node)
        if squashed and (tokens & _BYLINE_TOKENS or any(w in squashed for w in _BYLINE)):
            if not _in_furniture(node) and (found := _vietnamese_date(_text(node))):
                return found
    return None


def _article_container(title_node: _Node) -> _Node:
    """The element holding the article around its title: the nearest <article> or
    article-classed ancestor within three levels, else the third ancestor."""
    container = title_node
    for _ in range(3):
        parent = container.parent
        if parent is None or parent.tag in ("body", "html", "#root"):
            break
        container = parent
        if container.tag == "article" or _class_kind(container) == "positive":
            break
    return container


def _content_id(*parts: str) -> str:
    digest = hashlib.sha1("\n".join(parts).encode("utf-8"), usedforsecurity=False)
    return "sha1:" + digest.hexdigest()[:24]


def _is_date_line(paragraph: str) -> bool:
    """A paragraph that is only a date ("Thứ ba, 24/11/2026 08:15 (GMT+7)")."""
    if len(paragraph) > 80 or _vietnamese_date(paragraph) is None:
        return False
    rest = _DATE_TEXT.sub(" ", paragraph)
    rest = re.sub(_TIME, " ", rest, flags=re.I)
    rest = re.sub(r"(?i)\b(?:thứ\s+\w+|chủ\s+nhật|GMT|UTC|cập nhật|đăng|lúc|ngày)\b", " ", rest)
    return len(re.sub(r"[\W\d_]+", "", rest)) < 4


# --- Public parsers ---------------------------------------------------------------------


def parse_html(*, content: bytes | str, url: str = "") -> ArticleIn:
    """The article in a saved news page: title (og:title, the article's <h1>, or <title>
    without the site's name), publication date (meta article:published_time, JSON-LD
    datePublished, <time datetime>, or the Vietnamese date line near the title) and the
    body text with menus, share buttons, counters, related-news boxes, tags, breadcrumbs
    and cookie banners removed. A page with no recognisable article gives its densest
    block of text. Raises PressError for empty or binary content or a page with no text.
    """
    text = _decode(content, declared=_META_CHARSET)
    if not text.strip():
        raise _empty_refused()
    root = _parse_dom(text)
    metas = _metas(root)
    ld = _json_ld(root)
    canonical = next(
        (
            node.get("href")
            for node in _elements(root)
            if node.tag == "link" and "canonical" in node.get("rel").lower().split()
        ),
        "",
    )
    page_url = url or metas.get("og:url", "") or canonical
    sites = _site_names(metas, ld, page_url)
    title_node = _title_node(root)
    published = _published(root, metas, ld, title_node)

    title = ""
    for candidate in (
        metas.get("og:title", ""),
        metas.get("twitter:title", ""),
        _text(title_node) if title_node is not None else "",
        ld.get("headline", ""),
        next((_text(node) for node in _elements(root) if node.tag == "title"), ""),
    ):
        candidate = clean(candidate)
        if candidate:
            title = _strip_site_suffix(candidate, sites)[0]
            break
    page_title = clean(next((_text(n) for n in _elements(root) if n.tag == "title"), ""))
    title_site = _strip_site_suffix(page_title, sites)[1]
    if not title_site and title and page_title.startswith(title):
        # "<title>{the headline} - {the site}</title>": what follows the headline is the site.
        rest = _TITLE_SEPARATOR.split(" " + page_title[len(title) :].strip())
        title_site = rest[-1].strip() if len(rest) > 1 else ""

    body = next((node for node in _elements(root) if node.tag == "body"), root)
    _strip_boilerplate(body, title_node)
    blocks = _best_block(body)
    paragraphs = []
    title_key = fold(title)
    for paragraph in _paragraphs(blocks, skip=frozenset({"h1"})):
        if len(paragraph) <= 80:
            key = _label_key(paragraph)
            if key in _SECTION_LABELS or _is_small_label(key) or _is_date_line(paragraph):
                continue
        if len(paragraph) <= 2 * len(title) and fold(paragraph) == title_key:
            continue
        paragraphs.append(paragraph)
    body_text = clean("\n\n".join(paragraphs))
    if not body_text and not title:
        raise PressError(
            "Trang không có nội dung văn bản nào để đọc",
            "The page has no text to read",
        )

    host = urlsplit(page_url).hostname or ""
    source = clean(
        metas.get("og:site_name", "")
        or ld.get("publisher", "")
        or metas.get("application-name", "")
        or title_site
        or host.removeprefix("www.")
    )
    return ArticleIn(
        url=page_url,
        source=source,
        title=title,
        text=body_text,
        published=published,
        kind="article",
        external_id=page_url or _content_id(title, body_text),
    )


_ATOM = "{http://www.w3.org/2005/Atom}"
_RSS1 = "{http://purl.org/rss/1.0/}"
_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
_CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
_DC_DATE = "{http://purl.org/dc/elements/1.1/}date"


def _feed_bytes(content: bytes | str) -> bytes:
    if isinstance(content, bytes | bytearray) and bytes(content).startswith(
        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    ):
        content = bytes(content).decode("utf-16")
    if isinstance(content, str):
        text = content.removeprefix("\ufeff").lstrip()
        # The text is already decoded: an encoding declaration would mislead the parser.
        text = re.sub(r"^(<\?xml[^>]*?)\s+encoding\s*=\s*[\"'][^\"']*[\"']", r"\1", text)
        return text.encode("utf-8")
    data = bytes(content).removeprefix(codecs.BOM_UTF8).lstrip()
    _refuse_binary(data)
    return data


def _child_text(element: ElementTree.Element, *tags: str) -> str:
    for tag in tags:
        found = element.find(tag)
        if found is not None and (found.text or "").strip():
            return found.text.strip()
    return ""


def _atom_text(element: ElementTree.Element | None) -> str:
    """An Atom text construct: plain or escaped HTML as it stands, XHTML as its text."""
    if element is None:
        return ""
    if element.get("type") == "xhtml":
        return "\n\n".join(part.strip() for part in element.itertext() if part.strip())
    return (element.text or "").strip()


def _feed_item(*, title: str, link: str, body: str, date: str, guid: str, source: str):
    title_text = _fragment_text(title)
    text = _fragment_text(body) if body else ""
    if not (title_text or text or link):
        return None
    return ArticleIn(
        url=link.strip(),
        source=source,
        title=title_text,
        text=text,
        published=parse_date(text=date) if date else None,
        kind="article",
        external_id=guid.strip() or link.strip() or _content_id(title_text, text),
    )


def parse_feed(*, content: bytes | str, source: str = "") -> list[ArticleIn]:
    """Items of an RSS 2.0 (or RSS 1.0) or Atom feed, in feed order. Descriptions and
    content may be HTML (escaped or CDATA): the tags are stripped. `source` names the
    feed's site; without it the feed's own title is used. Raises PressError for content
    that is not a feed, and refuses XML with entity declarations."""
    data = _feed_bytes(content)
    if not data.strip():
        raise _empty_refused()
    if re.search(rb"<!ENTITY", data[:65536], re.I):
        raise PressError(
            "Nguồn tin có khai báo thực thể XML (<!ENTITY>), không được nhận",
            "The feed declares XML entities (<!ENTITY>), which are not accepted",
        )
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise PressError(
            f"Nguồn tin không phải XML hợp lệ ({error})",
            f"The feed is not valid XML ({error})",
        ) from error

    items: list[ArticleIn | None] = []
    if root.tag == "rss" or root.tag == f"{_RDF}RDF":
        rss1 = root.tag != "rss"
        ns = _RSS1 if rss1 else ""
        channel = root.find(f"{ns}channel")
        feed_title = _child_text(channel, f"{ns}title") if channel is not None else ""
        name = clean(source) or _fragment_text(feed_title)
        entries = root.findall(f"{ns}item") if rss1 else root.findall("channel/item")
        for entry in entries:
            description = _child_text(entry, f"{ns}description")
            encoded = _child_text(entry, _CONTENT_ENCODED)
            items.append(
                _feed_item(
                    title=_child_text(entry, f"{ns}title"),
                    link=_child_text(entry, f"{ns}link"),
                    body=encoded if len(encoded) > len(description) else description,
                    date=_child_text(entry, "pubDate", _DC_DATE),
                    guid=_child_text(entry, "guid") or entry.get(f"{_RDF}about", ""),
                    source=name,
                )
            )
    elif root.tag == f"{_ATOM}feed":
        name = clean(source) or _fragment_text(_child_text(root, f"{_ATOM}title"))
        for entry in root.findall(f"{_ATOM}entry"):
            link = ""
            for candidate in entry.findall(f"{_ATOM}link"):
                if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
                    link = candidate.get("href", "")
                    break
            title = entry.find(f"{_ATOM}title")
            title_text = "" if title is None else (title.text or "")
            if title is not None and title.get("type") == "xhtml":
                title_text = ElementTree.tostring(title, encoding="unicode", method="text")
            items.append(
                _feed_item(
                    title=title_text,
                    link=link,
                    body=_atom_text(entry.find(f"{_ATOM}content"))
                    or _atom_text(entry.find(f"{_ATOM}summary")),
                    date=_child_text(entry, f"{_ATOM}published", f"{_ATOM}updated"),
                    guid=_child_text(entry, f"{_ATOM}id"),
                    source=name,
                )
            )
    else:
        name = root.tag.rpartition("}")[2]
        raise PressError(
            f"Tệp XML không phải nguồn tin RSS hoặc Atom (phần tử gốc <{name}>)",
            f"The XML file is not an RSS or Atom feed (root element <{name}>)",
        )
    return [item for item in items if item is not None]


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
        external_id=external_id or url or _content_id(source, text),
    )


def parse_json_lines(*, content: bytes | str, source: str = "") -> list[ArticleIn]:
    """Social posts, one JSON object a line: {"id", "source", "url", "published",
    "author", "text"}; only "text" is required. Blank lines are skipped; a whole-file JSON
    array of such objects is accepted too. `source` is the platform for records that do
    not name one. A bad line raises PressError naming the line, in Vietnamese and
    English. The author is checked but not kept (people's names stay out of alerts)."""
    text = _decode(content)
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
        head = _decode(data[:4096])
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


# --- Syndication ------------------------------------------------------------------------


def syndication_key(article: ArticleIn) -> np.ndarray | None:
    """The MinHash signature of the article's body (its title when it has no body), as
    `language.duplicates.signature` computes it: copies of one story on different sites
    have nearly equal keys. None when there is nothing to compare. Store it with
    `duplicates.signature_bytes`."""
    return signature(article.text or article.title)


def group_syndicated(*, articles: Sequence[ArticleIn], threshold: float = 0.8) -> list[list[int]]:
    """Indices of the articles grouped by story: two articles whose bodies' estimated
    Jaccard similarity reaches `threshold` are copies of one story (groups are closed
    under that relation). Every article is in exactly one group; within a group the
    earliest published comes first (undated ones last, then input order); groups come in
    the order of their first article in the input."""
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    keys = [syndication_key(article) for article in articles]
    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    comparable = [i for i, key in enumerate(keys) if key is not None]
    if len(comparable) > 1:
        matrix = np.stack([keys[i] for i in comparable])
        for row, i in enumerate(comparable[:-1]):
            # All later signatures at once; `similarity` confirms each match.
            agreement = (matrix[row + 1 :] == matrix[row]).mean(axis=1)
            for offset in np.flatnonzero(agreement >= threshold - 1e-9):
                j = comparable[row + 1 + int(offset)]
                if similarity(keys[i], keys[j]) >= threshold - 1e-9:
                    parent[root(j)] = root(i)

    groups: dict[int, list[int]] = {}
    for i in range(len(articles)):
        groups.setdefault(root(i), []).append(i)
    far_future = datetime.max.replace(tzinfo=UTC)

    def order(i: int):
        published = articles[i].published
        return (published is None, published or far_future, i)

    return [sorted(members, key=order) for members in sorted(groups.values(), key=min)]
