"""`{{ value|http_url }}`: the value if it is an http(s) link, else "" (so a link that came
from outside is rendered as a link only when it is safe to follow)."""

from django import template

from nghedan.lib.links import http_url as _http_url

register = template.Library()


@register.filter
def http_url(value) -> str:
    return _http_url(value)
