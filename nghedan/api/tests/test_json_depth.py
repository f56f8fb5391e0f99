"""JSON bodies nested deeper than the API takes are a 400 in each interface's error shape,
never a RecursionError (a 500), whatever the body."""

import io
import json

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework.exceptions import ParseError

from nghedan.api.parsers import JSON_MAX_DEPTH, JSONParser, json_depth_exceeds
from nghedan.api.tests.support import act_as, error_of
from nghedan.api.tests.test_open311 import _errors
from nghedan.petitions.models import Petition

FUZZ = hypothesis_settings(database=None, deadline=None, derandomize=True, max_examples=300)


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/petitions/",
        "/api/v1/suggestions/",
        "/api/v1/auth/token/",
    ],
)
@pytest.mark.parametrize("body", ["[" * 100_000, _nested(JSON_MAX_DEPTH + 1)])
def test_a_body_nested_too_deep_is_a_400_in_both_languages(world, api, path, body):
    act_as(api, world, "citizen")

    response = api.post(path, body, content_type="application/json")

    error = error_of(response, 400)
    assert error["code"] == "json_too_deep"
    assert error["message"] == f"Dữ liệu JSON lồng nhau quá sâu: tối đa {JSON_MAX_DEPTH} cấp."
    assert (
        error["message_en"]
        == f"The JSON data is nested too deeply: at most {JSON_MAX_DEPTH} levels."
    )
    assert Petition.objects.count() == 0


def test_open311_answers_a_body_nested_too_deep_in_its_own_form(world, api, client_key):
    response = api.post(
        f"/open311/v2/requests.json?api_key={client_key}",
        '{"service_code": ' + "[" * 100_000,
        content_type="application/json",
    )

    [error] = _errors(response, 400)
    assert error["description"] == (
        f"Dữ liệu JSON lồng nhau quá sâu: tối đa {JSON_MAX_DEPTH} cấp. / "
        f"The JSON data is nested too deeply: at most {JSON_MAX_DEPTH} levels."
    )
    assert Petition.objects.count() == 0


def test_a_body_nested_as_deep_as_allowed_is_read_as_usual(world, api):
    # Exactly as deep as allowed: the body, the petitioner object, then lists.
    body = {"title": "x", "petitioner": {"name": _nested_value(JSON_MAX_DEPTH - 2)}}
    assert _depth(body) == JSON_MAX_DEPTH

    response = api.post("/api/v1/petitions/", body, format="json")

    error = error_of(response, 400)
    assert error["code"] == "invalid"
    assert "petitioner.name" in error["fields"]


def _nested_value(depth: int):
    value: list = []
    for _ in range(depth - 1):
        value = [value]
    return value


def _depth(value) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(item) for item in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(item) for item in value), default=0)
    return 0


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=3), children, max_size=3)
    ),
    max_leaves=60,
)


@FUZZ
@given(value=JSON_VALUES, limit=st.integers(min_value=0, max_value=8))
def test_the_depth_check_agrees_with_the_depth_counted_level_by_level(value, limit):
    assert json_depth_exceeds(value, limit) is (_depth(value) > limit)


def _parse(raw: bytes):
    return JSONParser().parse(io.BytesIO(raw), "application/json", {"encoding": "utf-8"})


@FUZZ
@given(value=JSON_VALUES)
def test_any_json_within_the_limit_is_read_back_as_sent(value):
    assert _parse(json.dumps(value).encode()) == value


@FUZZ
@given(
    raw=st.one_of(
        st.binary(max_size=200),
        st.text(alphabet='[]{}",:0123456789.eE+-truefalsn \\', max_size=300).map(str.encode),
        st.integers(min_value=0, max_value=20_000).map(lambda n: ("[" * n).encode()),
        st.integers(min_value=0, max_value=3000).map(lambda n: ('{"a":' * n).encode()),
    )
)
def test_any_body_is_read_or_refused_as_a_parse_error_nothing_else(raw):
    try:
        value = _parse(raw)
    except ParseError:
        return
    assert not json_depth_exceeds(value)
