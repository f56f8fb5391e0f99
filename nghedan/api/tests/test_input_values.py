"""Values the APIs take from anyone: Open311's date filters and the coordinates of a
petition. What the database cannot hold, or what is not a place, is a 400 in the
interface's own error form, never a 500 and never a petition filed with half a place."""

import json
import math
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework import serializers

from nghedan.api.coordinates import CoordinatesIn
from nghedan.api.errors import ApiError
from nghedan.api.open311.views import w3c_datetime
from nghedan.api.tests.support import error_of
from nghedan.api.tests.test_open311 import DESCRIPTION, _errors, _post
from nghedan.api.tests.test_v1_intake import _payload
from nghedan.petitions.models import Petition

FUZZ = hypothesis_settings(database=None, deadline=None, derandomize=True, max_examples=300)
OUT_OF_RANGE = (
    "Ngày giờ nằm ngoài khoảng hệ thống lưu được (năm 1 đến năm 9999). / "
    "The date and time is outside the range the system can store (years 1 to 9999)."
)


# --- Open311 dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("0001-01-01", OUT_OF_RANGE),  # midnight in Việt Nam is still year 0 in UTC
        ("0001-01-01T00:00:00+05:00", OUT_OF_RANGE),
        ("9999-12-31T23:59:59-14:00", OUT_OF_RANGE),
        ("10000-01-01T00:00:00Z", None),
        ("9999-12-31T23:59:59+24:00", None),
    ],
)
@pytest.mark.parametrize("name", ["start_date", "end_date"])
def test_a_date_the_database_cannot_hold_is_a_400_in_open311_form(world, api, value, reason, name):
    response = api.get("/open311/v2/requests.json", {name: value})

    [error] = _errors(response, 400)
    assert error["description"].startswith(f"{name}: ")
    if reason:
        assert error["description"] == f"{name}: {reason.replace(' / ', f' / {name}: ')}"


@pytest.mark.parametrize(
    "value", ["9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00-05:00", "2026-11-24"]
)
def test_a_date_near_the_ends_of_the_calendar_that_the_database_holds_is_taken(world, api, value):
    response = api.get("/open311/v2/requests.json", {"start_date": value})

    assert response.status_code == 200


def _w3c(raw: str) -> datetime:
    return w3c_datetime({"d": raw}, "d")


@FUZZ
@given(raw=st.text(max_size=40))
def test_any_text_is_an_instant_in_utc_or_a_bad_datetime(raw):
    try:
        value = _w3c(raw)
    except ApiError as error:
        assert (error.code, error.status, error.field) == ("bad_datetime", 400, "d")
        return
    assert value.tzinfo is UTC


@FUZZ
@given(
    moment=st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    minutes=st.integers(min_value=-14 * 60, max_value=14 * 60),
)
def test_any_w3c_date_time_with_an_offset_is_read_as_the_same_instant(moment, minutes):
    aware = moment.replace(microsecond=0, tzinfo=timezone(timedelta(minutes=minutes)))

    assert _w3c(aware.isoformat()) == aware
    # An unescaped "+" of the offset arrives as a space in a query string.
    assert _w3c(aware.isoformat().replace("+", " ")) == aware


# --- coordinates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"lat": "21.0357"}, "long: Cần gửi cả vĩ độ và kinh độ, hoặc bỏ trống cả hai."),
        ({"long": "105.8235"}, "lat: Cần gửi cả vĩ độ và kinh độ, hoặc bỏ trống cả hai."),
        ({"lat": "NaN", "long": "105.8235"}, "lat: "),
        ({"lat": "21.0357", "long": "inf"}, "long: "),
        ({"lat": "91", "long": "105.8235"}, "lat: "),
        ({"lat": "21.0357", "long": "-180.5"}, "long: "),
    ],
)
def test_open311_coordinates_come_together_as_numbers_in_range(
    world, api, client_key, fields, message
):
    response = _post(api, client_key, address_id="00004", **fields)

    [error] = _errors(response, 400)
    assert error["description"].startswith(message)
    assert Petition.objects.count() == 0


@pytest.mark.parametrize(
    "coordinates",
    [{"lat": True, "long": 105.8235}, {"lat": 21.0357, "long": False}, {"lat": 21.0357}],
)
def test_open311_json_booleans_or_half_a_place_are_not_coordinates(
    world, api, client_key, coordinates
):
    body = {"service_code": "moi-truong", "description": DESCRIPTION, "address_id": "00004"}

    response = api.post(
        f"/open311/v2/requests.json?api_key={client_key}",
        json.dumps({**body, **coordinates}),
        content_type="application/json",
    )

    _errors(response, 400)
    assert Petition.objects.count() == 0


def test_open311_coordinates_given_together_are_kept(world, api, client_key):
    response = _post(api, client_key, address_id="00004", lat="21.0357", long="105.8235")

    assert response.status_code == 201
    petition = Petition.objects.get()
    assert (str(petition.latitude), str(petition.longitude)) == ("21.035700", "105.823500")


@pytest.mark.parametrize(
    ("coordinates", "field"),
    [
        ({"latitude": 21.0357, "longitude": None}, "longitude"),
        ({"latitude": None, "longitude": 105.8235}, "latitude"),
        ({"latitude": True, "longitude": 105.8235}, "latitude"),
        ({"latitude": 21.0357, "longitude": "1e400"}, "longitude"),
    ],
)
def test_rest_coordinates_follow_the_same_rules(world, api, coordinates, field):
    response = api.post("/api/v1/petitions/", _payload(**coordinates), format="json")

    error = error_of(response, 400)
    assert list(error["fields"]) == [field]
    assert Petition.objects.count() == 0


ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(["21.0357", "-90", "180", "nan", "Infinity", "1e309", " 21 ", ""]),
    st.lists(st.integers(), max_size=2),
)


@FUZZ
@given(data=st.fixed_dictionaries({}, optional={"lat": ANY_VALUE, "long": ANY_VALUE}))
def test_any_coordinates_are_a_place_nothing_or_a_validation_error(data):
    serializer = CoordinatesIn(data=data)
    try:
        valid = serializer.is_valid(raise_exception=True)
    except serializers.ValidationError:
        return
    assert valid
    lat, long = serializer.validated_data["lat"], serializer.validated_data["long"]
    assert (lat is None) == (long is None)
    if lat is not None:
        assert isinstance(lat, float) and isinstance(long, float)
        assert math.isfinite(lat) and math.isfinite(long)
        assert -90 <= lat <= 90 and -180 <= long <= 180
        assert not isinstance(data["lat"], bool) and not isinstance(data["long"], bool)
