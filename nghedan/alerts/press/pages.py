"""Saved news pages: trafilatura finds the article's text and its title, site and address;
what is ours is what it does not know about Vietnamese news sites.

Before trafilatura reads the page, the boxes it would keep are taken out by their
Vietnamese names: class names ("tinlienquan", "cungchuyenmuc", "binhluan", "luotxem"…),
box headings ("Tin liên quan", "Đọc nhiều", "Ý kiến bạn đọc"…), buttons and counters
("Chia sẻ", "1.245 lượt xem"), and the date and byline lines. The lead paragraph (sapo),
which sites print outside the body, is put back in front of it. The date is read here,
with its time of day, from the page's metadata or from the Vietnamese date line next to
the title (trafilatura gives only the day).
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from datetime import datetime
from functools import lru_cache
from itertools import islice
from urllib.parse import urlsplit

import trafilatura
from lxml import etree, html
from lxml.html import HtmlElement
from trafilatura.settings import Document

from nghedan.lib.text import clean, fold

from .common import (
    ArticleIn,
    PressError,
    content_id,
    decode,
    empty_refused,
    markup_paragraphs,
)
from .dates import is_date_line, parse_date, vietnamese_date

# trafilatura warns "discarding data" for every page whose article it cannot find; here
# that is an expected outcome (the page's own text is read instead), not a warning.
logging.getLogger("trafilatura.core").addFilter(
    lambda record: not str(record.msg).startswith("discarding data")
)

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)


def _words(text: str) -> frozenset[str]:
    """The comma-separated entries of a word list."""
    return frozenset(word.strip() for word in text.split(",") if word.strip())


# class/id fragments (folded, separators removed) that mark a box that is not the article.
_BOILERPLATE_CLASSES = _words(
    """
    related, lienquan, cungchuyenmuc, samecategory, samecate, docnhieu, xemnhieu, mostread,
    mostview, popular, trending, breadcrumb, duongdan, cookie, consent, comment, binhluan,
    ykien, share, social, newsletter, advert, quangcao, sponsor, popup, modal, login,
    dangnhap, pagination, keyword, tukhoa, toolbar, rating, reaction, counter, luotxem,
    viewcount, othernews, morenews, tinkhac, latestnews, tinmoi, hotnews, noibat, banner
    """
)
_BOILERPLATE_TOKENS = frozenset({"tag", "tags", "ads", "ad", "adv", "qc", "like", "print"})
# Short elements with these class/id words hold the date, author or source line.
_BYLINE_CLASSES = ("date", "time", "publish", "posted", "ngaydang", "thoigian", "author", "tacgia")
_BYLINE_TOKENS = frozenset({"meta", "info", "byline", "source", "nguon"})
# The lead (sapo) that sites print between the title and the body.
_LEAD_CLASSES = ("sapo", "lead", "description", "summary", "tomtat", "chapeau", "intro")
_ARTICLE_CLASSES = ("article", "content", "detail", "chitiet", "noidung", "baiviet", "post")
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
    chu de lien quan, tieu diem, su kien
    """
)
# Buttons and counters: "1.234 lượt xem", "Thích", "Chia sẻ", "Bình luận (12)".
_COUNTER_LABEL = re.compile(
    r"^(?:\d+(?: \d+)*\s*(?:k|n|tr|nghin|trieu)?\s*)?"
    r"(?:luot xem|luot doc|luot thich|luot chia se|luot binh luan|thich|chia se|binh luan"
    r"|chia se bai viet|xem|like|likes|share|shares|comment|comments|view|views|reactions?)"
    r"(?:\s*\d+(?: \d+)*\s*(?:k|n)?)?$"
)
_BUTTON_LABELS = _words(
    """
    in, in bai, in bai viet, luu, luu bai, luu tin, theo doi, quay lai, ve dau trang,
    len dau trang, trang chu, copy link, sao chep lien ket, sao chep link, facebook, zalo,
    twitter, email, gui email, gop y, bao loi, nghe doc bai, nghe bai viet, dang nhap, dang ky
    """
)
_STRUCTURAL = frozenset({"html", "body", "main", "article"})
_FURNITURE = frozenset({"nav", "aside", "footer"})
_UNRENDERED = frozenset({"script", "style", "noscript", "template", "title", "head"})
# In order of trust: the first that holds a date wins.
_PUBLISHED_META = tuple(
    """
    article:published_time, og:article:published_time, og:published_time, published_time,
    datepublished, pubdate, publishdate, publish-date, publish_date, dc.date.issued,
    dcterms.issued, dc.date, date, parsely-pub-date, sailthru.date
    """.replace(",", " ").split()
)
_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—:»]\s+")


