"""Reading a draft into sections (chương, điều, khoản/điểm): pure functions, no database.

Three sources: Markdown (`#` a chapter, `##` an article, `###` and deeper a headed
paragraph), plain text in the Vietnamese legal layout ("Chương I …", "Điều 1. …",
"1. …" clauses and "a) …" points) and DOCX (Heading styles, then the same text
patterns). Every source gives a list of `SectionIn` in reading order; `parent_index`
points at an earlier item of the same list.
"""

import io
import re
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from nghedan.lib.errors import ActionError
from nghedan.lib.text import clean, interpolate_lazy

CHAPTER, ARTICLE, PARAGRAPH = "chapter", "article", "paragraph"
HEADING_MAX = 500
SECTIONS_MAX = 2000
DRAFT_MAX_BYTES = 5 * 1024 * 1024
EXTENSIONS = (".md", ".markdown", ".txt", ".docx")

_CHAPTER_RE = re.compile(r"^(chương|phần|mục)\s+([IVXLCDM]+|\d+)\b", re.IGNORECASE)
_ARTICLE_RE = re.compile(r"^điều\s+\d+[a-zđ]?\s*[.:]?", re.IGNORECASE)
_CLAUSE_RE = re.compile(r"^\d{1,3}[.)]\s+\S")
_POINT_RE = re.compile(r"^[a-zđ][)]\s+\S")
_MD_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_BULLET_RE = re.compile(r"^\s*[-*+]\s+")
_MD_EMPHASIS_RE = re.compile(r"(\*\*|__)(.+?)\1")


@dataclass(frozen=True)
class SectionIn:
    level: str
    heading: str
    text: str
    parent_index: int | None


class _Builder:
    """Keeps track of the open chapter, article and clause while items are added."""

    def __init__(self) -> None:
        self.items: list[SectionIn] = []
        self.chapter: int | None = None
        self.article: int | None = None
        self.clause: int | None = None

    def _add(self, level: str, heading: str, text: str, parent: int | None) -> int:
        self.items.append(SectionIn(level, heading[:HEADING_MAX].strip(), text.strip(), parent))
        return len(self.items) - 1

    def add_chapter(self, heading: str) -> None:
        self.chapter = self._add(CHAPTER, heading, "", None)
        self.article = self.clause = None

    def add_article(self, heading: str) -> None:
        self.article = self._add(ARTICLE, heading, "", self.chapter)
        self.clause = None

    def add_paragraph(self, text: str, *, heading: str = "") -> None:
        owner = self.article if self.article is not None else self.chapter
        if _POINT_RE.match(text) and self.clause is not None:
            self._add(PARAGRAPH, heading, text, self.clause)
            return
        index = self._add(PARAGRAPH, heading, text, owner)
        self.clause = index if _CLAUSE_RE.match(text) else None

    def append_to_last(self, text: str) -> bool:
        """Join a wrapped line onto the paragraph it continues."""
        if not self.items or self.items[-1].level != PARAGRAPH:
            return False
        last = self.items[-1]
        joined = f"{last.text} {text}" if last.text else text
        self.items[-1] = SectionIn(last.level, last.heading, joined, last.parent_index)
        return True

    def add_line(self, line: str) -> None:
        """A line in the legal layout: a chapter, an article, or a paragraph."""
        if _CHAPTER_RE.match(line):
            self.add_chapter(line)
        elif _ARTICLE_RE.match(line):
            self.add_article(line)
        else:
            self.add_paragraph(line)

    def title_chapter(self, line: str) -> bool:
        """ "Chương I" on its own line is often followed by its title in capitals."""
        if not self.items or self.items[-1].level != CHAPTER:
            return False
        last = self.items[-1]
        if not _CHAPTER_RE.fullmatch(last.heading.rstrip(".:")):
            return False
        if not (line.isupper() and any(char.isalpha() for char in line)):
            return False
        self.items[-1] = SectionIn(CHAPTER, f"{last.heading}. {line}"[:HEADING_MAX], "", None)
        return True


def _starts_unit(line: str) -> bool:
    return bool(
        _CHAPTER_RE.match(line)
        or _ARTICLE_RE.match(line)
        or _CLAUSE_RE.match(line)
        or _POINT_RE.match(line)
    )


def sections_from_text(text: str) -> list[SectionIn]:
    """Plain text: each chapter, article, clause or point starts a section; other lines
    continue the paragraph above them until a blank line."""
    builder = _Builder()
    joinable = False
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = " ".join(raw.split())
        if not line:
            joinable = False
            continue
        if builder.title_chapter(line):
            joinable = False
            continue
        if joinable and not _starts_unit(line) and builder.append_to_last(line):
            continue
        builder.add_line(line)
        joinable = builder.items[-1].level == PARAGRAPH
    return builder.items


