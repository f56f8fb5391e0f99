"""Helpers for the API tests: acting as a persona, reading errors, seeing that nothing changed."""

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode

from rest_framework.test import APIClient

from nghedan.audit.models import AuditEntry
from nghedan.petitions.models import Petition


def act_as(api: APIClient, world, persona: str) -> APIClient:
    """The client, signed in as the persona (or anonymous)."""
    user = None if persona == "anonymous" else getattr(world, persona)
    api.force_authenticate(user=user)
    return api


def error_of(response, status: int) -> dict:
    """The error body of a response, after checking its status and its shape."""
    assert response.status_code == status, (response.status_code, response.content)
    body = response.json()
    assert list(body) == ["error"]
    error = body["error"]
    assert set(error) == {"code", "message", "message_en", "fields", "fields_en"}
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["message_en"], str) and error["message_en"]
    assert isinstance(error["fields"], dict)
    return error


@dataclass(frozen=True)
class State:
    """What a refused write must leave as it was."""

    status: str
    agency_id: int
    events: int
    answers: tuple
    ratings: int
    petitions: int
    audit_entries: int


def state_of(petition: Petition) -> State:
    petition = Petition.objects.get(pk=petition.pk)
    return State(
        status=petition.status,
        agency_id=petition.agency_id,
        events=petition.events.count(),
        answers=tuple(petition.answers.order_by("id").values_list("id", "status")),
        ratings=petition.ratings.count(),
        petitions=Petition.objects.count(),
        audit_entries=AuditEntry.objects.count(),
    )


# No proxy from the environment between the test and the local server.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def http(method: str, url: str, *, form=None, json_body=None, headers=None):
    """(status, decoded JSON body) of one request; error statuses are answers too."""
    headers = dict(headers or {})
    data = None
    if json_body is not None:
        data = json.dumps(json_body).encode()
        headers["Content-Type"] = "application/json"
    elif form is not None:
        data = urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with _opener.open(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read() or b"null")