# --- Reading the tree -------------------------------------------------------------------


def _class_says(element: HtmlElement, kind: str) -> bool:
    """Whether the element's class or id marks it as `kind`: "boilerplate", "byline",
    "lead", "article" or "logo"."""
    raw = f"{element.get('class') or ''} {element.get('id') or ''}"
    return raw != " " and kind in _class_kinds(raw)


@lru_cache(maxsize=8192)
def _class_kinds(raw: str) -> frozenset[str]:
    folded = fold(raw)
    squashed, tokens = folded.replace(" ", ""), frozenset(folded.split())
    kinds = set()
    if tokens & _BOILERPLATE_TOKENS or any(word in squashed for word in _BOILERPLATE_CLASSES):
        kinds.add("boilerplate")
    if tokens & _BYLINE_TOKENS or any(word in squashed for word in _BYLINE_CLASSES):
        kinds.add("byline")
    for kind, words in (
        ("lead", _LEAD_CLASSES),
        ("article", _ARTICLE_CLASSES),
        ("logo", ("logo",)),
    ):
        if any(word in squashed for word in words):
            kinds.add(kind)
    return frozenset(kinds)


def _text(element: HtmlElement) -> str:
    return " ".join(element.text_content().split())


def _small(element: HtmlElement, most: int = 8) -> bool:
    """At most `most` elements in all: a label, a button, a counter."""
    return next(islice(element.iter(), most, None), None) is None


def _link_share(element: HtmlElement) -> tuple[int, int]:
    """Length of the element's text, and of the part of it that is links."""
    links = " ".join("".join(element.xpath(".//a//text()")).split())
    return len(_text(element)), len(links)


def _in_furniture(element: HtmlElement) -> bool:
    for node in (element, *element.iterancestors()):
        if node.tag in ("body", "html"):
            return False
        if node.tag in _FURNITURE or _class_says(node, "boilerplate"):
            return True
    return False


def _title_node(root: HtmlElement) -> HtmlElement | None:
    """The article's <h1>: not the logo in the site header, not inside a related box."""
    for node in root.iter("h1"):
        chain = list(node.iterancestors())
        in_article = any(a.tag == "article" for a in chain)
        if not in_article and any(a.tag in ("header", "nav") for a in chain):
            continue
        if _class_says(node, "logo") or _in_furniture(node):
            continue
        if len(_text(node)) >= 8:
            return node
    return None


def _article_container(title: HtmlElement) -> HtmlElement:
    """The element holding the article around its title: the nearest <article> or
    article-classed ancestor within three levels, else the third ancestor."""
    container = title
    for _ in range(3):
        parent = container.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        container = parent
        if container.tag == "article" or _class_says(container, "article"):
            break
    return container


def _text_around(
    root: HtmlElement, mark: HtmlElement, *, before: int, after: int
) -> tuple[str, str]:
    """The rendered text just before the marked element and just after it."""
    chunks: list[str] = []
    start = end = None
    for event, node in etree.iterwalk(root, events=("start", "end")):
        if not isinstance(node.tag, str):
            continue
        if event == "start":
            if node is mark:
                start = len(chunks)
            if node.tag not in _UNRENDERED:
                chunks.append(node.text or "")
            chunks.append(" ")
            continue
        if node is mark:
            end = len(chunks)
        chunks.append(node.tail or "")
        if end is not None and sum(len(c) for c in chunks[end:]) > after:
            break
    head = "".join(chunks[:start])[-before:] if start is not None else ""
    tail = "".join(chunks[end:])[:after] if end is not None else ""
    return " ".join(head.split()), " ".join(tail.split())


