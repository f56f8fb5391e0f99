"""Refusals answered outside the REST framework (middleware, small JSON views), in the
shape each interface's clients read: the REST API's error object, Open311's list, or
plain text for pages. Both languages, Vietnamese first."""

from typing import TYPE_CHECKING

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
        description = vi if vi == en else f"{vi} / {en}"
        response: HttpResponse = JsonResponse(
            [{"code": status, "description": description}], safe=False
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
