"""JSON bodies with a bounded nesting depth.

Python's JSON parser recurses once per level: a body of a hundred thousand "[" made it
raise RecursionError (a 500), and a body nested a few hundred levels deep reaches every
function that walks the data. Bodies nested deeper than JSON_MAX_DEPTH are a 400, in the
error shape of the interface that received them.
"""

from collections.abc import Iterable
from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers

# No request of this API nests more than a few levels; this leaves room to spare.
JSON_MAX_DEPTH = 32


def json_depth_exceeds(value, limit: int = JSON_MAX_DEPTH) -> bool:
    """Whether parsed JSON nests lists and objects more than `limit` levels deep (a bare
    number or string is level 0, `[]` level 1). Walked without recursion."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children: Iterable[Any]
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


class JSONTooDeep(exceptions.ParseError):
    """A 400 that each interface's exception handler writes in its own shape (this module
    is loaded with DRF's settings, before the API's error module can be)."""

    default_code = "json_too_deep"
    default_detail = format_lazy(
        _("Dữ liệu JSON lồng nhau quá sâu: tối đa {depth} cấp."), depth=JSON_MAX_DEPTH
    )


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser (strict: no NaN or Infinity), with the depth bounded."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise JSONTooDeep() from None
        if json_depth_exceeds(data):
            raise JSONTooDeep()
        return data