# --- The date ---------------------------------------------------------------------------


def _json_ld_date(root: HtmlElement) -> datetime | None:
    for script in root.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        try:
            data = json.loads(script.text or "", strict=False)
        except (ValueError, RecursionError):
            continue
        stack, seen = [data], 0
        while stack and seen < 2000:
            item = stack.pop()
            seen += 1
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                value = item.get("datePublished")
                if isinstance(value, str) and (found := parse_date(text=value)):
                    return found
                stack.extend(v for v in item.values() if isinstance(v, dict | list))
    return None


def _first_time(times: list[HtmlElement]) -> datetime | None:
    return next(filter(None, (parse_date(text=node.get("datetime")) for node in times)), None)


def _byline_date(root: HtmlElement) -> datetime | None:
    """The first date in an element whose class/id says date, time, author or meta."""
    for node in root.iter():
        if isinstance(node.tag, str) and _class_says(node, "byline") and not _in_furniture(node):
            if found := vietnamese_date(_text(node)):
                return found
    return None


def _published(root: HtmlElement, title: HtmlElement | None) -> datetime | None:
    """The publication date: the page's metadata first (meta tags, JSON-LD, itemprop),
    then the date nearest the title: the article's own <time>, the Vietnamese date line
    under the title, a <time> further down, a date-classed line, then above the title."""
    metas: dict[str, str] = {}
    for node in root.iter("meta"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").lower()
        metas.setdefault(key, (node.get("content") or "").strip())
    for key in _PUBLISHED_META:
        if metas.get(key) and (found := parse_date(text=metas[key])):
            return found
    if found := _json_ld_date(root):
        return found
    for node in root.xpath("//*[@itemprop]"):
        if node.get("itemprop").lower() == "datepublished":
            value = node.get("content") or node.get("datetime") or _text(node)
            if found := parse_date(text=value):
                return found
    if title is None:
        times = [t for t in root.iter("time") if t.get("datetime") and not _in_furniture(t)]
        return _first_time(times) or _byline_date(root)
    container = _article_container(title)
    after = [t for t in title.xpath("following::time[@datetime]") if not _in_furniture(t)]
    before = [t for t in title.xpath("preceding::time[@datetime]") if not _in_furniture(t)]
    before.reverse()
    text_before, text_after = _text_around(root, title, before=300, after=600)
    return (
        _first_time([t for t in after if container in t.iterancestors()])
        or vietnamese_date(text_after)
        or _first_time(after)
        or _byline_date(container)
        or _first_time(before)
        or vietnamese_date(text_before)
    )


# --- Taking out what is not the article -------------------------------------------------


_NON_WORD = re.compile(r"[^0-9a-z]+")
_TRAILING_COUNT = re.compile(r"(?:\s*\d+)+$")


def _label_key(text: str) -> str:
    """`lib.text.fold` of a short label without its trailing count ("Bình luận (12)" ->
    "binh luan"), done in C: pages hold thousands of short texts to check."""
    plain = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    folded = _NON_WORD.sub(" ", plain.encode("ascii", "ignore").decode("ascii"))
    return _TRAILING_COUNT.sub("", folded.strip()).strip()


def _is_small_label(key: str) -> bool:
    return key in _BUTTON_LABELS or bool(_COUNTER_LABEL.match(key))


def _text_before(parent: HtmlElement, node: HtmlElement) -> bool:
    if (parent.text or "").strip():
        return True
    for sibling in node.itersiblings(preceding=True):
        if _text(sibling) or (sibling.tail or "").strip():
            return True
    return False


def _drop_box(label: HtmlElement, keep: set) -> None:
    """Drop a "Tin liên quan"-style box: climb from its heading while the rest of the
    container is links, then drop it and the link lists that follow it."""
    node = label
    while (parent := node.getparent()) is not None:
        if parent.tag in _STRUCTURAL or parent in keep or _text_before(parent, node):
            break
        size, links = _link_share(parent)
        own_size, own_links = _link_share(node)
        if size > own_size and (links - own_links) / (size - own_size) < 0.25:
            break
        node = parent
    for sibling in list(node.itersiblings()):
        size, links = _link_share(sibling)
        if sibling in keep or (size and links / size < 0.25):
            break
        sibling.drop_tree()
    node.drop_tree()


def _drop_small(label: HtmlElement, keep: set) -> None:
    """Drop a button or counter and the small toolbar around it."""
    node = label
    while (parent := node.getparent()) is not None and parent not in keep:
        size, own = len(_text(parent)), len(_text(node))
        if parent.tag in _STRUCTURAL or size > 150 or size - own > 80:
            break
        node = parent
    node.drop_tree()


def _lead(title: HtmlElement | None) -> str:
    """The lead (sapo) printed near the title, if the page marks one."""
    if title is None:
        return ""
    for node in _article_container(title).iter():
        if not isinstance(node.tag, str) or node is title:
            continue
        if _class_says(node, "lead") and not _in_furniture(node):
            text = _text(node)
            if len(text) > 40:
                return text
    return ""


def _strip_boilerplate(root: HtmlElement, title: HtmlElement | None) -> None:
    """Remove, in place, what trafilatura cannot tell from the article on Vietnamese
    sites; the title and its ancestors are kept. A removed element's content is not
    visited: a page of thousands of related links reads as fast as the article."""
    keep = {title, *title.iterancestors()} if title is not None else set()
    body = root.find("body")
    if body is None:
        body = root

    def attached(node: HtmlElement) -> bool:
        return any(ancestor is body for ancestor in node.iterancestors())

    stack = list(reversed(body))
    while stack:
        node = stack.pop()
        if not isinstance(node.tag, str):
            continue
        if node not in keep:
            if (
                _class_says(node, "boilerplate")
                or node.get("hidden") is not None
                or (node.get("aria-hidden") or "").lower() == "true"
                or _HIDDEN_STYLE.search(node.get("style") or "")
                or (_class_says(node, "byline") and len(_text(node)) <= 200)
            ):
                node.drop_tree()
                continue
            if _small(node) and len(text := _text(node)) <= 40:
                key = _label_key(text)
                if key in _SECTION_LABELS or _is_small_label(key):
                    (_drop_box if key in _SECTION_LABELS else _drop_small)(node, keep)
                    # The box around the label may hold elements still to visit.
                    stack = [pending for pending in stack if attached(pending)]
                    continue
        stack.extend(reversed(node))
    # Layout tables (cells holding blocks of text) are read as the blocks they hold.
    for table in list(root.iter("table")):
        if table.xpath(".//td//*[self::p or self::div or self::h1 or self::h2 or self::table]"):
            for cell in [table, *table.iter("tbody", "thead", "tfoot", "tr", "td", "th")]:
                cell.tag = "div"


# --- The article ------------------------------------------------------------------------


_PROLOGUE = re.compile(
    r"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!doctype[^>\[]*(?:\[.*?\]\s*)?>)?", re.I | re.S
)


def _load(text: str) -> HtmlElement | None:
    """The page's tree. The XML declaration and the doctype go first: lxml refuses the one
    in a decoded string and misreads the other's internal subset (entities are never
    expanded in HTML; an `&x;` stays as it is)."""
    text = _PROLOGUE.sub("", text, count=1)
    parser = html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)
    try:
        return html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        return None


