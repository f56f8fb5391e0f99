"""The OpenAPI document says what the API does: every rate-limited operation lists its
429 and the Retry-After header, each component name stands for one shape, and the formats
it declares are the ones the API writes."""

import json
import re
from datetime import time, timedelta

import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from jsonschema import Draft202012Validator, FormatChecker

from nghedan.lib import clock
from nghedan.reception.actions.days import reception_day_schedule

# RFC 3339, which JSON Schema's formats follow: a time of day carries its offset.
_RFC3339 = {
    "date": r"\d{4}-\d{2}-\d{2}",
    "time": r"\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})",
    "date-time": r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})",
}


@pytest.fixture
def document(world, api) -> dict:
    return json.loads(api.get("/api/v1/openapi.json").content)


def _operation(document: dict, operation_id: str) -> dict:
    return next(
        operation
        for methods in document["paths"].values()
        for operation in methods.values()
        if operation.get("operationId") == operation_id
    )


@pytest.mark.parametrize(
    "operation_id", ["petitions_create", "auth_token_create", "suggestions_create"]
)
def test_each_rate_limited_operation_documents_its_429_and_when_to_come_back(
    document, operation_id
):
    too_many = _operation(document, operation_id)["responses"]["429"]

    assert too_many["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorOut"
    }
    retry_after = too_many["headers"]["Retry-After"]
    assert retry_after["schema"] == {"type": "integer", "minimum": 1}
    assert retry_after["required"] is True


def test_an_operation_that_is_not_limited_lists_no_429(document):
    assert "429" not in _operation(document, "petitions_list")["responses"]
    assert "429" not in _operation(document, "topics_list")["responses"]


def test_filing_documents_the_refusal_of_a_reused_idempotency_key(document):
    responses = _operation(document, "petitions_create")["responses"]

    assert responses["422"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorOut"
    }
    assert "Idempotency-Key" in responses["422"]["description"]


def test_each_component_name_stands_for_one_shape(world):
    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        SchemaGenerator().get_schema(request=None, public=True)
    collisions = [
        message for message in GENERATOR_STATS._warn_cache if "identical names" in message
    ]
    GENERATOR_STATS.reset()

    assert collisions == []


def _formats_declared(node) -> set[str]:
    found = set()
    if isinstance(node, dict):
        if isinstance(node.get("format"), str):
            found.add(node["format"])
        for value in node.values():
            found |= _formats_declared(value)
    elif isinstance(node, list):
        for value in node:
            found |= _formats_declared(value)
    return found


def test_the_reception_calendar_writes_its_times_as_the_document_declares(world, api, document):
    day = reception_day_schedule(
        acting_user=world.leader_a,
        leader=world.leader_a,
        date=clock.today() + timedelta(days=2),
        starts_at=time(7, 30),
        ends_at=time(11),
        place="Phòng tiếp công dân, UBND phường Ba Đình",
        slot_minutes=30,
    )
    results = api.get("/api/v1/reception/days/").json()["results"]
    checker = FormatChecker()
    for name, pattern in _RFC3339.items():
        checker.checks(name)(
            lambda value, pattern=pattern: re.fullmatch(pattern, value) is not None
        )
    validator = Draft202012Validator(
        {
            "type": "array",
            "items": {"$ref": "#/components/schemas/ReceptionDayOut"},
            "components": document["components"],
        },
        format_checker=checker,
    )

    errors = [error.message for error in validator.iter_errors(results)]

    assert errors == []
    assert [(row["id"], row["starts_at"], row["ends_at"]) for row in results] == [
        (day.pk, "07:30:00", "11:00:00")
    ]
    starts_at = document["components"]["schemas"]["ReceptionDayOut"]["properties"]["starts_at"]
    assert starts_at["type"] == "string" and "Local time" in starts_at["description"]
    # No time of day is declared in RFC 3339's form: the API writes none.
    assert "time" not in _formats_declared(document)
