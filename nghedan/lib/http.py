"""Refusals answered outside the REST framework (middleware, small JSON views), in the
shape each interface's clients read: the REST API's error object, Open311's list (XML or
JSON, as the resource's extension asks), or plain text for pages. Both languages,
Vietnamese first."""

from typing import TYPE_CHECKING
from xml.etree import ElementTree

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import override

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def in_both(message: "StrOrPromise", params: dict | None = None) -> tuple[str, str]:
    """A lazily translated message rendered in Vietnamese and in English (with its
    %-placeholders filled from `params`)."""
    rendered = []
    for language in ("vi", "en"):
        with override(language):
            text = str(message)
        rendered.append(text % params if params else text)
    return rendered[0], rendered[1]


def wants_json(request: HttpRequest) -> bool:
    """The REST API, Open311 and the pages' JSON endpoints answer JSON."""
    path = request.path
    return (
        path.startswith(("/api/", "/open311/"))
        or path.endswith(".json")
        or "application/json" in request.headers.get("Accept", "")
    )


def open311_error(path: str, *, status: int, description: str) -> HttpResponse:
    """An Open311 error list: XML (`<errors><error><code/><description/>`) when the
    resource asked for XML by its extension, else JSON."""
    if path.lower().endswith(".xml"):
        root = ElementTree.Element("errors")
        error = ElementTree.SubElement(root, "error")
        ElementTree.SubElement(error, "code").text = str(status)
        ElementTree.SubElement(error, "description").text = description
        return HttpResponse(
            ElementTree.tostring(root, encoding="UTF-8", xml_declaration=True),
            content_type="text/xml; charset=utf-8",
            status=status,
        )
    return JsonResponse(
        [{"code": status, "description": description}],
        safe=False,
        status=status,
        content_type="application/json; charset=utf-8",
    )


def error_response(
    request: HttpRequest,
    *,
    status: int,
    code: str,
    message: "StrOrPromise",
    params: dict | None = None,
    headers: dict | None = None,
) -> HttpResponse:
    vi, en = in_both(message, params)
    if request.path.startswith("/open311/"):
        response: HttpResponse = open311_error(
            request.path, status=status, description=vi if vi == en else f"{vi} / {en}"
        )
    elif wants_json(request):
        response = JsonResponse(
            {
                "error": {
                    "code": code,
                    "message": vi,
                    "message_en": en,
                    "fields": {},
                    "fields_en": {},
                }
            }
        )
    else:
        response = HttpResponse(f"{vi}\n\n{en}\n", content_type="text/plain; charset=utf-8")
    response.status_code = status
    # Said at once, so that a client whose body is left unread knows the answer is whole.
    response["Content-Length"] = str(len(response.content))
    for name, value in (headers or {}).items():
        response[name] = value
    return response