def _paragraphs(body: etree._Element | None) -> list[str]:
    """Paragraphs of trafilatura's body: list items and table rows one each."""
    if body is None:
        return []

    def text(element: HtmlElement) -> str:
        parts = [element.text or ""]
        for child in element:
            parts.append("\n" if child.tag == "lb" else text(child))
            parts.append(child.tail or "")
        return "".join(parts)

    out: list[str] = []
    for block in body if body.tag == "body" else [body]:
        if block.tag == "list":
            out.extend(text(item) for item in block.iter("item"))
        elif block.tag == "table":
            out.extend(
                " | ".join(" ".join(text(cell).split()) for cell in row.iter("cell"))
                for row in block.iter("row")
            )
        else:
            out.append(text(block))
    return [clean(paragraph) for paragraph in out if paragraph.strip()]


def _title_site(page_title: str, title: str) -> str:
    """The site's name in "<title>{the headline} - {section} - {the site}</title>"."""
    if not title or not page_title.startswith(title):
        return ""
    parts = _TITLE_SEPARATOR.split(" " + page_title[len(title) :].strip())
    return parts[-1].strip() if len(parts) > 1 else ""


def _is_page_furniture(paragraph: str, title_key: str) -> bool:
    """A paragraph left over from the page around the article: the title again, a box
    heading, a button or counter, a date line."""
    if fold(paragraph) == title_key:
        return True
    if len(paragraph) > 80:
        return False
    key = _label_key(paragraph)
    return key in _SECTION_LABELS or _is_small_label(key) or is_date_line(paragraph)


