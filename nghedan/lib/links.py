"""Links that came from outside (articles, posts, feeds) are only ever http or https.

A `javascript:` or `data:` link imported from a page or a feed would run in the site's
origin when a leader clicks it; anything that is not an absolute http(s) URL is therefore
refused at import and never rendered as a link.
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

MAX_LENGTH = 1000  # the length of the columns that keep such links
_validate = URLValidator(schemes=["http", "https"])


def http_url(value: object) -> str:
    """The value when it is an absolute http(s) URL of at most MAX_LENGTH characters, else
    "" (surrounding spaces are dropped; spaces or control characters inside refuse it)."""
    if not isinstance(value, str):
        return ""
    url = value.strip()
    if not url or len(url) > MAX_LENGTH:
        return ""
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return ""
    try:
        _validate(url)
    except ValidationError:
        return ""
    return url
