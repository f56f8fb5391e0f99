"""RSS (2.0, 1.0) and Atom feeds, read by feedparser after defusedxml has checked the
XML: a feed must be well-formed and declare no entities, so entity-expansion bombs
("billion laughs") and external entities (XXE: `<!ENTITY x SYSTEM "file:///…">`) are
refused before anything expands or opens them."""

from __future__ import annotations

import codecs
import io
import re
from xml.etree.ElementTree import ParseError

import feedparser
from defusedxml import DefusedXmlException, EntitiesForbidden
from defusedxml.ElementTree import fromstring as defused_fromstring

from nghedan.lib.text import clean

from .common import ArticleIn, PressError, content_id, empty_refused, fragment_text, refuse_binary
from .dates import parse_date

_FEED_ROOTS = frozenset(
    {
        "rss",
        "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF",
        "{http://www.w3.org/2005/Atom}feed",
    }
)


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
    refuse_binary(data)
    return data


def _checked_root_tag(data: bytes) -> str:
    """The root element's tag of well-formed XML that declares no entities; PressError
    otherwise. defusedxml refuses entity declarations and external references."""
    try:
        root = defused_fromstring(data, forbid_dtd=False, forbid_entities=True)
    except EntitiesForbidden as error:
        raise PressError(
            "Nguồn tin có khai báo thực thể XML (<!ENTITY>), không được nhận",
            "The feed declares XML entities (<!ENTITY>), which are not accepted",
        ) from error
    except DefusedXmlException as error:
        raise PressError(
            "Nguồn tin tham chiếu tài nguyên bên ngoài, không được nhận",
            "The feed refers to external resources, which is not accepted",
        ) from error
    except ParseError as error:
        raise PressError(
            f"Nguồn tin không phải XML hợp lệ ({error})",
            f"The feed is not valid XML ({error})",
        ) from error
    return root.tag


def _text(detail: dict | None) -> str:
    """Plain text of a feedparser text construct: HTML ones lose their tags."""
    if not detail:
        return ""
    value = detail.get("value") or ""
    if "html" in (detail.get("type") or ""):
        return fragment_text(value)
    return clean(value)


def parse_feed(*, content: bytes | str, source: str = "") -> list[ArticleIn]:
    """Items of an RSS 2.0 (or RSS 1.0) or Atom feed, in feed order. Descriptions and
    content may be HTML (escaped or CDATA): the tags are stripped, and the longest of the
    item's content and description is its text. `source` names the feed's site; without
    it the feed's own title is used. Raises PressError for content that is not a feed,
    and refuses XML with entity declarations."""
    data = _feed_bytes(content)
    if not data.strip():
        raise empty_refused()
    tag = _checked_root_tag(data)
    if tag not in _FEED_ROOTS:
        name = tag.rpartition("}")[2]
        raise PressError(
            f"Tệp XML không phải nguồn tin RSS hoặc Atom (phần tử gốc <{name}>)",
            f"The XML file is not an RSS or Atom feed (root element <{name}>)",
        )
    # A stream, never a string: feedparser reads a string as a URL or a file name.
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=False)
    name = clean(source) or _text(parsed.feed.get("title_detail"))
    items = []
    for entry in parsed.entries:
        title = _text(entry.get("title_detail"))
        bodies = [part for part in entry.get("content", []) if part.get("value")]
        if entry.get("summary_detail"):
            bodies.append(entry["summary_detail"])
        body = max(bodies, key=lambda part: len(part.get("value") or ""), default=None)
        text = _text(body)
        link = (entry.get("link") or "").strip()
        if not (title or text or link):
            continue
        date = entry.get("published") or entry.get("updated") or ""
        items.append(
            ArticleIn(
                url=link,
                source=name,
                title=title,
                text=text,
                published=parse_date(text=date) if date else None,
                kind="article",
                external_id=(entry.get("id") or "").strip() or link or content_id(title, text),
            )
        )
    return items