def _markdown_inline(text: str) -> str:
    return _MD_EMPHASIS_RE.sub(r"\2", text)


def sections_from_markdown(text: str) -> list[SectionIn]:
    """Markdown: `#` chapters, `##` articles, `###`… headed paragraphs; paragraphs are
    blocks between blank lines, and each list item is a paragraph of its own. Lines that
    follow the legal layout ("Điều 2. …") are read as in plain text."""
    builder = _Builder()
    joinable = False
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = raw.strip()
        if not stripped or stripped in ("---", "***", "___"):
            joinable = False
            continue
        heading = _MD_HEADING_RE.match(stripped)
        if heading:
            depth, title = len(heading.group(1)), _markdown_inline(heading.group(2))
            if depth == 1:
                builder.add_chapter(title)
            elif depth == 2:
                builder.add_article(title)
            else:
                builder.add_paragraph("", heading=title)
            joinable = depth >= 3
            continue
        bullet = _MD_BULLET_RE.match(raw)
        line = _markdown_inline(" ".join(stripped.split()))
        if bullet:
            builder.add_paragraph(_markdown_inline(" ".join(raw[bullet.end() :].split())))
            joinable = True
            continue
        if joinable and not _starts_unit(line) and builder.append_to_last(line):
            continue
        builder.add_line(line)
        joinable = builder.items[-1].level == PARAGRAPH
    # A "###" heading with no text under it stays a paragraph with only its heading.
    return builder.items


def _docx_level(style_name: str) -> int | None:
    name = (style_name or "").lower()
    if name == "title":
        return 1
    match = re.match(r"^(heading|tiêu đề)\s*(\d)$", name)
    return int(match.group(2)) if match else None


def sections_from_docx(content: bytes) -> list[SectionIn]:
    """DOCX: "Heading 1" (or Title) a chapter, "Heading 2" an article, deeper headings a
    headed paragraph; every other paragraph by the legal-layout patterns. Tables,
    headers and footers are not read."""
    import docx

    document = docx.Document(io.BytesIO(content))
    builder = _Builder()
    for paragraph in document.paragraphs:
        line = " ".join(paragraph.text.split())
        if not line:
            continue
        level = _docx_level(paragraph.style.name if paragraph.style is not None else "")
        if level == 1:
            builder.add_chapter(line)
        elif level == 2:
            builder.add_article(line)
        elif level is not None:
            builder.add_paragraph("", heading=line)
        elif not builder.title_chapter(line):
            builder.add_line(line)
    return builder.items


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16"):
        if encoding == "utf-16" and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ActionError(
        "draft_encoding",
        _("Không đọc được tệp dự thảo: tệp văn bản cần được lưu với mã hóa UTF-8."),
        field="file",
    )


def read_draft(*, name: str, content: bytes) -> list[SectionIn]:
    """The sections of a draft file, chosen by its extension (.md, .txt, .docx)."""
    lowered = (name or "").lower()
    extension = next((ext for ext in EXTENSIONS if lowered.endswith(ext)), None)
    if extension is None:
        raise ActionError(
            "draft_type",
            _("Chỉ nhận dự thảo dạng Markdown (.md), văn bản thuần (.txt) hoặc Word (.docx)."),
            field="file",
        )
    if not content:
        raise ActionError("draft_empty", _("Tệp dự thảo rỗng."), field="file")
    if len(content) > DRAFT_MAX_BYTES:
        raise ActionError(
            "draft_too_large",
            interpolate_lazy(
                _("Tệp dự thảo quá lớn: tối đa %(mb)s MB."), {"mb": DRAFT_MAX_BYTES // 2**20}
            ),
            field="file",
        )
    if extension == ".docx":
        from docx.opc.exceptions import PackageNotFoundError

        try:
            sections = sections_from_docx(content)
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
            raise ActionError(
                "draft_unreadable",
                _("Không đọc được tệp Word: tệp bị hỏng hoặc không phải định dạng .docx."),
                field="file",
            ) from exc
    elif extension == ".txt":
        sections = sections_from_text(_decode(content))
    else:
        sections = sections_from_markdown(_decode(content))
    if not sections:
        raise ActionError(
            "draft_empty", _("Tệp dự thảo không có nội dung để lấy ý kiến."), field="file"
        )
    if len(sections) > SECTIONS_MAX:
        raise ActionError(
            "draft_too_long",
            interpolate_lazy(
                _("Dự thảo có quá nhiều mục (tối đa %(max)s)."), {"max": SECTIONS_MAX}
            ),
            field="file",
        )
    # One Unicode form and tone-mark convention, as for every text people submit.
    return [
        SectionIn(item.level, clean(item.heading), clean(item.text), item.parent_index)
        for item in sections
    ]
