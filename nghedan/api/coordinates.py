"""Coordinates sent with a petition: a latitude and a longitude, together or not at all,
each a finite number in range (a JSON `true` is not 1.0)."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

_MICRO = Decimal("0.000001")
BOTH_OR_NEITHER = _("Cần gửi cả vĩ độ và kinh độ, hoặc bỏ trống cả hai.")


class CoordinateField(serializers.FloatField):
    """A finite number, as a JSON number or as text; booleans are refused."""

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("invalid")
        return super().to_internal_value(data)


def latitude_field(**kwargs) -> CoordinateField:
    return CoordinateField(
        min_value=-90, max_value=90, required=False, allow_null=True, default=None, **kwargs
    )


def longitude_field(**kwargs) -> CoordinateField:
    return CoordinateField(
        min_value=-180, max_value=180, required=False, allow_null=True, default=None, **kwargs
    )


def coordinates_pair_check(attrs: dict, *, latitude: str, longitude: str) -> dict:
    """Refuse a latitude without its longitude or the other way round, on the field that
    is missing."""
    given = {name: attrs.get(name) is not None for name in (latitude, longitude)}
    if given[latitude] != given[longitude]:
        missing = longitude if given[latitude] else latitude
        raise serializers.ValidationError({missing: [BOTH_OR_NEITHER]})
    return attrs


def coordinate(value: float | None) -> Decimal | None:
    """A checked coordinate as stored: six decimals (about 10 cm)."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(_MICRO, rounding=ROUND_HALF_UP)


class CoordinatesIn(serializers.Serializer):
    """Open311's `lat` and `long`."""

    lat = latitude_field()
    long = longitude_field()

    def validate(self, attrs):
        return coordinates_pair_check(attrs, latitude="lat", longitude="long")
