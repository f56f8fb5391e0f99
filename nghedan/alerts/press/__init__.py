"""Press articles and social posts for the early warning: saved news pages, RSS and Atom
feeds and JSON-lines exports of social posts, read into one plain shape (`ArticleIn`), and
copies of the same story that several sites publish grouped together.

Pure parsing and cleaning: no database, no Django models and no network (files come from
an officer's upload or a harvester that runs elsewhere; nothing here fetches a URL).
Well-kept libraries do the general work: trafilatura finds a page's article, title, site
and address (`pages`), feedparser reads feeds once defusedxml has refused entity
declarations and external references (`feeds`). What is ours is what they do not know:
Vietnamese date text (`dates`), the Vietnamese names of the boxes around an article and
its lead (`pages`), social-post exports (`posts`) and syndicated copies (`syndication`).

Dates without an offset are taken as Vietnam time (Asia/Ho_Chi_Minh). Text is cleaned the
way submitted text is stored (`lib.text.clean`: NFC, one tone-mark convention, whitespace
collapsed, paragraphs kept and separated by a blank line). Authors' and commenters' names
are not kept: a page's byline and comments are dropped, a post's "author" is only checked.
"""

from .common import KINDS, MAX_FILE_BYTES, VIETNAM, ArticleIn, PressError
from .dates import parse_date
from .feeds import parse_feed
from .files import read_file
from .pages import parse_html
from .posts import parse_json_lines
from .syndication import group_syndicated, syndication_key

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