def parse_html(*, content: bytes | str, url: str = "") -> ArticleIn:
    """The article in a saved news page: title, publication date (meta
    article:published_time, JSON-LD datePublished, <time datetime>, or the Vietnamese date
    line near the title) and the body text with menus, share buttons, counters,
    related-news boxes, tags, breadcrumbs, comments and cookie banners removed. A page
    with no recognisable article gives its text. `url` wins over the page's own address
    (og:url, then the canonical link). Raises PressError for empty or binary content or a
    page with no text."""
    text = decode(content, declared=_META_CHARSET)
    if not text.strip():
        raise empty_refused()
    root = _load(text)
    document: Document | None
    document = published = None
    lead = page_title = own_url = ""
    if root is not None:
        # The page's own address first: a syndicated copy's canonical link may name the
        # original on another site, and the copy is found as one by its text.
        own_url = root.xpath("string(//meta[@property='og:url']/@content)").strip()
        title_node = _title_node(root)
        published = _published(root, title_node)
        lead = _lead(title_node)
        page_title = clean(" ".join(root.xpath("string(//title)").split()))
        _strip_boilerplate(root, title_node)
        # A Document: dictionaries only come back with as_dict=True.
        document = trafilatura.bare_extraction(  # type: ignore[assignment]
            root, url=url or None, with_metadata=True, include_comments=False
        )
    title = clean(document.title or "") if document is not None else ""
    paragraphs: list[str] = _paragraphs(document.body) if document is not None else []
    if not paragraphs:
        # No article found (a list of links, markup nested too deep for lxml): the text.
        markup = html.tostring(root, encoding="unicode") if root is not None else ""
        paragraphs = markup_paragraphs(markup) or markup_paragraphs(text)
    if lead and not any(fold(lead) in fold(p) for p in paragraphs[:3]):
        paragraphs.insert(0, lead)
    title_key = fold(title)
    kept = (
        "\n".join(line for line in p.split("\n") if not _is_page_furniture(line, title_key))
        for p in paragraphs
    )
    body_text = clean("\n\n".join(kept))
    if not body_text and not title:
        raise PressError(
            "Trang không có nội dung văn bản nào để đọc", "The page has no text to read"
        )

    page_url = url or own_url or (document is not None and document.url) or ""
    host = (urlsplit(page_url).hostname or "").removeprefix("www.")
    # trafilatura falls back on the host name; the <title>'s last part names the site.
    site = (document is not None and document.sitename) or ""
    if document is not None and site == document.hostname:
        site = ""
    source = clean(site or _title_site(page_title, title) or host)
    return ArticleIn(
        url=page_url,
        source=source,
        title=title,
        text=body_text,
        published=published,
        kind="article",
        external_id=page_url or content_id(title, body_text),
    )
