"""Open311's two formats, chosen by the resource's extension (`services.xml`,
`requests/{id}.json`): XML, which GeoReport v2 requires, and JSON.

Views answer with the JSON shapes; the XML is the same data written by ElementTree, never
assembled as text, following the specification's mapping (the Spark convention): a list
becomes a wrapping element holding one element per item (`<services><service>…`), `null`
an empty element, booleans `true`/`false`. No XML is read from clients.
"""

import re
from collections.abc import Mapping, Sequence
from typing import Any
from xml.etree import ElementTree

from rest_framework.negotiation import BaseContentNegotiation, DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer, JSONRenderer

# The element each item of a list is written as, by the list's element.
ITEM_ELEMENTS = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}
# Characters XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _fill(element: ElementTree.Element, value: Any) -> None:
    if isinstance(value, Mapping):
        for name, item in value.items():
            _fill(ElementTree.SubElement(element, name), item)
    elif isinstance(value, Sequence) and not isinstance(value, str):
        item_name = ITEM_ELEMENTS.get(element.tag, "item")
        for item in value:
            _fill(ElementTree.SubElement(element, item_name), item)
    elif value is None:
        return
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    else:
        element.text = _NOT_XML.sub("", str(value))


def xml_document(root: str, data: Any) -> bytes:
    """`data` as a UTF-8 XML document whose root element is `root`, with the XML
    declaration the specification asks for."""
    element = ElementTree.Element(root)
    _fill(element, data)
    return ElementTree.tostring(element, encoding="UTF-8", xml_declaration=True)


class Open311XMLRenderer(BaseRenderer):
    """Writes a view's data under its `xml_root` element; an error (status 400 and up)
    under `<errors>`."""

    media_type = "text/xml"
    format = "xml"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        context = renderer_context or {}
        response = context.get("response")
        if response is not None and response.status_code >= 400:
            root = "errors"
        else:
            root = getattr(context.get("view"), "xml_root", "response")
        return xml_document(root, data)


class Open311JSONRenderer(JSONRenderer):
    """JSON, with the charset the specification names in the Content-Type."""

    charset = "utf-8"


class ExtensionNegotiation(BaseContentNegotiation):
    """The format is the resource's extension, whatever the Accept header asks for: the
    specification's way, which clients rely on. JSON where a path has none."""

    def select_parser(self, request, parsers):
        return DefaultContentNegotiation().select_parser(request, parsers)

    def select_renderer(self, request, renderers, format_suffix=None):
        chosen = next((r for r in renderers if r.format == format_suffix), renderers[0])
        return chosen, chosen.media_type


def format_of(path: str) -> str:
    """The format a path asks for by its extension: "xml" or "json"."""
    return "xml" if path.lower().endswith(".xml") else "json"
