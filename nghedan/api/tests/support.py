"""Helpers for the API tests: acting as a persona, reading errors, seeing that nothing changed."""

from dataclasses import dataclass

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
