"""What every reader shares: the article shape, the error, decoding bytes into text, and
the plain text of a piece of HTML."""

from __future__ import annotations

import codecs
import hashlib
import html
import re
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

from nghedan.lib.text import clean

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


def empty_refused() -> PressError:
    return PressError("Nội dung trống", "The content is empty")


def content_id(*parts: str) -> str:
    """An identifier for an item its source gives none for: a hash of its content."""
    digest = hashlib.sha1("\n".join(parts).encode("utf-8"), usedforsecurity=False)
    return "sha1:" + digest.hexdigest()[:24]


# --- Decoding ---------------------------------------------------------------------------

_BINARY_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF-", b"PK\x03\x04", b"\x1f\x8b")


def refuse_binary(data: bytes) -> None:
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


def decode(content: bytes | str, *, declared: re.Pattern | None = None) -> str:
    """Text of the content: BOM first, then the charset the content declares (`declared`
    finds it), then UTF-8. Undecodable bytes become U+FFFD rather than failing the whole
    page."""
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
    refuse_binary(data)
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


# --- Plain text of HTML -----------------------------------------------------------------

_BLOCKS = frozenset(
    """address article aside blockquote body caption center dd details div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section
    summary table td th tr ul""".split()
)
_UNRENDERED = frozenset(
    "script style noscript template title svg button select textarea iframe object".split()
)


class _TextCollector(HTMLParser):
    """Rendered text as paragraphs: block elements break paragraphs, <br> breaks lines.
    The standard library's parser keeps no tree, so any depth of nesting reads."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.buffer: list[str] = []
        self.hidden = 0

    def flush(self):
        lines = "".join(self.buffer).split("\n")
        self.buffer.clear()
        text = "\n".join(" ".join(line.split()) for line in lines).strip()
        if text:
            self.paragraphs.append(text)

    def handle_starttag(self, tag, attrs):
        if tag in _UNRENDERED:
            self.hidden += 1
        elif tag == "br":
            self.buffer.append("\n")
        elif tag in _BLOCKS:
            self.flush()

    def handle_startendtag(self, tag, attrs):
        if tag == "br":
            self.buffer.append("\n")
        elif tag in _BLOCKS:
            self.flush()

    def handle_endtag(self, tag):
        if tag in _UNRENDERED:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.flush()

    def handle_data(self, data):
        if not self.hidden:
            self.buffer.append(data)


def markup_paragraphs(markup: str) -> list[str]:
    """The paragraphs of text in a piece of HTML, tags and scripts left out."""
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    collector.flush()
    return collector.paragraphs


def fragment_text(markup: str) -> str:
    """Clean plain text of an HTML fragment (a feed's description), paragraphs separated
    by a blank line."""
    if "<" not in markup:
        return clean(html.unescape(markup))
    return clean("\n\n".join(markup_paragraphs(markup)))
